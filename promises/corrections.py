"""Corrections of a published charter (Ändringar sedan undertecknandet).

Once a charter is published, residents have read it: every change to what they can read is a
correction, with a short reason the editor gives and the party that made it, listed on the
charter's public change log, in the Atom feed and in the open data.

recording() wraps a save of a published charter's page: it reads the public fields of the
charter and its parts before and after, and keeps what changed as a CharterCorrection. Only
public fields are read (PUBLIC_FIELDS; public activities only), so an internal text (a review
comment, a non-public activity, a follow-up) can never reach the change log, and neither can
who made the change: the history keeps that for the workspace. A save that changes a public
field without a reason is refused with CorrectionError and rolls back with the block.
"""

from __future__ import annotations

import datetime
import decimal
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from promises.models import (
    Activity,
    Charter,
    CharterCorrection,
    Contact,
    Indicator,
    Party,
    Promise,
    Signatory,
)
from promises.permissions import COORDINATOR

# The fields residents read, per part of a charter, in the order the change log lists them.
# Foreign keys and many-to-many fields are read as names.
PUBLIC_FIELDS: dict[str, tuple[type[models.Model], tuple[str, ...]]] = {
    "charter": (
        Charter,
        (
            "title",
            "period_start",
            "period_end",
            "police_area",
            "signed_on",
            "summary",
            "background",
            "followup_method",
            "reporting_channels",
            "participation",
        ),
    ),
    "signatory": (Signatory, ("name", "title", "party", "organisation", "signed_on")),
    "contact": (Contact, ("name", "role", "party", "email", "phone")),
    "promise": (Promise, ("owner", "title", "text", "focus_areas")),
    "indicator": (
        Indicator,
        (
            "name",
            "unit",
            "direction",
            "baseline",
            "baseline_date",
            "target",
            "source",
            "description",
        ),
    ),
    "activity": (
        Activity,
        (
            "title",
            "description",
            "kind",
            "responsible_party",
            "responsible_function",
            "places",
            "start_date",
            "end_date",
            "recurrence",
            "repeats",
            "dates",
            "expected_effect",
        ),
    ),
}
PARTS = tuple(PUBLIC_FIELDS)

# What a reason may hold: as the form allows.
REASON_LENGTH = 500


class CorrectionError(ValidationError):
    """A published charter's public fields changed without a reason."""


@dataclass(frozen=True)
class Change:
    """One public field of one part of a charter, before and after ("" where it had none:
    the part was added, or removed)."""

    part: str  # a key of PUBLIC_FIELDS
    item: str  # which one: a promise's title, an activity's title, a contact's name
    action: str  # "added", "removed" or "changed": the part, as residents read it
    field: str
    before: str
    after: str

    def as_dict(self) -> dict[str, str]:
        return {
            "part": self.part,
            "item": self.item,
            "action": self.action,
            "field": self.field,
            "before": self.before,
            "after": self.after,
        }


def _text(value: Any) -> str:
    """A stored value as the change log keeps it: dates as 2026-03-15, codes as codes."""
    if value is None:
        return ""
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, decimal.Decimal):  # 60, 12.5: as typed, not as stored (60.00)
        return format(value.normalize(), "f")
    if isinstance(value, list):
        return ", ".join(str(item) for item in value)
    return str(value)


Snapshot = dict[tuple[str, int], tuple[str, dict[str, str]]]


def snapshot(charter_pk: int) -> Snapshot:
    """The public fields of the charter CHARTER_PK and its parts as saved now, by (part, id),
    each with its label: eight queries whatever the charter's size."""
    found: Snapshot = {}
    charter = Charter.objects.select_related("police_area").get(pk=charter_pk)
    found[("charter", charter.pk)] = ("", _values(charter, "charter"))
    for signatory in Signatory.objects.filter(charter_id=charter_pk).order_by("order", "id"):
        found[("signatory", signatory.pk)] = (signatory.name, _values(signatory, "signatory"))
    for contact in Contact.objects.filter(charter_id=charter_pk).order_by("order", "id"):
        found[("contact", contact.pk)] = (contact.name, _values(contact, "contact"))
    promises = Promise.objects.filter(charter_id=charter_pk).prefetch_related("focus_areas")
    for promise in promises.order_by("order", "id"):
        found[("promise", promise.pk)] = (str(promise)[:200], _values(promise, "promise"))
    indicators = Indicator.objects.filter(promise__charter_id=charter_pk)
    for indicator in indicators.order_by("promise__order", "name", "id"):
        found[("indicator", indicator.pk)] = (indicator.name, _values(indicator, "indicator"))
    # Only what residents read: a non-public activity is never in the change log.
    activities = Activity.objects.filter(promise__charter_id=charter_pk, is_public=True)
    for activity in activities.prefetch_related("places").order_by("promise__order", "order"):
        found[("activity", activity.pk)] = (activity.title, _values(activity, "activity"))
    return found


def _values(obj: models.Model, part: str) -> dict[str, str]:
    _model, names = PUBLIC_FIELDS[part]
    values = {}
    for name in names:
        field = obj._meta.get_field(name)
        if field.many_to_many:  # prefetched with the rows: names, in order
            values[name] = ", ".join(sorted(str(item) for item in getattr(obj, name).all()))
        else:  # a foreign key by its name (the LPO), a value as text
            values[name] = _text(getattr(obj, name))
    return values


def changes_between(before: Snapshot, after: Snapshot) -> list[Change]:
    """Each public field that differs between BEFORE and AFTER, part by part in the order of
    PUBLIC_FIELDS, then as the parts were read."""
    changes = []
    keys = list(after) + [key for key in before if key not in after]
    for part in PARTS:
        for key in keys:
            if key[0] != part:
                continue
            old_label, old = before.get(key, ("", {}))
            new_label, new = after.get(key, ("", {}))
            action = "added" if key not in before else "removed" if key not in after else "changed"
            for name in PUBLIC_FIELDS[part][1]:
                if old.get(name, "") != new.get(name, ""):
                    changes.append(
                        Change(
                            part,
                            new_label or old_label,
                            action,
                            name,
                            old.get(name, ""),
                            new.get(name, ""),
                        )
                    )
    return changes


def party_of(roles: frozenset[str]) -> str:
    """The party a person with ROLES corrects for: the coordinator the kommun, else the police."""
    return Party.MUNICIPALITY.value if COORDINATOR in roles else Party.POLICE.value


def is_published(charter: Charter) -> bool:
    """Whether a change to CHARTER is a correction: residents have read it."""
    return charter.status in Charter.Status.public_values()


@contextmanager
def recording(*, charter: Charter, party: str, reason: str) -> Iterator[None]:
    """Record what the block changes of a published CHARTER's public fields as a correction
    with REASON by PARTY; a change without a reason raises CorrectionError after the block
    and rolls it back. Nothing is read for a charter not published (a draft changes freely).
    """
    if not is_published(charter):
        yield
        return
    reason = reason.strip()
    with transaction.atomic():
        before = snapshot(charter.pk)
        yield
        changes = changes_between(before, snapshot(charter.pk))
        if not changes:
            return
        if not reason:
            raise CorrectionError(
                _(
                    "The citizen promise is published: write briefly why it is corrected. "
                    "Residents read the reason with the change. Nothing is saved yet."
                ),
                code="no_reason",
            )
        CharterCorrection.objects.create(
            charter=charter,
            made_at=timezone.now(),
            reason=reason[:REASON_LENGTH],
            party=party,
            changes=[change.as_dict() for change in changes],
        )


def forget_new(instances: list[models.Model]) -> None:
    """Make INSTANCES new again after a save that was rolled back: the page shows them as
    typed, and the next save inserts them."""
    for instance in instances:
        instance.pk = None
        instance._state.adding = True
