"""Writes of the promises app: saving a charter, its steps (utkast → granskning → publicerad →
avslutad, or återkallad), renewing it for the next period, its promises and activities, a
trygghetsvandring.

Every write of a charter goes through charter_save(), whoever makes it: a workspace page, the
admin, a restored version, an import. Each step checks the state it starts from and raises
ValidationError with a Swedish message when it cannot be taken; who may take it is
promises.permissions' question. Each leaves a history entry that names the step.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, cast

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from config.lib.history import change_reasons, record_as
from config.lib.periods import NextPeriod, next_period, renamed
from promises import readiness
from promises.models import (
    Charter,
    Party,
    Promise,
    SafetyWalk,
    Signatory,
    WalkFinding,
)
from promises.signals import charter_published, charter_renewing, charter_saved
from situations.models import Problem, Source
from situations.services import CarriedFinding, CarriedSource, report_renew

if TYPE_CHECKING:
    from django.contrib.auth.models import User

Status = Charter.Status


# The reasons changes are recorded with here, shown in the history in the reader's language.
change_reasons(
    gettext_noop("Sent for review"),
    gettext_noop("Sent back for changes"),
    gettext_noop("Approved, signed and published"),
    gettext_noop("Withdrawn"),
    gettext_noop("Closed and archived"),
    gettext_noop("The period has ended"),
    gettext_noop("Correction after publishing: %(reason)s"),
    gettext_noop("Walk recorded"),
    gettext_noop("Walk changed"),
    gettext_noop("Carried over from %(charter)s"),
    gettext_noop("Renewed from %(charter)s"),
)


def _require(charter: Charter, *states: str) -> None:
    if charter.status not in states:
        raise ValidationError(
            _("This step is not possible while the citizen promise is %(status)s.")
            % {"status": charter.get_status_display()},
            code="wrong_state",
        )


@transaction.atomic
def charter_save(*, charter: Charter, user: User | None, reason: str = "") -> list[str]:
    """Validate and save CHARTER, new or changed, and let the apps above follow it.

    The one write path of a charter: the workspace pages, its steps, the admin, a restored
    version and the importer all come here, so that what depends on the charter follows on
    every path (its follow-up rounds are re-planned for its period and cadence). Those apps
    sit above this one and listen to `charter_saved`; what they answer (a sentence each, such
    as which rounds were added) is returned for the person who saved. REASON, when given,
    names the change in the history.
    """
    charter.full_clean()
    record_as(charter, user, reason)
    charter.save()
    responses = charter_saved.send(sender=Charter, charter=charter, user=user)
    return [str(note) for _receiver, note in responses if note]


class UnlinkedError(ValidationError):
    """A charter with links missing between its promises and problems, sent without why."""


@transaction.atomic
def charter_submit(*, charter: Charter, user: User, reason: str = "") -> None:
    """The coordinator sends a draft to the police manager for review, once every item of
    its checklist holds (promises.readiness).

    When a link is missing between the promises and the lägesbild's prioritised problems
    (readiness.link_warnings), REASON says why it is sent anyway; it is kept, internal, in
    Charter.unlinked_reason, and cleared once nothing is missing.
    """
    _require(charter, Status.DRAFT)
    if not charter.promises.exists():
        raise ValidationError(
            _("Add at least one promise before you send the citizen promise for review."),
            code="no_promises",
        )
    missing = readiness.unmet(charter)
    if missing:
        raise ValidationError(
            _("The citizen promise is not ready for review yet: %(items)s.")
            % {"items": "; ".join(f"{item.label} ({item.detail})" for item in missing)},
            code="not_ready",
        )
    reason = reason.strip()
    if readiness.link_warnings(charter):
        if not reason:
            raise UnlinkedError(
                _(
                    "Write why the citizen promise is sent for review although a prioritised "
                    "problem has no promise or a promise answers no problem."
                ),
                code="no_reason",
            )
        charter.unlinked_reason = reason
    else:
        charter.unlinked_reason = ""
    charter.status = Status.REVIEW
    charter_save(charter=charter, user=user, reason=_("Sent for review"))


@transaction.atomic
def charter_send_back(*, charter: Charter, user: User, comment: str) -> None:
    """The police manager returns a charter in review to the coordinator, saying why."""
    _require(charter, Status.REVIEW)
    if not comment.strip():
        raise ValidationError(_("Write what needs to change."), code="no_comment")
    charter.status = Status.DRAFT
    charter.review_comment = comment.strip()
    charter_save(charter=charter, user=user, reason=_("Sent back for changes"))


class SigningError(ValidationError):
    """The signatories of a charter do not allow the step: who signed, or why it changed."""


def signing_errors(charter: Charter) -> list[str]:
    """What a charter lacks to be published as signed by both parties, as sentences.

    A charter is the kommun's and the police's promise together: it needs the date it was
    signed and, among its saved signatories, someone for each. Empty when nothing is missing.
    """
    errors = []
    if charter.signed_on is None:
        errors.append(_("Give the date the citizen promise was signed."))
    parties = set(charter.signatories.values_list("party", flat=True)) if charter.pk else set()
    if Party.MUNICIPALITY not in parties:
        errors.append(_("Record at least one signatory for the municipality."))
    if Party.POLICE not in parties:
        errors.append(_("Record at least one signatory for the police."))
    return errors


def _published(charter: Charter) -> bool:
    return charter.status not in (Status.DRAFT, Status.REVIEW)


def correction_note(charter: Charter, reason: str) -> str:
    """The history's name for a change of a published CHARTER with REASON ("" otherwise)."""
    reason = reason.strip()
    if not (_published(charter) and reason):
        return ""
    return _("Correction after publishing: %(reason)s") % {"reason": reason}


@transaction.atomic
def charter_save_signatories(
    *,
    charter: Charter,
    user: User,
    changed: Iterable[Signatory],
    deleted: Iterable[Signatory],
    reason: str = "",
) -> None:
    """Save the signatories CHANGED (new or edited) and remove DELETED.

    Once the charter is published its signatories are part of what was signed: they change
    only as a correction, with REASON in the history next to the user's name, and never so
    that a party is left without a signatory.
    """
    changed, deleted = list(changed), list(deleted)
    if not changed and not deleted:
        return
    published = _published(charter)
    reason = reason.strip()
    if published and not reason:
        raise SigningError(
            _(
                "The citizen promise is published: write why its signatories are corrected. "
                "Nothing is saved yet."
            ),
            code="no_reason",
        )
    note = _("Correction after publishing: %(reason)s") % {"reason": reason} if published else ""
    for signatory in deleted:
        record_as(signatory, user, note)
        signatory.delete()
    for signatory in changed:
        signatory.charter = charter
        signatory.full_clean()
        record_as(signatory, user, note)
        signatory.save()
    if published and (errors := signing_errors(charter)):
        raise SigningError(errors, code="unsigned")


@transaction.atomic
def charter_approve(
    *, charter: Charter, user: User, signed_on: datetime.date, signatories: Iterable[Signatory]
) -> None:
    """The police manager approves, records the signing, and the charter is public at once.

    Only when it is signed for both parties (signing_errors); else nothing changes.
    """
    _require(charter, Status.REVIEW)
    if signed_on > timezone.localdate():
        raise ValidationError(_("The signing date cannot be in the future."), code="future")
    if signed_on > charter.period_end:
        raise ValidationError(
            _("The citizen promise cannot be signed after its period has ended."),
            code="after_period",
        )
    for signatory in signatories:
        signatory.charter = charter
        if signatory.signed_on is None:
            signatory.signed_on = signed_on
        signatory.full_clean()
        record_as(signatory, user)
        signatory.save()
    charter.signed_on = signed_on
    if errors := signing_errors(charter):
        raise SigningError(errors, code="unsigned")
    charter.status = Status.PUBLISHED
    charter.published_at = timezone.now()
    charter.review_comment = ""
    charter_save(charter=charter, user=user, reason=_("Approved, signed and published"))
    charter_published.send(sender=Charter, charter=charter)


@transaction.atomic
def charter_withdraw(*, charter: Charter, user: User, reason: str) -> None:
    """The police manager takes a published charter off the public site; it is never deleted."""
    _require(charter, Status.PUBLISHED)
    if not reason.strip():
        raise ValidationError(_("Write why the citizen promise is withdrawn."), code="no_reason")
    charter.status = Status.WITHDRAWN
    charter.withdrawn_at = timezone.now()
    charter.withdrawal_reason = reason.strip()
    charter_save(charter=charter, user=user, reason=_("Withdrawn"))


@transaction.atomic
def charter_close(*, charter: Charter, user: User) -> None:
    """A published charter whose work is over moves to the archive."""
    _require(charter, Status.PUBLISHED)
    charter.status = Status.CLOSED
    charter_save(charter=charter, user=user, reason=_("Closed and archived"))


@dataclass
class EndedClosing:
    closed: list[Charter] = field(default_factory=list)
    failed: list[tuple[Charter, str]] = field(default_factory=list)  # with the reason


def charters_close_ended(*, today: datetime.date, user: User | None = None) -> EndedClosing:
    """Close every published charter whose period ended before TODAY into the archive.

    The daily job (manage.py close_ended_charters): each goes through charter_save() with the
    reason "Perioden har slutat" in its history, in a transaction of its own, so that one that
    cannot be saved does not keep the others open. Running it again closes nothing more.
    Until it runs, the pages already show such a charter as ended (Charter.has_ended).
    """
    result = EndedClosing()
    ended = Charter.objects.ended(today).select_related("municipality", "police_area")
    for charter in ended.order_by("period_end", "id"):
        try:
            with transaction.atomic():
                charter.status = Status.CLOSED
                charter_save(charter=charter, user=user, reason=_("The period has ended"))
        except ValidationError as error:
            charter.status = Status.PUBLISHED
            result.failed.append((charter, " ".join(error.messages)))
        else:
            result.closed.append(charter)
    return result


def _positions(forms) -> list:
    """The kept forms in the order the user asked for: by the place typed, else where they are.

    Nobody has to renumber by hand: a row typed into a taken place goes before the row that
    was there, and rows with equal places otherwise keep the order of the page.
    """
    keyed = []
    for index, form in enumerate(forms):
        position = form.cleaned_data.get("position") if hasattr(form, "cleaned_data") else None
        if position is None:
            position = form.instance.order if form.instance.pk else 10_000
        # A row moved to a taken place goes before the row that was there.
        moved = 0 if "position" in form.changed_data else 1
        keyed.append((position, moved, index, form))
    return [item[-1] for item in sorted(keyed, key=lambda item: item[:3])]


def _kept(formset) -> list:
    """Forms of FORMSET that stay: existing rows not removed, and new rows that were filled."""
    kept = []
    for form in formset.forms:
        if formset.can_delete and formset._should_delete_form(form):
            continue
        if form.instance.pk is None and not form.has_changed():
            continue
        kept.append(form)
    return kept


def _save_ordered(forms, parent_field: str, parent, user: User, reason: str = "") -> None:
    """Save FORMS under PARENT numbered 1, 2, 3… in the order asked for.

    The order is unique per parent and PostgreSQL checks that on every row, so rows that move
    first step aside to numbers nobody uses; the final save of each records the move in history.
    """
    ordered = _positions(forms)
    moving = [
        form.instance.pk
        for number, form in enumerate(ordered, start=1)
        if form.instance.pk and form.instance.order != number
    ]
    if moving:
        model = ordered[0].instance._meta.model
        for offset, pk in enumerate(moving):
            model.objects.filter(pk=pk).update(order=30_000 + offset)
    for number, form in enumerate(ordered, start=1):
        instance = form.instance
        if instance.pk and instance.order == number and not form.has_changed():
            continue
        if getattr(form, "editable", True):
            instance = form.save(commit=False)
        setattr(instance, parent_field, parent)
        instance.order = number
        record_as(instance, user, reason)
        instance.save()
        if getattr(form, "editable", True):
            form.save_m2m()


@transaction.atomic
def charter_order_promises(*, charter: Charter, user: User, promises) -> None:
    """Save the order of a charter's promises and remove those ticked (drafts only).

    PROMISES is the bound, valid formset of the summary page: a place in the order per
    promise and, in a draft, a Remove box. A removed promise takes its activities with it.
    """
    for form in promises.deleted_forms:
        if form.instance.pk:
            record_as(form.instance, user)
            form.instance.delete()
    _save_ordered(_kept(promises), "charter", charter, user)


@transaction.atomic
def promise_save(
    *, charter: Charter, user: User, promise_form, activities, reason: str = ""
) -> Promise:
    """Save one promise (new ones go last in the charter) and its activities in their order.

    PROMISE_FORM is the bound, valid form of the promise, or an unbound one when the user may
    only read the promise (its activities are then read-only too); ACTIVITIES the bound, valid
    formset of its activities. REASON, when given, names the change in the history.
    """
    promise = promise_form.instance
    if promise.pk is None:
        promise = promise_form.save(commit=False)
        promise.charter = charter
        last = charter.promises.aggregate(last=Max("order"))["last"] or 0
        promise.order = last + 1
        record_as(promise, user, reason)
        promise.save()
        promise_form.save_m2m()
    elif promise_form.is_bound and promise_form.has_changed():
        promise = promise_form.save(commit=False)
        record_as(promise, user, reason)
        promise.save()
        promise_form.save_m2m()
    activities.instance = promise
    for form in activities.deleted_forms:
        if form.instance.pk:
            record_as(form.instance, user, reason)
            form.instance.delete()
    _save_ordered(_kept(activities), "promise", promise, user, reason)
    return promise


@transaction.atomic
def safety_walk_save(*, walk: SafetyWalk, findings, user: User) -> SafetyWalk:
    """Save a trygghetsvandring and its findings (a bound, valid formset) as one change."""
    created = walk.pk is None
    walk.full_clean()
    record_as(walk, user, _("Walk recorded") if created else _("Walk changed"))
    walk.save()
    findings.instance = walk
    findings.save()
    return walk


def _copy(original, user: User, reason: str, **changes):
    """A carried-over copy of ORIGINAL with CHANGES, saved with its history entry."""
    names = [
        field.attname
        for field in original._meta.concrete_fields
        if not field.primary_key and field.name not in ("created_at", "updated_at")
    ]
    copy = type(original)(**{name: getattr(original, name) for name in names})
    for name, value in {**changes, "carried_over": True}.items():
        setattr(copy, name, value)
    # The rows it points to were just read or made in this transaction: checking that each
    # still exists would cost a query per relation and row.
    copy.full_clean(exclude=[field.name for field in copy._meta.fields if field.is_relation])
    record_as(copy, user, reason)
    copy.save()
    return copy


def _open_walk_findings(charter: Charter) -> list[CarriedSource]:
    """The charter's safety walks' findings not yet fixed, one source per walk."""
    findings = (
        WalkFinding.objects.filter(walk__activity__promise__charter=charter)
        .exclude(status=WalkFinding.Status.DONE)
        .select_related("walk__activity", "place")
        .order_by("walk__date", "walk_id", "id")
    )
    walks: dict[int, CarriedSource] = {}
    for finding in findings:
        walk = finding.walk
        if walk.pk not in walks:
            walks[walk.pk] = CarriedSource(
                kind=Source.Kind.SAFETY_WALK,
                title=_("%(walk)s: findings still open") % {"walk": walk.activity.title},
                date=walk.date,
                findings=[],
            )
        text = f"{finding.get_problem_display().capitalize()}: {finding.where}"
        if finding.description.strip():
            text += f". {finding.description.strip()}"
        text += f" ({finding.get_status_display()})"
        walks[walk.pk].findings.append(CarriedFinding(text=text, place_id=finding.place_id))
    return list(walks.values())


def _carry_promises(
    charter: Charter,
    new: Charter,
    period: NextPeriod,
    user: User,
    reason: str,
    problems: dict[int, Problem],
) -> None:
    """Copy the promises of CHARTER into NEW with their activities and indicators; each
    answers the copies (PROBLEMS, by the old problem's id) of the problems it answered."""
    promises = charter.promises.prefetch_related(
        "focus_areas", "problems", "activities__places", "indicators__measurements"
    ).order_by("order", "id")
    for promise in promises:
        copy = _copy(
            promise, user, reason, charter=new, assessment=Promise.Assessment.NOT_ASSESSED
        )
        copy.focus_areas.add(*promise.focus_areas.all())
        copy.problems.add(*[problems[p.pk] for p in promise.problems.all() if p.pk in problems])
        for activity in promise.activities.all():
            moved = _copy(
                activity,
                user,
                reason,
                promise=copy,
                start_date=period.shift(activity.start_date),
                end_date=period.shift(activity.end_date),
                dates=[
                    moved.isoformat() for day in activity.days() if (moved := period.shift(day))
                ],
            )
            moved.places.add(*activity.places.all())
        for indicator in promise.indicators.all():
            measured = max(indicator.measurements.all(), key=lambda m: m.date, default=None)
            changes = {"promise": copy}
            if measured is not None:
                # Where the last period ended is where the next one starts from.
                changes.update(baseline=measured.value, baseline_date=measured.date)
            _copy(indicator, user, reason, **changes)


@transaction.atomic
def charter_renew(*, charter: Charter, user: User) -> Charter:
    """Start the next period's charter from CHARTER, a published or closed one.

    A draft for the following period of the same length, carrying over the promises (each
    answering the copies of the problems it answered), activities (their dates moved by the
    period), contacts and indicators (the last measured value as the new baseline), each
    marked as carried over until edited, and a new draft lägesbild that starts from the old
    one's findings and prioritised problems, the last follow-up report's outcomes
    (from the apps above, through charter_renewing) and the safety walks' findings still
    open. Nothing of CHARTER changes. A charter renewed before leads to that renewal.
    """
    # The lock makes two renewals of the same charter take turns: the second finds the first.
    charter = Charter.objects.select_for_update().get(pk=charter.pk)
    successor = charter.renewals.exclude(status=Status.WITHDRAWN).order_by("id").first()
    if successor is not None:
        return successor
    _require(charter, Status.PUBLISHED, Status.CLOSED)
    period = next_period(charter.period_start, charter.period_end)
    old_period = (charter.period_start, charter.period_end)
    reason = _("Carried over from %(charter)s") % {"charter": charter.title}
    carried: list[CarriedSource] = []
    for _receiver, groups in charter_renewing.send(sender=Charter, charter=charter):
        carried.extend(cast("list[CarriedSource]", groups or []))
    carried += _open_walk_findings(charter)
    old_report = charter.situation_report
    problems: dict[int, Problem] = {}
    report = report_renew(
        report=old_report,
        municipality=charter.municipality,
        police_area=charter.police_area,
        title=(
            renamed(old_report.title, (old_report.period_start, old_report.period_end), period)
            if old_report is not None
            else _("Situation report %(period)s") % {"period": period.start.year}
        ),
        period_start=period.start,
        period_end=period.end,
        carried=carried,
        user=user,
        reason=reason,
        problem_copies=problems,
    )
    texts = ("summary", "background", "followup_method", "reporting_channels", "participation")
    new = Charter(
        municipality=charter.municipality,
        police_area=charter.police_area,
        agreement=charter.agreement,
        situation_report=report,
        title=renamed(charter.title, old_period, period),
        period_start=period.start,
        period_end=period.end,
        followup_cadence=charter.followup_cadence,
        renewed_from=charter,
        **{name: getattr(charter, name) for name in texts},
    )
    charter_save(
        charter=new,
        user=user,
        reason=_("Renewed from %(charter)s") % {"charter": charter.title},
    )
    _carry_promises(charter, new, period, user, reason, problems)
    for contact in charter.contacts.order_by("order", "id"):
        _copy(contact, user, reason, charter=new)
    return new
