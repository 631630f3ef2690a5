"""The history of domain objects as people read it, and restoring an earlier version.

django-simple-history stores a row per save and delete. Here those rows become entries:
who, when, what happened, and for each changed field its label with the old and the new value
as a person reads them (choices by their label, related objects by name, Ja/Nej, dates).
Every app's history page and the conflict panel of the edit pages build on this.
"""

from __future__ import annotations

import datetime
import decimal
import functools
import re
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Protocol

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import Max, QuerySet
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, gettext_noop
from simple_history.utils import get_m2m_reverse_field_name

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractBaseUser, AnonymousUser

# Bookkeeping fields never shown in a diff nor restored.
SKIPPED_FIELDS = frozenset({"id", "created_at", "updated_at"})

KIND_LABELS = {
    "+": gettext_lazy("created"),
    "~": gettext_lazy("changed"),
    "-": gettext_lazy("deleted"),
}


# The reasons a change is recorded with, as English message ids. A reason is stored in the
# language of whoever acted, so the history shows a known one in the reader's language.
RESTORED = gettext_noop("Restored the version of %(when)s")
_REASONS: list[str] = [RESTORED]


def change_reasons(*messages: str) -> None:
    """Declare MESSAGES (message ids, gettext_noop) as reasons an app records changes with."""
    _REASONS.extend(message for message in messages if message not in _REASONS)
    _reason_patterns.cache_clear()


@functools.cache
def _reason_patterns() -> list[tuple[str, re.Pattern]]:
    """Each known reason with a pattern of it in every language of the site, its
    placeholders (%(when)s) matching any text, longest reasons first."""
    patterns = []
    for message in sorted(_REASONS, key=len, reverse=True):
        for language, _name in settings.LANGUAGES:
            with translation.override(language):
                text = re.escape(_(message))
            text = re.sub(r"%\\\(([a-z_]+)\\\)s", r"(?P<\1>.+)", text)
            patterns.append((message, re.compile(text)))
    return patterns


def _known_reason(stored: str) -> str | None:
    for message, pattern in _reason_patterns():
        match = pattern.fullmatch(stored)
        if match:
            return _(message) % match.groupdict()
    return None


def reason_text(stored: str) -> str:
    """The recorded reason STORED in the reader's language where it is a known one, each of
    several joined with ". " (a restore that reset a review); other text as it is."""
    return ". ".join(_known_reason(part) or part for part in stored.split(". "))


class Record(Protocol):
    """A historical record: one row of the history model simple-history makes per model."""

    id: Any
    history_id: int
    history_type: str  # "+" created, "~" changed, "-" deleted
    history_date: datetime.datetime
    history_user: Any
    history_change_reason: str | None
    instance_type: type[models.Model]
    _meta: Any

    @property
    def instance(self) -> Any: ...


@dataclass
class FieldChange:
    label: str
    old: str
    new: str


@dataclass
class Entry:
    """One save or delete of one object."""

    record: Record
    kind: str
    when: datetime.datetime
    who: str
    model_label: str
    object_label: str
    reason: str
    changes: list[FieldChange] = field(default_factory=list)
    restorable: bool = False
    restore_url: str = ""  # set by the history page where the user may restore

    @property
    def kind_label(self) -> str:
        return str(KIND_LABELS[self.kind])

    @property
    def history_id(self) -> int:
        return self.record.history_id

    @property
    def model_name(self) -> str:
        return str(self.record.instance_type._meta.model_name)


def tracked_fields(model: type[models.Model]) -> list[models.Field]:
    """The concrete fields of MODEL that a diff shows and a restore puts back."""
    return [
        f
        for f in model._meta.concrete_fields
        if f.name not in SKIPPED_FIELDS and f.editable and not f.primary_key
    ]


def m2m_fields(history_model: type[models.Model]) -> list[models.ManyToManyField]:
    return list(getattr(history_model, "_history_m2m_fields", []))


def m2m_accessor(history_model: type[models.Model], m2m: models.ManyToManyField) -> str:
    """The reverse accessor from a historical record to its rows of M2M, for prefetching.

    simple-history's own attribute of the field's name cannot be prefetched.
    """
    for relation in history_model._meta.related_objects:
        # simple-history names the model of the rows "<historical model>_<field>".
        if relation.related_model.__name__ == f"{history_model.__name__}_{m2m.name}":
            return str(relation.get_accessor_name())
    raise LookupError(m2m.name)


class ValueFormatter:
    """Turns stored values into text: related objects are looked up in bulk, once."""

    def __init__(self, records: Sequence[Record]) -> None:
        self._names: dict[type[models.Model], dict[int, str]] = {}
        wanted: dict[type[models.Model], set] = defaultdict(set)
        for record in records:
            model = record.instance_type
            for f in tracked_fields(model):
                if f.is_relation and f.many_to_one and f.related_model is not None:
                    value = getattr(record, f.attname)
                    if value is not None:
                        wanted[f.related_model].add(value)
            for m2m in m2m_fields(record._meta.model):
                wanted[m2m.related_model].update(self._m2m_ids(record, m2m))
        for related_model, ids in wanted.items():
            objects = related_model._base_manager.in_bulk(ids)
            self._names[related_model] = {pk: str(obj) for pk, obj in objects.items()}

    @staticmethod
    def _m2m_ids(record: Record, m2m: models.ManyToManyField) -> list:
        reverse_name = get_m2m_reverse_field_name(m2m)
        return sorted(
            getattr(row, f"{reverse_name}_id") for row in getattr(record, m2m.name).all()
        )

    def related(self, model: type[models.Model], pk) -> str:
        name = self._names.get(model, {}).get(pk)
        return name if name is not None else _("#%(id)s (deleted)") % {"id": pk}

    def value(self, f: models.Field, value) -> str:
        if value is None or value == "":
            return _("(empty)")
        if f.choices:
            return str(dict(f.flatchoices).get(value, value))
        if f.is_relation and f.related_model is not None:
            return self.related(f.related_model, value)
        if isinstance(value, bool):
            return _("Yes") if value else _("No")
        if isinstance(value, datetime.datetime) and timezone.is_aware(value):
            value = timezone.localtime(value)  # as the page's own times are shown
        if isinstance(value, datetime.datetime | datetime.date | decimal.Decimal | float):
            return formats.localize(value)
        return str(value)

    def m2m_value(self, record: Record, m2m: models.ManyToManyField) -> str:
        names = sorted(self.related(m2m.related_model, pk) for pk in self._m2m_ids(record, m2m))
        return ", ".join(names) if names else _("(empty)")


def _changes(
    formatter: ValueFormatter, record: Record, previous: Record | None
) -> list[FieldChange]:
    model = record.instance_type
    changes = []
    for f in tracked_fields(model):
        new = getattr(record, f.attname)
        if previous is None:
            if new in (None, "") or (record.history_type == "-"):
                continue
            changes.append(
                FieldChange(str(f.verbose_name).capitalize(), "", formatter.value(f, new))
            )
            continue
        old = getattr(previous, f.attname)
        if old != new:
            changes.append(
                FieldChange(
                    str(f.verbose_name).capitalize(),
                    formatter.value(f, old),
                    formatter.value(f, new),
                )
            )
    if record.history_type != "-":
        for m2m in m2m_fields(record._meta.model):
            new_text = formatter.m2m_value(record, m2m)
            old_text = formatter.m2m_value(previous, m2m) if previous is not None else _("(empty)")
            if new_text != old_text:
                changes.append(
                    FieldChange(
                        str(m2m.verbose_name).capitalize(),
                        old_text if previous is not None else "",
                        new_text,
                    )
                )
    return changes


def entries(
    histories: Iterable[QuerySet],
    *,
    since: datetime.datetime | None = None,
    restorable: Iterable[type[models.Model]] = (),
) -> list[Entry]:
    """The entries of the given historical querysets, newest first.

    Each queryset is read once, with its users and m2m rows; its records are paired with the
    record before them of the same object, so a diff costs no query. With SINCE, only the
    entries after that moment (the previous record is still read, to diff against).
    Saves that changed nothing a person can see (a timestamp only) are left out.
    """
    restorable = set(restorable)
    result: list[Entry] = []
    for queryset in histories:
        history_model = queryset.model
        records = list(
            queryset.select_related("history_user")
            .prefetch_related(*[m2m_accessor(history_model, f) for f in m2m_fields(history_model)])
            .order_by("id", "history_date", "history_id")
        )
        if not records:
            continue
        formatter = ValueFormatter(records)
        model = records[0].instance_type
        previous_of_object: Record | None = None
        for record in records:
            previous = (
                previous_of_object
                if previous_of_object is not None and (previous_of_object.id == record.id)
                else None
            )
            previous_of_object = record
            if since is not None and record.history_date <= since:
                continue
            changes = _changes(formatter, record, previous)
            if record.history_type == "~" and not changes:
                continue
            user = record.history_user
            result.append(
                Entry(
                    record=record,
                    kind=record.history_type,
                    when=record.history_date,
                    who=(user.get_full_name() or user.get_username()) if user else _("the system"),
                    model_label=str(model._meta.verbose_name).capitalize(),
                    object_label=str(record.instance),
                    reason=reason_text(record.history_change_reason or ""),
                    changes=changes,
                    restorable=model in restorable,
                )
            )
    result.sort(key=lambda entry: (entry.when, entry.history_id), reverse=True)
    return result


def _free_order(instance: Any) -> None:
    """Move a re-created row to the end if its old place in an order is taken meanwhile."""
    for constraint in instance._meta.constraints:
        fields = getattr(constraint, "fields", ())
        if "order" not in fields:
            continue
        siblings = instance._meta.model._base_manager.filter(
            **{name: getattr(instance, name) for name in fields if name != "order"}
        ).exclude(pk=instance.pk)
        if siblings.filter(order=instance.order).exists():
            highest = siblings.aggregate(highest=Max("order"))["highest"] or 0
            instance.order = highest + 1


@transaction.atomic
def restore(
    record: Record,
    *,
    keep: Iterable[str] = (),
    save: Callable[[models.Model], object] | None = None,
) -> models.Model:
    """Put the version in RECORD back: the object's fields and m2m, re-created if deleted.

    Fields named in KEEP stay as they are now (a charter's workflow state, for one: restoring
    an older text must not un-publish it). SAVE, when given, saves the object instead of its
    save(): the entity's one write path, so that a restored version has the effects an edit
    has. Raises ValidationError when the old version no longer fits (a name now taken by
    another row, say); nothing is changed then.
    """
    model = record.instance_type
    current = model._base_manager.filter(pk=record.id).first()
    old = record.instance
    if current is None:
        instance = old
        instance._state.adding = True
        _free_order(instance)
    else:
        instance = current
        for f in tracked_fields(model):
            if f.name not in keep:
                setattr(instance, f.attname, getattr(old, f.attname))
    instance.full_clean()
    # The moment in figures, which read the same in every language the reason is shown in.
    when = timezone.localtime(record.history_date).strftime("%Y-%m-%d %H:%M")
    instance._change_reason = _(RESTORED) % {"when": when}
    if save is None:
        instance.save()
    else:
        save(instance)
    for m2m in m2m_fields(record._meta.model):
        reverse_name = get_m2m_reverse_field_name(m2m)
        rows = getattr(record, m2m_accessor(record._meta.model, m2m)).all()
        ids = [getattr(row, f"{reverse_name}_id") for row in rows]
        getattr(instance, m2m.name).set(ids)
    return instance


def record_as(
    obj: models.Model, user: AbstractBaseUser | AnonymousUser | None, reason: str = ""
) -> None:
    """Have the history record OBJ's next save or delete as USER's change, named REASON.

    USER is who acted (None for the system: a command, a migration). simple-history reads these
    two attributes off the object when it writes the historical row.
    """
    obj._history_user = user  # type: ignore[attr-defined]
    if reason:
        obj._change_reason = reason  # type: ignore[attr-defined]


__all__ = [
    "Entry",
    "FieldChange",
    "Record",
    "ValidationError",
    "change_reasons",
    "entries",
    "reason_text",
    "record_as",
    "restore",
]
