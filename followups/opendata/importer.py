"""A charter read back from its open data JSON, in one transaction, or refused with its path."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import TYPE_CHECKING, Any

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import models, transaction
from django.db.models import CheckConstraint, UniqueConstraint
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.text import slugify
from django.utils.translation import gettext as _

from followups.models import FollowUp, FollowUpRound
from followups.opendata.export import SCHEMA_VERSION
from promises.models import Activity, Charter, Contact, Indicator, Measurement, Promise, Signatory
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


def charter_import(*, data: dict, user: AbstractBaseUser | None = None) -> Charter:
    """Create the charter that DATA (schema version 1, as charter_export() gives) describes.

    Everything is created in one transaction and validated with full_clean(); the first object
    refused raises CharterImportError naming its field path, and nothing stays behind. The
    municipality (by code) and the local police area (by name) must exist; focus areas and
    places are found by name, or created.
    """
    root = _Node(data, "")
    version = root.data.get("schema_version")
    if version is None:
        raise _error("schema_version", _("This field is required."))
    if isinstance(version, bool) or version != SCHEMA_VERSION:
        raise _error(
            "schema_version",
            _("This site reads schema version %(expected)s, not %(version)s.")
            % {"expected": SCHEMA_VERSION, "version": version},
        )
    with transaction.atomic():
        return _Importer(root, user).run()


@dataclass
class _Importer:
    root: _Node
    user: AbstractBaseUser | None = None

    def __post_init__(self) -> None:
        self.focus_areas: dict[str, FocusArea] = {}
        self.places: dict[str, Place] = {}
        self.promises: dict[int, Promise] = {}
        self.activities: dict[tuple[int, int], Activity] = {}

    def run(self) -> Charter:
        root = self.root
        municipality = self.municipality(root.child("municipality", required=True))
        police_area = self.police_area(root.child("police_area", required=True))
        period = root.child("period", required=True)
        start = period.date("start", required=True)
        if Charter.objects.filter(municipality=municipality, period_start=start).exists():
            raise _error(
                "period.start",
                _("This municipality already has a citizen promise starting that day."),
            )
        charter = Charter(
            municipality=municipality,
            police_area=police_area,
            title=root.text("title"),
            period_start=start,
            period_end=period.date("end", required=True),
            status=root.text("status", default=Charter.Status.DRAFT),
            summary=root.text("summary"),
            background=root.text("background"),
            followup_method=root.text("followup_method"),
            reporting_channels=root.text("reporting_channels"),
            participation=root.text("participation"),
            signed_on=root.date("signed_on"),
            published_at=root.datetime("published_at"),
        )
        _save(
            charter,
            "",
            {
                **PERIOD_KEYS,
                "municipality": "municipality.code",
                "police_area": "police_area.name",
            },
        )
        # The report comes after the charter, whose clean() has checked the police area.
        report_node = root.child("situation_report")
        if report_node is not None:
            charter.situation_report = self.report(report_node, charter)
            _save(charter, "")
        for index, node in enumerate(root.children("signatories")):
            self.signatory(node, charter, index)
        for index, node in enumerate(root.children("contacts")):
            self.contact(node, charter, index)
        for index, node in enumerate(root.children("promises")):
            self.promise(node, charter, index)
        for node in root.children("follow_up_rounds"):
            self.follow_up_round(node, charter)
        # Saved once more through the charter's one write path, as a page would: its rounds
        # are planned around those the file brought.
        charter_save(charter=charter, user=self.user)
        return charter

    def municipality(self, node: _Node) -> Municipality:
        code = node.text("code", required=True)
        municipality = Municipality.objects.filter(code=code).first()
        if municipality is None:
            raise _error(
                node.at("code"), _("No municipality has the code “%(code)s”.") % {"code": code}
            )
        return municipality

    def police_area(self, node: _Node) -> PoliceArea:
        name = node.text("name", required=True)
        area = PoliceArea.objects.filter(name=name).first()
        if area is None:
            raise _error(
                node.at("name"),
                _("No local police area is called “%(name)s”.") % {"name": name},
            )
        return area

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

    def report(self, node: _Node, charter: Charter) -> SituationReport:
        period = node.child("period", required=True)
        published_at = node.datetime("published_at")
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
        sources = []
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
            _save(source, source_node.path)
            sources.append(source)
        for index, finding_node in enumerate(node.children("findings")):
            self.finding(finding_node, report, sources, index)
        return report

    def finding(
        self, node: _Node, report: SituationReport, sources: list[Source], index: int
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
            self.activity(activity_node, promise, activity_index)
        for indicator_node in node.children("indicators"):
            self.indicator(indicator_node, promise)

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
            _save(measurement, measurement_node.path)

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
            self.follow_up(follow_up_node, round_)

    def follow_up(self, node: _Node, round_: FollowUpRound) -> None:
        promise_order = node.integer("promise_order", required=True)
        activity_order = node.integer("activity_order")
        activity = promise = None
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
