"""A charter read back from its open data JSON, in one transaction, or refused with its path."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from followups.models import FollowUp, FollowUpRound
from followups.opendata.export import SCHEMA_VERSION
from followups.opendata.import_report import ReportSteps
from followups.opendata.reading import (
    PERIOD_KEYS,
    CharterImportError,
    ImportAction,
    ImportResult,
    _counts,
    _covered,
    _error,
    _Node,
    _save,
    _sorted,
    digest,
    format_errors,
)
from promises.models import (
    Activity,
    Charter,
    CollaborationAgreement,
    Contact,
    Indicator,
    Measurement,
    Promise,
    Signatory,
)
from promises.services import charter_save, signing_errors
from situations.models import (
    Municipality,
    PoliceArea,
    SituationReport,
)

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractBaseUser


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


class _Stop(Exception):
    """The charter itself cannot be made: what was found so far is all that can be said."""


@dataclass
class _Importer(ReportSteps):
    root: _Node
    user: AbstractBaseUser | None = None
    published: bool = False
    digest: str = ""
    only_municipality: Municipality | None = None

    def __post_init__(self) -> None:
        ReportSteps.__init__(self)
        self.promises: dict[int, Promise] = {}
        self.activities: dict[tuple[int, int], Activity] = {}
        self.failed_promises: set[int] = set()
        self.failed_activities: set[tuple[int, int]] = set()
        self.errors: list[tuple[str, str]] = []

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
        charter.agreement = None
        agreement_node = root.child("agreement")
        if agreement_node is not None:
            try:
                charter.agreement = self.agreement(agreement_node, police_area)
            except CharterImportError as error:
                self.errors += error.errors_by_path
                raise _Stop from None
        try:
            _save(
                charter,
                "",
                {
                    **PERIOD_KEYS,
                    "municipality": "municipality.code",
                    "police_area": "police_area.name",
                    "agreement": "agreement.municipalities",
                    "import_digest": "",
                },
            )
        except CharterImportError as error:
            self.errors += error.errors_by_path
            raise _Stop from None
        # The report comes after the charter, whose clean() has checked the police area.
        report_node = root.child("situation_report")
        if report_node is not None and not self.attempt(self.report, report_node, charter):
            self.report_failed = True
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
        """The workspace's rule for signing (one rule, in promises.services), at the file's paths:
        the date under signed_on, a missing party under signatories."""
        return [
            ("signed_on" if charter.signed_on is None and index == 0 else "signatories", message)
            for index, message in enumerate(signing_errors(charter))
        ]

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

    def agreement(self, node: _Node, police_area: PoliceArea) -> CollaborationAgreement:
        """The collaboration agreement the file names: the one of this site with the same
        title, LPO and period, left as it is, or a new one with its kommuner and signatories.
        Its LPO is the charter's (Charter.clean asks it); its document is a link."""
        area = node.child("police_area")
        if area is not None and area.text("name") != police_area.name:
            raise _error(
                area.at("name"),
                _("The agreement must be with the citizen promise's local police area, %(name)s.")
                % {"name": police_area.name},
            )
        period = node.child("period", required=True)
        assert period is not None  # required: an error otherwise
        title = node.text("title", required=True)
        start = period.date("start", required=True)
        end = period.date("end", required=True)
        found = CollaborationAgreement.objects.filter(
            title=title, police_area=police_area, period_start=start, period_end=end
        ).first()
        if found is not None:
            return found
        municipalities = []
        errors: list[tuple[str, str]] = []
        for item in node.children("municipalities"):
            code = item.text("code", required=True)
            municipality = Municipality.objects.filter(code=code).first()
            if municipality is None:
                message = _("No municipality has the code “%(code)s”.") % {"code": code}
                errors.append((item.at("code"), message))
            elif not police_area.municipalities.filter(pk=municipality.pk).exists():
                message = _("The local police area does not cover %(names)s.") % {
                    "names": municipality.name
                }
                errors.append((item.at("code"), message))
            else:
                municipalities.append(municipality)
        if errors:
            raise CharterImportError(errors)
        agreement = CollaborationAgreement(
            title=title,
            police_area=police_area,
            period_start=start,
            period_end=end,
            signed_on=node.date("signed_on"),
            description=node.text("description"),
            document_url=node.text("document_url"),
        )
        _save(agreement, node.path, PERIOD_KEYS)
        agreement.municipalities.set(municipalities)
        for index, item in enumerate(node.children("signatories")):
            signatory = Signatory(
                agreement=agreement,
                name=item.text("name"),
                title=item.text("title"),
                party=item.text("party"),
                organisation=item.text("organisation"),
                signed_on=item.date("signed_on"),
                order=item.integer("order", default=index),
            )
            _save(signatory, item.path)
        return agreement

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
        self.attempt(self.promise_problems, node, promise)

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
            repeats=node.text("repeats") or Activity.Repeats.NONE,
            dates=node.dates("dates"),
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
