"""Writes of the situations app that are steps, not form saves: publishing a lägesbild,
handling a resident's tip, the steps of a survey (publish, close, copy, answer, and its
results as a source and a finding of a lägesbild), EST observations and attaching their
quarterly summary.

Each step names its user and leaves a history entry that says what was done; who may take it
is situations.permissions' question.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop, ngettext

from config.lib.history import change_reasons, record_as
from situations import est
from situations.models import (
    Answer,
    Choice,
    Finding,
    Municipality,
    Observation,
    PoliceArea,
    Problem,
    Question,
    ReportingOrganisation,
    Response,
    SituationReport,
    Source,
    Survey,
    Tip,
)
from situations.signals import survey_published

if TYPE_CHECKING:
    from django.contrib.auth.models import User

Status = SituationReport.Status


# The reasons changes are recorded with here, shown in the history in the reader's language.
change_reasons(
    gettext_noop("Published"),
    gettext_noop("Unpublished"),
    gettext_noop("Marked as handled"),
    gettext_noop("Reopened"),
    gettext_noop("Reported"),
    gettext_noop("Changed"),
    gettext_noop("Added"),
    gettext_noop("Closed"),
    gettext_noop("Copied from %(title)s"),
    gettext_noop("Copied"),
    gettext_noop("Results of the survey %(title)s"),
    gettext_noop("From the survey %(title)s"),
)


def _save(instance, user: User, reason: str) -> None:
    instance.full_clean()
    record_as(instance, user, reason)
    instance.save()


@transaction.atomic
def report_publish(*, report: SituationReport, user: User) -> None:
    """Make a draft lägesbild public; its public findings then reach the kommun's page."""
    if report.status == Status.PUBLISHED:
        raise ValidationError(_("The situation report is already published."), code="published")
    if not report.summary.strip():
        raise ValidationError(
            _("Write a summary and save it before you publish the situation report."),
            code="no_summary",
        )
    report.status = Status.PUBLISHED
    report.published_at = timezone.now()
    _save(report, user, _("Published"))


@transaction.atomic
def report_unpublish(*, report: SituationReport, user: User) -> None:
    """Take a published lägesbild back to draft; it stays in the history as it was."""
    if report.status != Status.PUBLISHED:
        raise ValidationError(_("The situation report is not published."), code="draft")
    report.status = Status.DRAFT
    report.published_at = None
    _save(report, user, _("Unpublished"))


def _save_handling(tip: Tip, user: User, reason: str) -> None:
    # Only the handling changes: what the resident wrote is saved as it came and not
    # validated again, so that no old tip can block its own handling.
    record_as(tip, user, reason)
    tip.save(update_fields=["handled", "handled_at", "updated_at"])


def tip_handle(*, tip: Tip, user: User) -> None:
    """Mark a tip as read and passed on or answered; the history keeps who and when."""
    if not tip.handled:
        tip.handled = True
        _save_handling(tip, user, _("Marked as handled"))


def tip_reopen(*, tip: Tip, user: User) -> None:
    """Put a handled tip back among the unhandled ones."""
    if tip.handled:
        tip.handled = False
        _save_handling(tip, user, _("Reopened"))


# --- EST ------------------------------------------------------------------------------------


@transaction.atomic
def observation_submit(
    *,
    municipality: Municipality,
    organisation: ReportingOrganisation | None,
    observation: Observation,
    user: User,
) -> Observation:
    """Save a new EST observation by USER for ORGANISATION in MUNICIPALITY."""
    observation.municipality = municipality
    observation.organisation = organisation
    observation.reporter = user
    _save(observation, user, _("Reported"))
    return observation


@transaction.atomic
def observation_update(*, observation: Observation, user: User) -> Observation:
    """Save the reporter's changes to their observation; who reported it stays."""
    _save(observation, user, _("Changed"))
    return observation


@transaction.atomic
def reporting_organisation_save(
    *, organisation: ReportingOrganisation, user: User
) -> ReportingOrganisation:
    created = organisation.pk is None
    _save(organisation, user, _("Added") if created else _("Changed"))
    return organisation


@transaction.atomic
def est_summary_attach(
    *,
    municipality: Municipality,
    report: SituationReport,
    year: int,
    quarter: int,
    is_internal: bool,
    user: User,
) -> Source:
    """Attach the EST summary of a quarter to REPORT as a source of kind EST.

    Attaching the same quarter again brings its figures up to date rather than adding a
    second source.
    """
    if report.municipality_id != municipality.pk:
        raise ValidationError(
            _("The situation report belongs to another municipality."), code="municipality"
        )
    rows = est.quarter_summary(municipality, year, quarter)
    if not rows:
        raise ValidationError(
            _("There are no EST observations in this quarter to attach."), code="empty"
        )
    title = est.quarter_title(year, quarter)
    source = (
        Source.objects.select_for_update()
        .filter(report=report, kind=Source.Kind.EST, title=title)
        .first()
    )
    attached_again = source is not None
    if source is None:
        source = Source(report=report, kind=Source.Kind.EST, title=title)
    source.date = est.quarter_bounds(year, quarter)[1]
    source.description = est.summary_text(rows)
    source.is_internal = is_internal
    _save(
        source,
        user,
        _("EST summary attached again") if attached_again else _("EST summary attached"),
    )
    return source


# --- Surveys ------------------------------------------------------------------------------


def survey_has_answers(survey: Survey) -> bool:
    """Whether anyone has answered: from then on its questions are fixed."""
    return Response.objects.filter(survey=survey).exists()


def survey_check_questions_changeable(survey: Survey) -> None:
    """Refuse to change the questions of a survey that has answers or is closed.

    Answers are counted per question and choice: changing a question after the first answer
    would mix answers to two different questions in one figure.
    """
    if survey.status == Survey.Status.CLOSED:
        raise ValidationError(
            _("The survey is closed: its questions cannot change. Copy it into a new survey."),
            code="closed",
        )
    if survey_has_answers(survey):
        raise ValidationError(
            _(
                "The survey has answers, so its questions cannot change any more. Close it, "
                "or copy it into a new survey and change the copy."
            ),
            code="answered",
        )


@transaction.atomic
def survey_publish(*, survey: Survey, user: User) -> None:
    """Open a draft survey to residents between its dates."""
    if survey.status != Survey.Status.DRAFT:
        raise ValidationError(_("Only a draft survey can be published."), code="not_draft")
    questions = list(survey.questions.prefetch_related("choices"))
    if not questions:
        raise ValidationError(
            _("Add at least one question before you publish the survey."), code="no_questions"
        )
    for question in questions:
        if Question.Kind(question.kind).has_choices and len(question.choices.all()) < 2:
            raise ValidationError(
                _("The question “%(question)s” needs at least two choices.")
                % {"question": question.text},
                code="few_choices",
            )
    survey.status = Survey.Status.PUBLISHED
    _save(survey, user, _("Published"))
    survey_published.send(sender=Survey, survey=survey)


@transaction.atomic
def survey_close(*, survey: Survey, user: User) -> None:
    """Stop taking answers before the closing date; the results stay."""
    if survey.status == Survey.Status.CLOSED:
        raise ValidationError(_("The survey is already closed."), code="closed")
    survey.status = Survey.Status.CLOSED
    survey.closed_at = timezone.now()
    _save(survey, user, _("Closed"))


@transaction.atomic
def survey_copy(*, survey: Survey, user: User) -> Survey:
    """A new draft with the texts and questions of SURVEY, open as long, from today at the
    earliest; the answers stay with the original.
    """
    today = timezone.localdate()
    opens_on = max(today, survey.opens_on)
    copy = Survey(
        municipality=survey.municipality,
        title=(_("Copy of %(title)s") % {"title": survey.title})[:200],
        introduction=survey.introduction,
        purpose=survey.purpose,
        opens_on=opens_on,
        closes_on=opens_on + (survey.closes_on - survey.opens_on),
        created_by=user,
    )
    _save(copy, user, _("Copied from %(title)s") % {"title": survey.title})
    for question in survey.questions.prefetch_related("choices"):
        new = Question(
            survey=copy,
            order=question.order,
            kind=question.kind,
            text=question.text,
            place_id=question.place_id,
            time_of_day=question.time_of_day,
            required=question.required,
        )
        _save(new, user, _("Copied"))
        for choice in question.choices.all():
            _save(Choice(question=new, order=choice.order, text=choice.text), user, _("Copied"))
    return copy


@transaction.atomic
def response_submit(*, survey: Survey, answers: Iterable[Answer]) -> Response:
    """Store one resident's ANSWERS (unsaved, without response) as a new response.

    Nothing about who answered is stored: the date, and what they chose and wrote.
    """
    survey = Survey.objects.select_for_update().get(pk=survey.pk)
    today = timezone.localdate()
    if not survey.is_open_on(today):
        raise ValidationError(_("The survey is not open for answers."), code="not_open")
    response = Response.objects.create(survey=survey, submitted_on=today)
    rows = list(answers)
    for answer in rows:
        answer.response = response
        # The fields' own checks (the scale's range, lengths) cost no query; which question
        # and choice belong together the form has checked, and the constraints guard the rest.
        answer.clean_fields(exclude=["response", "question", "choice", "place"])
    Answer.objects.bulk_create(rows)
    return response


def survey_source_description(survey: Survey, responses: int) -> str:
    return ngettext(
        "%(count)d answer to the survey %(title)s, open %(start)s–%(end)s.",
        "%(count)d answers to the survey %(title)s, open %(start)s–%(end)s.",
        responses,
    ) % {
        "count": responses,
        "title": survey.title,
        "start": formats.date_format(survey.opens_on, "j F Y"),
        "end": formats.date_format(survey.closes_on, "j F Y"),
    }


@transaction.atomic
def survey_attach(*, survey: Survey, report: SituationReport, kind: str, user: User) -> Source:
    """The survey's results as a source of REPORT: made once, brought up to date after."""
    if report.municipality_id != survey.municipality_id:
        raise ValidationError(
            _("The situation report belongs to another municipality."), code="municipality"
        )
    if kind not in (Source.Kind.CITIZEN_SURVEY, Source.Kind.SAFETY_SURVEY):
        raise ValidationError(_("Choose the kind of survey."), code="kind")
    responses = Response.objects.filter(survey=survey).count()
    source = Source.objects.filter(report=report, survey=survey).first() or Source(
        report=report, survey=survey
    )
    source.kind = kind
    source.title = survey.title
    source.date = min(survey.closes_on, timezone.localdate())
    source.description = survey_source_description(survey, responses)
    _save(source, user, _("Results of the survey %(title)s") % {"title": survey.title})
    return source


@transaction.atomic
def survey_finding(
    *,
    survey: Survey,
    report: SituationReport,
    text: str,
    share: int,
    place,
    kind: str,
    user: User,
) -> Finding:
    """A figure of the survey as a finding of REPORT, resting on the survey as its source."""
    source = survey_attach(survey=survey, report=report, kind=kind, user=user)
    highest = Finding.objects.filter(report=report).aggregate(Max("order"))["order__max"] or 0
    finding = Finding(
        report=report,
        source=source,
        text=text,
        value=Decimal(share),
        unit="%",
        place=place,
        order=highest + 1,
    )
    _save(finding, user, _("From the survey %(title)s") % {"title": survey.title})
    return finding


def survey_default_dates(
    today: datetime.date | None = None,
) -> tuple[datetime.date, datetime.date]:
    """Four weeks from today: how long such surveys are usually open."""
    today = today or timezone.localdate()
    return today, today + datetime.timedelta(days=27)


@dataclass(frozen=True)
class CarriedFinding:
    """One finding a new lägesbild starts from, from outside the old one."""

    text: str
    focus_area_id: int | None = None
    place_id: int | None = None


@dataclass(frozen=True)
class CarriedSource:
    """Knowledge the next lägesbild starts from besides the old one's: the outcomes of the
    last follow-up report, a safety walk's findings still open. Each becomes a source with
    its findings."""

    kind: str
    title: str
    date: datetime.date | None
    findings: list[CarriedFinding]
    description: str = ""


def _save_copy(instance, user: User, reason: str) -> None:
    """Save a row a renewal copies; the rows it points to were just read or made in the same
    transaction, so that checking each still exists would only cost a query per relation."""
    instance.full_clean(
        exclude=[field.name for field in instance._meta.fields if field.is_relation]
    )
    record_as(instance, user, reason)
    instance.save()


def _copy_problems(
    report: SituationReport,
    new: SituationReport,
    findings: dict[int, Finding],
    user: User,
    reason: str,
) -> dict[int, Problem]:
    """REPORT's prioritised problems into NEW, carried over, each with its places and with the
    copies (FINDINGS, by the old finding's id) of the findings it rested on; the copies are
    returned by the old problem's id."""
    texts = [
        *("priority", "title", "description", "focus_area_id", "is_internal"),
        *("cause_situation", "cause_offenders", "cause_victims"),
    ]
    copies = {}
    for problem in report.problems.prefetch_related("places", "findings").order_by(
        "priority", "id"
    ):
        copy = Problem(
            report=new, carried_over=True, **{name: getattr(problem, name) for name in texts}
        )
        _save_copy(copy, user, reason)
        copy.places.set(problem.places.all())
        copy.findings.set([findings[f.pk] for f in problem.findings.all() if f.pk in findings])
        copies[problem.pk] = copy
    return copies


@transaction.atomic
def report_renew(
    *,
    report: SituationReport | None,
    municipality: Municipality,
    police_area: PoliceArea | None,
    title: str,
    period_start: datetime.date,
    period_end: datetime.date,
    carried: Iterable[CarriedSource],
    user: User,
    reason: str,
    problem_copies: dict[int, Problem] | None = None,
) -> SituationReport:
    """A draft lägesbild for the next period that starts from REPORT (its texts, sources,
    findings and prioritised problems, when there is one) and from CARRIED, every finding
    marked as carried over. PROBLEM_COPIES, when given, is filled with the copies of REPORT's
    problems by the old problem's id, for the promises that answered them.

    A lägesbild the kommun already has for that period is theirs: it is returned as it is.
    """
    existing = SituationReport.objects.filter(
        municipality=municipality, period_start=period_start
    ).first()
    if existing is not None:
        return existing
    texts = ("summary", "analysis", "selection_rationale", "limitations")
    new = SituationReport(
        municipality=municipality,
        police_area=police_area,
        title=title,
        period_start=period_start,
        period_end=period_end,
        renewed_from=report,
        **{name: getattr(report, name) for name in texts if report is not None},
    )
    _save(new, user, reason)
    order = 0
    if report is not None:
        sources: dict[int, Source] = {}
        for source in report.sources.order_by("date", "id"):
            sources[source.pk] = Source(
                report=new,
                **{
                    name: getattr(source, name)
                    for name in ("kind", "title", "date", "url", "description", "is_internal")
                },
                survey_id=source.survey_id,
            )
            _save_copy(sources[source.pk], user, reason)
        findings: dict[int, Finding] = {}
        for finding in report.findings.select_related("place").order_by("order", "id"):
            order += 1
            findings[finding.pk] = copy = Finding(
                report=new,
                source=sources.get(finding.source_id) if finding.source_id else None,
                focus_area_id=finding.focus_area_id,
                place=finding.place,
                text=finding.text,
                value=finding.value,
                unit=finding.unit,
                order=order,
                carried_over=True,
            )
            _save_copy(copy, user, reason)
        copies = _copy_problems(report, new, findings, user, reason)
        if problem_copies is not None:
            problem_copies.update(copies)
    for group in carried:
        if not group.findings:
            continue
        source = Source(
            report=new,
            kind=group.kind,
            title=group.title[:200],
            date=group.date,
            description=group.description,
        )
        _save_copy(source, user, reason)
        for carried_finding in group.findings:
            order += 1
            _save_copy(
                Finding(
                    report=new,
                    source=source,
                    focus_area_id=carried_finding.focus_area_id,
                    place_id=carried_finding.place_id,
                    text=carried_finding.text,
                    order=order,
                    carried_over=True,
                ),
                user,
                reason,
            )
    return new
