"""A charter read back from its open data JSON, in one transaction, or refused with its path."""

from __future__ import annotations

import datetime
import difflib
import hashlib
import json
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import TYPE_CHECKING, Any

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import models, transaction
from django.db.models import CheckConstraint, UniqueConstraint
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from followups.models import FollowUp, FollowUpRound
from followups.opendata.export import SCHEMA_VERSION
from followups.opendata.schema import (
    CODE,
    DATE,
    DATETIME,
    IMPORT_KEYS,
    INTEGER,
    LIST,
    NAMES,
    NUMBER,
    OBJECT,
    TEXT,
    URL,
    Key,
)
from promises.models import (
    Activity,
    Charter,
    Contact,
    Indicator,
    Measurement,
    Party,
    Promise,
    Signatory,
)
from promises.services import charter_save
from situations.models import (
    Finding,
    FocusArea,
    Municipality,
    Place,
    PoliceArea,
    SituationReport,
    Source,
)

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractBaseUser


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
        try:
            parsed = parse_date(value) if isinstance(value, str) else None
        except ValueError:
            parsed = None
        if parsed is None:
            raise _error(self.at(key), _("Expected a date such as 2021-01-31."))
        return parsed

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


def charter_import(
    *,
    data: Any,
    user: AbstractBaseUser | None = None,
    published: bool = False,
    dry_run: bool = False,
    municipality: Municipality | None = None,
) -> ImportResult:
    """Create the draft charter that DATA (schema version 1, as charter_export() gives)
    describes, or update the draft an earlier import of the same kommun and start made.

    An import never bypasses the workflow: the charter and its situation report are drafts.
    Only PUBLISHED (the administrator's `import_charter --published`) loads a historical
    charter as published or closed, and then the signing rules of the workspace apply: a
    signing date, a signatory of the kommun and one of the police; the situation report is
    published with it. Everything is validated, and every error is raised at once in a
    CharterImportError, each with its JSON path; nothing stays behind. DRY_RUN does it all
    and rolls it back, for a preview. MUNICIPALITY, when given, is the only kommun the file
    may be for (the workspace page it is imported on).
    """
    errors = format_errors(data)
    if not isinstance(data, dict):
        raise CharterImportError(errors)
    version = data.get("schema_version")
    if version is not None and (isinstance(version, bool) or version != SCHEMA_VERSION):
        errors = [(path, message) for path, message in errors if path != "schema_version"]
        errors.insert(
            0,
            (
                "schema_version",
                _("This site reads schema version %(expected)s, not %(version)s.")
                % {"expected": SCHEMA_VERSION, "version": version},
            ),
        )
    if version is None or (errors and errors[0][0] == "schema_version"):
        raise CharterImportError(errors)
    reported = [path for path, _message in errors]
    importer = _Importer(_Node(data, ""), user, published, digest(data, published), municipality)
    try:
        with transaction.atomic():
            result = importer.run()
            found = [
                (path, message)
                for path, message in importer.errors
                if not _covered(path, reported)
            ]
            if errors or found:
                raise CharterImportError(_sorted([*errors, *found]))
            if dry_run:
                transaction.set_rollback(True)
    except _Stop:
        found = [(p, m) for p, m in importer.errors if not _covered(p, reported)]
        raise CharterImportError(_sorted([*errors, *found])) from None
    return result


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


class _Stop(Exception):
    """The charter itself cannot be made: what was found so far is all that can be said."""


@dataclass
class _Importer:
    root: _Node
    user: AbstractBaseUser | None = None
    published: bool = False
    digest: str = ""
    only_municipality: Municipality | None = None

    def __post_init__(self) -> None:
        self.focus_areas: dict[str, FocusArea] = {}
        self.places: dict[str, Place] = {}
        self.promises: dict[int, Promise] = {}
        self.activities: dict[tuple[int, int], Activity] = {}
        self.failed_promises: set[int] = set()
        self.failed_activities: set[tuple[int, int]] = set()
        self.errors: list[tuple[str, str]] = []

    def attempt(self, step: Callable[..., Any], *args: Any) -> bool:
        """Take STEP, or keep its errors and go on with the next object: every error at once."""
        try:
            step(*args)
        except CharterImportError as error:
            self.errors += error.errors_by_path
            return False
        return True

    def run(self) -> ImportResult:
        root = self.root
        municipality = police_area = None
        try:
            municipality = self.municipality(root.child("municipality", required=True))
        except CharterImportError as error:
            self.errors += error.errors_by_path
        try:
            police_area = self.police_area(root.child("police_area", required=True), municipality)
        except CharterImportError as error:
            self.errors += error.errors_by_path
        try:
            period = root.child("period", required=True)
            start = period.date("start", required=True)
        except CharterImportError as error:
            self.errors += error.errors_by_path
            raise _Stop from None
        if municipality is None or police_area is None:
            raise _Stop
        charter = Charter.objects.filter(municipality=municipality, period_start=start).first()
        action = ImportAction.CREATED
        if charter is not None:
            action = self.replaceable(charter)
            if action == ImportAction.UNCHANGED:
                return ImportResult(charter, action, _counts(charter))
            self.clear(charter)
        else:
            charter = Charter(municipality=municipality, period_start=start)
        status = root.text("status", default=Charter.Status.PUBLISHED)
        if self.published:
            if status not in Charter.Status.public_values():
                self.errors.append(
                    (
                        "status",
                        _("To load it as published, the status must be published or closed."),
                    )
                )
        else:
            status = Charter.Status.DRAFT
        charter.police_area = police_area
        charter.title = root.text("title")
        charter.period_end = period.date("end", required=True)
        charter.status = status
        charter.summary = root.text("summary")
        charter.background = root.text("background")
        charter.followup_method = root.text("followup_method")
        charter.reporting_channels = root.text("reporting_channels")
        charter.participation = root.text("participation")
        charter.signed_on = root.date("signed_on")
        charter.published_at = root.datetime("published_at") if self.published else None
        charter.import_digest = self.digest
        try:
            _save(
                charter,
                "",
                {
                    **PERIOD_KEYS,
                    "municipality": "municipality.code",
                    "police_area": "police_area.name",
                    "import_digest": "",
                },
            )
        except CharterImportError as error:
            self.errors += error.errors_by_path
            raise _Stop from None
        # The report comes after the charter, whose clean() has checked the police area.
        report_node = root.child("situation_report")
        if report_node is not None:
            self.attempt(self.report, report_node, charter)
        for index, node in enumerate(root.children("signatories")):
            self.attempt(self.signatory, node, charter, index)
        for index, node in enumerate(root.children("contacts")):
            self.attempt(self.contact, node, charter, index)
        for index, node in enumerate(root.children("promises")):
            if not self.attempt(self.promise, node, charter, index):
                order = node.data.get("order", index + 1)
                self.failed_promises.add(order)
        for node in root.children("follow_up_rounds"):
            self.attempt(self.follow_up_round, node, charter)
        if self.published:
            self.errors += self.signing_errors(charter)
        if self.errors:
            return ImportResult(charter, action)
        # Saved once more through the charter's one write path, as a page would: its rounds
        # are planned around those the file brought.
        charter_save(charter=charter, user=self.user, reason=_("Imported from a JSON file"))
        return ImportResult(charter, action, _counts(charter))

    def replaceable(self, charter: Charter) -> str:
        """Whether CHARTER, the kommun's charter of the file's start, may be updated by it."""
        if charter.status != Charter.Status.DRAFT:
            self.errors.append(
                (
                    "period.start",
                    _(
                        "%(municipality)s already has the citizen promise “%(title)s” starting "
                        "that day, and it is %(status)s: an import only updates a draft it "
                        "made. Nothing was changed."
                    )
                    % {
                        "municipality": charter.municipality.name,
                        "title": charter.title,
                        "status": charter.get_status_display(),
                    },
                )
            )
            raise _Stop
        if not charter.import_digest:
            self.errors.append(
                (
                    "period.start",
                    _(
                        "%(municipality)s already has the draft “%(title)s” starting that day, "
                        "made in the workspace: an import does not overwrite it. Change the "
                        "start of the period in the file, or edit that draft. Nothing was "
                        "changed."
                    )
                    % {"municipality": charter.municipality.name, "title": charter.title},
                )
            )
            raise _Stop
        if charter.import_digest == self.digest:
            return ImportAction.UNCHANGED
        return ImportAction.UPDATED

    def clear(self, charter: Charter) -> None:
        """Remove what an earlier import put in the draft CHARTER, to put the file's in."""
        FollowUpRound.objects.filter(charter=charter).delete()
        charter.promises.all().delete()
        charter.signatories.all().delete()
        charter.contacts.all().delete()
        report = charter.situation_report
        if report is not None:
            charter.situation_report = None
            Charter.objects.filter(pk=charter.pk).update(situation_report=None)
            others = Charter.objects.filter(situation_report=report).exists()
            if report.status == SituationReport.Status.DRAFT and not others:
                report.findings.all().delete()  # a finding protects its source
                report.delete()

    def signing_errors(self, charter: Charter) -> list[tuple[str, str]]:
        """The workspace's rules for signing, which a published import must keep as well."""
        errors = []
        if charter.signed_on is None:
            errors.append(
                ("signed_on", _("A published citizen promise needs the date it was signed."))
            )
        parties = set(charter.signatories.values_list("party", flat=True))
        if Party.MUNICIPALITY not in parties:
            errors.append(
                (
                    "signatories",
                    _("A published citizen promise needs a signatory for the municipality."),
                )
            )
        if Party.POLICE not in parties:
            errors.append(
                ("signatories", _("A published citizen promise needs a signatory for the police."))
            )
        return errors

    def municipality(self, node: _Node) -> Municipality:
        code = node.text("code", required=True)
        municipality = Municipality.objects.filter(code=code).first()
        if municipality is None:
            raise _error(
                node.at("code"), _("No municipality has the code “%(code)s”.") % {"code": code}
            )
        only = self.only_municipality
        if only is not None and municipality != only:
            raise _error(
                node.at("code"),
                _(
                    "The file is a citizen promise of %(other)s (%(code)s); here only one of "
                    "%(municipality)s (%(own)s) can be imported."
                )
                % {
                    "other": municipality.name,
                    "code": code,
                    "municipality": only.name,
                    "own": only.code,
                },
            )
        return municipality

    def police_area(self, node: _Node, municipality: Municipality | None) -> PoliceArea:
        name = node.text("name", required=True)
        area = PoliceArea.objects.filter(name=name).first()
        if area is not None and (
            municipality is None or area.municipalities.filter(pk=municipality.pk).exists()
        ):
            return area
        if area is None:
            message = _("No local police area is called “%(name)s”.") % {"name": name}
        else:
            message = _("This local police area does not cover the municipality.")
        if municipality is not None:
            names = list(municipality.police_areas.order_by("name").values_list("name", flat=True))
            if names:
                message += " " + _("The local police areas of %(municipality)s: %(names)s.") % {
                    "municipality": municipality.name,
                    "names": ", ".join(names),
                }
            else:
                message += " " + _(
                    "%(municipality)s has no local police area yet; an administrator adds it."
                ) % {"municipality": municipality.name}
        raise _error(node.at("name"), message)

    def focus_area(self, path: str, name: str) -> FocusArea:
        if name not in self.focus_areas:
            area = (
                FocusArea.objects.filter(name=name).first()
                or FocusArea.objects.filter(slug=slugify(name)).first()
            )
            if area is None:
                area = FocusArea(name=name, slug=slugify(name))
                _save(area, path, {"name": "", "slug": ""})
            self.focus_areas[name] = area
        return self.focus_areas[name]

    def place(self, path: str, name: str, municipality: Municipality) -> Place:
        if name not in self.places:
            places = Place.objects.filter(municipality=municipality)
            place = places.filter(name=name).first() or places.filter(slug=slugify(name)).first()
            if place is None:
                place = Place(municipality=municipality, name=name, slug=slugify(name))
                _save(place, path, {"name": "", "slug": ""})
            self.places[name] = place
        return self.places[name]

    def report(self, node: _Node, charter: Charter) -> None:
        """The charter's situation report: a draft with a draft, published with a published."""
        period = node.child("period", required=True)
        published_at = None
        if self.published:
            published_at = node.datetime("published_at") or charter.published_at
        report = SituationReport(
            municipality=charter.municipality,
            police_area=charter.police_area,
            title=node.text("title"),
            period_start=period.date("start", required=True),
            period_end=period.date("end", required=True),
            status=SituationReport.Status.PUBLISHED
            if published_at
            else SituationReport.Status.DRAFT,
            summary=node.text("summary"),
            selection_rationale=node.text("selection_rationale"),
            limitations=node.text("limitations"),
            published_at=published_at,
        )
        _save(report, node.path, PERIOD_KEYS)
        sources: list[Source | None] = []
        for source_node in node.children("sources"):
            source = Source(
                report=report,
                kind=source_node.text("kind"),
                title=source_node.text("title"),
                date=source_node.date("date"),
                url=source_node.text("url"),
                description=source_node.text("description"),
                is_internal=False,
            )
            saved = self.attempt(_save, source, source_node.path)
            sources.append(source if saved else None)
        for index, finding_node in enumerate(node.children("findings")):
            self.attempt(self.finding, finding_node, report, sources, index)
        charter.situation_report = report
        _save(charter, "")

    def finding(
        self, node: _Node, report: SituationReport, sources: list[Source | None], index: int
    ) -> None:
        source_index = node.integer("source_index")
        source = None
        if source_index is not None:
            if not 0 <= source_index < len(sources):
                raise _error(
                    node.at("source_index"),
                    _("There is no source number %(index)s in situation_report.sources.")
                    % {"index": source_index},
                )
            source = sources[source_index]
            if source is None:  # refused itself, and said so
                return
        focus_name = node.text("focus_area").strip()
        place_name = node.text("place").strip()
        finding = Finding(
            report=report,
            source=source,
            focus_area=self.focus_area(node.at("focus_area"), focus_name) if focus_name else None,
            place=self.place(node.at("place"), place_name, report.municipality)
            if place_name
            else None,
            text=node.text("text"),
            value=node.decimal("value"),
            unit=node.text("unit"),
            order=node.integer("order", default=index + 1),
        )
        _save(finding, node.path, {"source": "source_index"})

    def signatory(self, node: _Node, charter: Charter, index: int) -> None:
        signatory = Signatory(
            charter=charter,
            name=node.text("name"),
            title=node.text("title"),
            party=node.text("party"),
            organisation=node.text("organisation"),
            signed_on=node.date("signed_on"),
            order=node.integer("order", default=index),
        )
        _save(signatory, node.path)

    def contact(self, node: _Node, charter: Charter, index: int) -> None:
        contact = Contact(
            charter=charter,
            name=node.text("name"),
            role=node.text("role"),
            party=node.text("party"),
            email=node.text("email"),
            phone=node.text("phone"),
            order=node.integer("order", default=index),
        )
        _save(contact, node.path)

    def promise(self, node: _Node, charter: Charter, index: int) -> None:
        promise = Promise(
            charter=charter,
            owner=node.text("owner"),
            title=node.text("title"),
            text=node.text("text"),
            order=node.integer("order", default=index + 1),
            assessment=node.text("assessment", default=Promise.Assessment.NOT_ASSESSED),
        )
        _save(promise, node.path)
        promise.focus_areas.set(
            [self.focus_area(path, name) for path, name in node.names("focus_areas")]
        )
        self.promises[promise.order] = promise
        for activity_index, activity_node in enumerate(node.children("activities")):
            if not self.attempt(self.activity, activity_node, promise, activity_index):
                order = activity_node.data.get("order", activity_index + 1)
                self.failed_activities.add((promise.order, order))
        for indicator_node in node.children("indicators"):
            self.attempt(self.indicator, indicator_node, promise)

    def activity(self, node: _Node, promise: Promise, index: int) -> None:
        activity = Activity(
            promise=promise,
            title=node.text("title"),
            description=node.text("description"),
            kind=node.text("kind", default=Activity.Kind.OTHER),
            responsible_party=node.text("responsible_party"),
            responsible_function=node.text("responsible_function"),
            start_date=node.date("start_date"),
            end_date=node.date("end_date"),
            recurrence=node.text("recurrence"),
            expected_effect=node.text("expected_effect"),
            is_public=True,
            order=node.integer("order", default=index + 1),
        )
        _save(activity, node.path)
        municipality = promise.charter.municipality
        activity.places.set(
            [self.place(path, name, municipality) for path, name in node.names("places")]
        )
        self.activities[(promise.order, activity.order)] = activity

    def indicator(self, node: _Node, promise: Promise) -> None:
        indicator = Indicator(
            promise=promise,
            name=node.text("name"),
            description=node.text("description"),
            unit=node.text("unit"),
            baseline=node.decimal("baseline"),
            baseline_date=node.date("baseline_date"),
            target=node.decimal("target"),
            direction=node.text("direction", default=Indicator.Direction.INCREASE),
            source=node.text("source"),
        )
        _save(indicator, node.path)
        for measurement_node in node.children("measurements"):
            measurement = Measurement(
                indicator=indicator,
                date=measurement_node.date("date", required=True),
                value=measurement_node.decimal("value", required=True),
                source=measurement_node.text("source"),
                recorded_by=self.user,
            )
            self.attempt(_save, measurement, measurement_node.path)

    def follow_up_round(self, node: _Node, charter: Charter) -> None:
        period = node.child("period", required=True)
        round_ = FollowUpRound(
            charter=charter,
            title=node.text("title"),
            period_start=period.date("start", required=True),
            period_end=period.date("end", required=True),
            due_on=node.date("due_on", required=True),
            summary=node.text("summary"),
            published_at=node.datetime("published_at"),
        )
        _save(round_, node.path, PERIOD_KEYS)
        for follow_up_node in node.children("follow_ups"):
            self.attempt(self.follow_up, follow_up_node, round_)

    def follow_up(self, node: _Node, round_: FollowUpRound) -> None:
        promise_order = node.integer("promise_order", required=True)
        activity_order = node.integer("activity_order")
        activity = promise = None
        if promise_order in self.failed_promises or (
            (promise_order, activity_order) in self.failed_activities
        ):
            return  # refused itself, and said so
        if activity_order is None:
            promise = self.promises.get(promise_order)
            if promise is None:
                raise _error(
                    node.at("promise_order"),
                    _("No promise in this file has the order %(order)s.")
                    % {"order": promise_order},
                )
        else:
            activity = self.activities.get((promise_order, activity_order))
            if activity is None:
                raise _error(
                    node.at("activity_order"),
                    _("No activity in this file has the order %(order)s in promise %(promise)s.")
                    % {"order": activity_order, "promise": promise_order},
                )
        follow_up = FollowUp(
            round=round_,
            activity=activity,
            promise=promise,
            status=node.text("status"),
            assessment=node.text("assessment"),
            reason=node.text("reason"),
            narrative_public=node.text("narrative_public"),
            reported_on=node.date("reported_on") or timezone.localdate(),
            author=self.user,
        )
        _save(
            follow_up,
            node.path,
            {"activity": "activity_order", "promise": "promise_order", "round": ""},
        )
