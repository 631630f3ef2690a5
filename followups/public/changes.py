"""A published charter's change log as residents read it (Ändringar sedan undertecknandet).

Each correction (promises.models.CharterCorrection) keeps its public fields before and after
as stored values; here they become labels and values in the reader's language: a field by its
name, a code by its label, a date as "14 april 2026". Nothing is read from the database.
"""

from __future__ import annotations

import datetime
import decimal
from dataclasses import dataclass, field

from django.core.exceptions import FieldDoesNotExist
from django.db.models import Field
from django.utils import formats
from django.utils.text import capfirst
from django.utils.translation import pgettext

from followups.public.display import choice_label, date_label
from promises.corrections import PUBLIC_FIELDS
from promises.models import CharterCorrection, Party


@dataclass
class ChangeRow:
    label: str  # the field, as a form names it
    before: str
    after: str


@dataclass
class ChangedPart:
    """One part of the charter a correction changed: the charter's own texts, a promise…"""

    kind: str  # "Löfte"
    item: str  # its title, or "" for the charter itself
    action: str  # "added", "removed" or "changed"
    rows: list[ChangeRow] = field(default_factory=list)

    @property
    def action_label(self) -> str:
        return {
            "added": pgettext("a part of a charter in its change log", "added"),
            "removed": pgettext("a part of a charter in its change log", "removed"),
            "changed": pgettext("a part of a charter in its change log", "changed"),
        }[self.action]


@dataclass
class CorrectionView:
    correction: CharterCorrection
    parts: list[ChangedPart]

    @property
    def anchor(self) -> str:
        return f"andring-{self.correction.pk}"

    @property
    def party_label(self) -> str:
        return capfirst(choice_label(Party, self.correction.party))


def _model_field(part: str, name: str) -> Field | None:
    """The field NAME of PART's model; None for a field the model no longer has (a correction
    is kept for good, the models change)."""
    try:
        return PUBLIC_FIELDS[part][0]._meta.get_field(name)
    except FieldDoesNotExist:
        return None


def _value(part: str, name: str, stored: str) -> str:
    if not stored:
        return ""
    model_field = _model_field(part, name)
    if model_field is None:
        return stored
    if model_field.choices:
        return str(dict(model_field.flatchoices).get(stored, stored))
    if name == "dates":
        return ", ".join(_day(day) for day in stored.split(", "))
    if model_field.get_internal_type() == "DateField":
        return _day(stored)
    if model_field.get_internal_type() == "DecimalField":
        try:
            return formats.localize(decimal.Decimal(stored))
        except decimal.InvalidOperation:
            return stored
    return stored


def _day(stored: str) -> str:
    try:
        return date_label(datetime.date.fromisoformat(stored))
    except ValueError:
        return stored


def _label(part: str, name: str) -> str:
    model_field = _model_field(part, name)
    return capfirst(str(model_field.verbose_name if model_field is not None else name))


def correction_view(correction: CharterCorrection) -> CorrectionView:
    """CORRECTION's changes grouped by the part they changed, in the order they were kept."""
    parts: list[ChangedPart] = []
    for change in correction.changes:
        part, item = change.get("part", ""), change.get("item", "")
        if part not in PUBLIC_FIELDS:
            continue
        action = change.get("action", "changed")
        if action not in ("added", "removed"):
            action = "changed"
        if not parts or (parts[-1].kind, parts[-1].item) != (_kind(part), item):
            parts.append(ChangedPart(_kind(part), item, action))
        parts[-1].rows.append(
            ChangeRow(
                _label(part, change["field"]),
                _value(part, change["field"], change.get("before", "")),
                _value(part, change["field"], change.get("after", "")),
            )
        )
    return CorrectionView(correction, parts)


def _kind(part: str) -> str:
    return capfirst(str(PUBLIC_FIELDS[part][0]._meta.verbose_name))
