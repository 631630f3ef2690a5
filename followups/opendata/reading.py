"""Reading an import file: its strict check against the format, typed reads that name the JSON
path of each value, saving with errors placed on their path, and what an import did."""

from __future__ import annotations

import datetime
import difflib
import hashlib
import json
import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import TYPE_CHECKING, Any

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import models
from django.db.models import CheckConstraint, UniqueConstraint
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from followups.models import FollowUpRound
from followups.opendata.import_format import IDS, IMPORT_KEYS, NAMES, Key
from followups.opendata.schema import (
    CODE,
    DATE,
    DATES,
    DATETIME,
    INTEGER,
    LIST,
    NUMBER,
    OBJECT,
    TEXT,
    URL,
)
from promises.models import (
    Activity,
    Charter,
    Indicator,
)

if TYPE_CHECKING:
    pass


class CharterImportError(ValidationError):
    """A refused import file; each message starts with the field path, e.g. promises[2].text."""

    def __init__(self, errors: list[tuple[str, str]]) -> None:
        self.errors_by_path = [(path, str(message)) for path, message in errors]
        super().__init__(
            [f"{path}: {message}" if path else message for path, message in self.errors_by_path]
        )

    def __str__(self) -> str:
        return "\n".join(self.messages)


def _join(path: str, key: str) -> str:
    if not key:
        return path
    return f"{path}.{key}" if path else key


def _error(path: str, message: str) -> CharterImportError:
    return CharterImportError([(path, message)])


def _parsed_date(value: Any) -> datetime.date | None:
    """VALUE as a date if it is one written as 2021-01-31, else None."""
    try:
        return parse_date(value) if isinstance(value, str) else None
    except ValueError:
        return None


class _Node:
    """One JSON object of an import file at PATH, with typed reads that name the path."""

    def __init__(self, data: Any, path: str) -> None:
        if not isinstance(data, dict):
            raise _error(path, _("Expected an object with named fields."))
        self.data = data
        self.path = path

    def at(self, key: str) -> str:
        return _join(self.path, key)

    def _value(self, key: str, required: bool) -> Any:
        value = self.data.get(key)
        if value is None and required:
            raise _error(self.at(key), _("This field is required."))
        return value

    def text(self, key: str, *, required: bool = False, default: str = "") -> str:
        value = self._value(key, required)
        if value is None:
            return default
        if not isinstance(value, str):
            raise _error(self.at(key), _("Expected text."))
        return value

    def date(self, key: str, *, required: bool = False) -> datetime.date | None:
        value = self._value(key, required)
        if value is None:
            return None
        parsed = _parsed_date(value)
        if parsed is None:
            raise _error(self.at(key), _("Expected a date such as 2021-01-31."))
        return parsed

    def dates(self, key: str) -> list[str]:
        """The list of dates at KEY as the model keeps them (2021-01-31), or an empty list."""
        value = self._value(key, False)
        if value is None:
            return []
        if not isinstance(value, list):
            raise _error(self.at(key), _("Expected a list."))
        days = []
        for index, item in enumerate(value):
            day = _parsed_date(item)
            if day is None:
                raise _error(f"{self.at(key)}[{index}]", _("Expected a date such as 2021-01-31."))
            days.append(day.isoformat())
        return days

    def datetime(self, key: str) -> datetime.datetime | None:
        value = self._value(key, False)
        if value is None:
            return None
        try:
            parsed = parse_datetime(value) if isinstance(value, str) else None
        except ValueError:
            parsed = None
        if parsed is None:
            raise _error(self.at(key), _("Expected a date and time such as 2021-01-31T12:00:00."))
        if timezone.is_naive(parsed):
            parsed = timezone.make_aware(parsed)
        return parsed

    def decimal(self, key: str, *, required: bool = False) -> Decimal | None:
        value = self._value(key, required)
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, int | float | str):
            raise _error(self.at(key), _("Expected a number."))
        try:
            number = Decimal(str(value))
        except InvalidOperation:
            raise _error(self.at(key), _("Expected a number.")) from None
        if not number.is_finite():
            raise _error(self.at(key), _("Expected a number."))
        return number

    def integer(self, key: str, *, required: bool = False, default: int | None = None) -> int:
        value = self._value(key, required)
        if value is None:
            return default
        if isinstance(value, bool) or not isinstance(value, int):
            raise _error(self.at(key), _("Expected a whole number."))
        return value

    def child(self, key: str, *, required: bool = False) -> _Node | None:
        value = self._value(key, required)
        return None if value is None else _Node(value, self.at(key))

    def _list(self, key: str) -> list:
        value = self._value(key, False)
        if value is None:
            return []
        if not isinstance(value, list):
            raise _error(self.at(key), _("Expected a list."))
        return value

    def children(self, key: str) -> list[_Node]:
        return [
            _Node(item, f"{self.at(key)}[{index}]") for index, item in enumerate(self._list(key))
        ]

    def ids(self, key: str) -> list[tuple[str, int]]:
        """A list of ids, each with its own path: [("finding_ids[0]", 12), ...]."""
        found = []
        for index, item in enumerate(self._list(key)):
            path = f"{self.at(key)}[{index}]"
            if isinstance(item, bool) or not isinstance(item, int):
                raise _error(path, _("Expected a whole number."))
            found.append((path, item))
        return found

    def names(self, key: str) -> list[tuple[str, str]]:
        """A list of names, each with its own path: [("focus_areas[0]", "Trafik"), ...]."""
        named = []
        for index, item in enumerate(self._list(key)):
            path = f"{self.at(key)}[{index}]"
            if not isinstance(item, str) or not item.strip():
                raise _error(path, _("Expected a name."))
            named.append((path, item.strip()))
        return named


# A check constraint that fails names no field; these are the fields each one is about.
CHECK_CONSTRAINT_FIELDS = {
    "promises_charter_public_has_publish_date": "published_at",
    "situations_situationreport_published_has_date": "published_at",
    "situations_source_police_intelligence_internal": "kind",
    "situations_finding_unit_needs_value": "unit",
    "promises_signatory_party_not_joint": "party",
    "promises_activity_end_after_start": "end_date",
    "followups_followupround_due_after_start": "due_on",
    "followups_followup_activity_status_or_promise_assessment": "status",
    "followups_followup_cancelled_has_reason": "reason",
}

PERIOD_KEYS = {"period_start": "period.start", "period_end": "period.end"}


def _constraint_field(constraint: models.BaseConstraint) -> str:
    if isinstance(constraint, UniqueConstraint) and constraint.fields:
        return constraint.fields[-1]  # the others name the parent: (charter, order)
    if isinstance(constraint, CheckConstraint):
        if constraint.name.endswith("_period_end_after_start"):
            return "period_end"
        return CHECK_CONSTRAINT_FIELDS.get(constraint.name, NON_FIELD_ERRORS)
    return NON_FIELD_ERRORS


def _save(obj: models.Model, path: str, keys: dict[str, str] | None = None) -> None:
    """full_clean() OBJ and save it, or raise an error that names the JSON path of each field.

    KEYS maps a model field to its key in the file where they differ ("" for the node itself).
    Constraints are checked one by one so that each error can be put on its field.
    """
    keys = keys or {}

    def located(field: str, message: str) -> tuple[str, str]:
        if field == NON_FIELD_ERRORS:
            return path, message
        return _join(path, keys.get(field, field)), message

    try:
        obj.full_clean(validate_constraints=False)
    except ValidationError as error:
        if not hasattr(error, "error_dict"):
            raise CharterImportError([(path, m) for m in error.messages]) from None
        raise CharterImportError(
            [
                located(field, message)
                for field, messages in error.message_dict.items()
                for message in messages
            ]
        ) from None
    errors = []
    for model, constraints in obj.get_constraints():
        for constraint in constraints:
            try:
                constraint.validate(model, obj)
            except ValidationError as error:
                field = _constraint_field(constraint)
                errors += [located(field, message) for message in error.messages]
    if errors:
        raise CharterImportError(errors)
    obj.save()


class ImportAction:
    CREATED = "created"
    UPDATED = "updated"
    UNCHANGED = "unchanged"


@dataclass
class ImportResult:
    """What an import did, or would do (dry_run): created, updated or left a draft alone."""

    charter: Charter
    action: str
    counts: list[tuple[str, int]] = field(default_factory=list)

    @property
    def summary(self) -> str:
        """ "9 promises, 22 activities, 3 sources…" in the language of the request."""
        return ", ".join(_counted(kind, number) for kind, number in self.counts)


def _counted(kind: str, count: int) -> str:
    """COUNT things of KIND, in words."""
    text = {
        "promises": ngettext("%(count)s promise", "%(count)s promises", count),
        "activities": ngettext("%(count)s activity", "%(count)s activities", count),
        "indicators": ngettext("%(count)s indicator", "%(count)s indicators", count),
        "sources": ngettext("%(count)s source", "%(count)s sources", count),
        "findings": ngettext("%(count)s finding", "%(count)s findings", count),
        "problems": ngettext(
            "%(count)s prioritised problem", "%(count)s prioritised problems", count
        ),
        "signatories": ngettext("%(count)s signatory", "%(count)s signatories", count),
        "contacts": ngettext("%(count)s contact", "%(count)s contacts", count),
        "rounds": ngettext("%(count)s follow-up round", "%(count)s follow-up rounds", count),
    }[kind]
    return text % {"count": count}


def _counts(charter: Charter) -> list[tuple[str, int]]:
    report = charter.situation_report
    return [
        ("promises", charter.promises.count()),
        ("activities", Activity.objects.filter(promise__charter=charter).count()),
        ("indicators", Indicator.objects.filter(promise__charter=charter).count()),
        ("sources", report.sources.count() if report else 0),
        ("findings", report.findings.count() if report else 0),
        ("problems", report.problems.count() if report else 0),
        ("signatories", charter.signatories.count()),
        ("contacts", charter.contacts.count()),
        ("rounds", FollowUpRound.objects.filter(charter=charter).count()),
    ]


def digest(data: Any, published: bool) -> str:
    """The fingerprint of an import file's content, without what an export adds (ids, urls)."""
    content = (
        {key: value for key, value in data.items() if key not in IGNORED_KEYS}
        if isinstance(data, dict)
        else data
    )
    text = json.dumps([content, published], sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(text.encode()).hexdigest()


IGNORED_KEYS = {key.name for key in IMPORT_KEYS if key.ignored}


def format_errors(data: Any) -> list[tuple[str, str]]:
    """Every way DATA differs from the import format: unknown keys (with the nearest known
    one), missing required keys, wrong types and codes, each with its JSON path."""
    errors: list[tuple[str, str]] = []
    _check_object(data, "", IMPORT_KEYS, errors)
    return errors


def _check_object(data: Any, path: str, keys: tuple[Key, ...], errors: list) -> None:
    if not isinstance(data, dict):
        errors.append((path, _("Expected an object with named fields.")))
        return
    known = {key.name: key for key in keys}
    for name in data:
        if name in known:
            continue
        nearest = difflib.get_close_matches(str(name), list(known), n=1, cutoff=0.6)
        if nearest:
            message = _("Unknown field; did you mean %(key)s?") % {"key": nearest[0]}
        else:
            message = _("Unknown field; the fields here are: %(keys)s.") % {
                "keys": ", ".join(known)
            }
        errors.append((_join(path, str(name)), message))
    for key in keys:
        value = data.get(key.name)
        at = _join(path, key.name)
        if value is None:
            if key.required:
                errors.append((at, _("This field is required.")))
            continue
        if not key.ignored:
            _check_value(value, at, key, errors)


def _check_value(value: Any, path: str, key: Key, errors: list) -> None:
    kind = key.type
    if kind is OBJECT:
        _check_object(value, path, key.keys, errors)
    elif kind is LIST:
        if not isinstance(value, list):
            errors.append((path, _("Expected a list.")))
            return
        for index, item in enumerate(value):
            _check_object(item, f"{path}[{index}]", key.keys, errors)
    elif kind is NAMES:
        if not isinstance(value, list):
            errors.append((path, _("Expected a list.")))
            return
        for index, item in enumerate(value):
            if not isinstance(item, str) or not item.strip():
                errors.append((f"{path}[{index}]", _("Expected a name.")))
    elif kind is DATES:
        if not isinstance(value, list):
            errors.append((path, _("Expected a list.")))
            return
        for index, item in enumerate(value):
            if _parsed_date(item) is None:
                errors.append((f"{path}[{index}]", _("Expected a date such as 2021-01-31.")))
    elif kind is IDS:
        if not isinstance(value, list):
            errors.append((path, _("Expected a list.")))
            return
        for index, item in enumerate(value):
            if isinstance(item, bool) or not isinstance(item, int):
                errors.append((f"{path}[{index}]", _("Expected a whole number.")))
    elif kind is CODE:
        if value not in key.codes and (key.required or value != ""):
            errors.append(
                (
                    path,
                    _("“%(value)s” is not a valid code. The valid codes are: %(codes)s.")
                    % {"value": value, "codes": ", ".join(key.codes)},
                )
            )
    elif kind is TEXT or kind is URL:
        if not isinstance(value, str):
            errors.append((path, _("Expected text.")))
    elif kind is INTEGER:
        if isinstance(value, bool) or not isinstance(value, int):
            errors.append((path, _("Expected a whole number.")))
    elif kind is NUMBER:
        try:
            _Node({key.name: value}, path.rpartition(".")[0]).decimal(key.name)
        except CharterImportError as error:
            errors += error.errors_by_path
    elif kind is DATE:
        try:
            _Node({key.name: value}, path.rpartition(".")[0]).date(key.name)
        except CharterImportError as error:
            errors += error.errors_by_path
    elif kind is DATETIME:
        try:
            _Node({key.name: value}, path.rpartition(".")[0]).datetime(key.name)
        except CharterImportError as error:
            errors += error.errors_by_path


def _covered(path: str, paths: list[str]) -> bool:
    """Whether PATH is one of PATHS or lies inside one of them."""
    return any(path == p or path.startswith((f"{p}.", f"{p}[")) for p in paths if p)


def _sorted(errors: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """ERRORS in the order of the file: promises[2] before promises[10]."""

    def key(error: tuple[str, str]) -> list:
        return [
            (0, int(part), "") if part.isdigit() else (1, 0, part)
            for part in re.split(r"[.\[\]]+", error[0])
            if part
        ]

    seen = set()
    unique = []
    for error in errors:
        if error not in seen:
            seen.add(error)
            unique.append(error)
    return sorted(unique, key=key)
