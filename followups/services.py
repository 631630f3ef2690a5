"""Writes of the followups app that span several rows or send mail: a charter's rounds, a
round's entries, its report, reviews (reminders: followups.reminders).

Each is a keyword-only function named <entity>_<action>, run in one transaction, calling
full_clean, with the acting user passed explicitly so the history names them. Each raises
ValidationError with a Swedish message when the step cannot be taken; who may take it is
followups.permissions' question.
"""

from __future__ import annotations

import datetime
import logging
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Exists, OuterRef, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop, ngettext
from simple_history.utils import bulk_create_with_history

from config.lib.history import change_reasons, record_as
from followups.models import FollowUp, FollowUpRound, Review
from followups.notices import services as notices
from followups.notices.models import Announcement
from followups.rounds import PlannedRound, around, plan_for
from promises.models import Activity, Charter, Measurement, Promise
from situations.models import Source
from situations.services import CarriedFinding, CarriedSource

if TYPE_CHECKING:
    from django.contrib.auth.models import User

# The reasons changes are recorded with here, shown in the history in the reader's language.
change_reasons(
    gettext_noop("Report published"),
    gettext_noop("Approved"),
    gettext_noop("Sent back for completion"),
    gettext_noop("Changed after review: to be reviewed again"),
)

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Blocker:
    """One thing that keeps a round's report from being published: what, who acts, where."""

    text: str
    who: str = ""  # who must act, a short Swedish phrase ("Polisen ska granska")
    url: str = ""  # the page where it is done

    def __str__(self) -> str:
        return self.text


def round_missing(round_: FollowUpRound) -> list[Blocker]:
    """What keeps ROUND's report from being published, one item per thing to do.

    Empty when the round is complete (every activity followed up, every promise assessed) and
    reviewed (every follow-up's current content approved: FollowUp.review_decision, which a
    change after the review empties). Three queries.
    """
    problems = []
    charter = round_.charter
    if charter.status != Charter.Status.PUBLISHED:
        problems.append(
            Blocker(
                _("The citizen promise is %(status)s, not published.")
                % {"status": charter.get_status_display()},
                url=reverse("promises:charter", kwargs={"pk": charter.pk}),
            )
        )
    entry = reverse("followups:round_entry", kwargs={"pk": charter.pk, "round_pk": round_.pk})
    enter = _("The coordinator must enter it")
    activities = (
        Activity.objects.filter(promise__charter=round_.charter_id)
        .filter(~Exists(FollowUp.objects.filter(round=round_, activity=OuterRef("pk"))))
        .order_by("promise__order", "order", "id")
    )
    for activity in activities:
        problems.append(
            Blocker(
                _("The activity %(activity)s has no follow-up.") % {"activity": activity.title},
                enter,
                f"{entry}#activity-{activity.pk}",
            )
        )
    promises = (
        Promise.objects.filter(charter=round_.charter_id)
        .filter(
            ~Exists(
                FollowUp.objects.filter(round=round_, promise=OuterRef("pk")).exclude(
                    assessment__in=["", Promise.Assessment.NOT_ASSESSED]
                )
            )
        )
        .order_by("order", "id")
    )
    for promise in promises:
        problems.append(
            Blocker(
                _("The promise %(promise)s is not assessed.") % {"promise": promise},
                enter,
                f"{entry}#promise-{promise.pk}",
            )
        )
    follow_ups = (
        round_.follow_ups.exclude(review_decision=Review.Decision.APPROVED)
        .select_related("activity", "promise")
        .prefetch_related("reviews")
        .order_by("id")
    )
    for follow_up in follow_ups:
        url = reverse("followups:follow_up", kwargs={"pk": follow_up.pk})
        # Reviews are ordered newest first (Review.Meta.ordering).
        latest = next(iter(follow_up.reviews.all()), None)
        if follow_up.review_decision == Review.Decision.NEEDS_CHANGES and latest is not None:
            problems.append(
                Blocker(
                    _("The follow-up of %(target)s needs changes: %(comment)s")
                    % {"target": follow_up.target, "comment": latest.comment},
                    _("The coordinator must correct it"),
                    url,
                )
            )
        elif latest is not None:
            problems.append(
                Blocker(
                    _("The follow-up of %(target)s was changed after its review.")
                    % {"target": follow_up.target},
                    _("The police must review it again"),
                    url,
                )
            )
        else:
            problems.append(
                Blocker(
                    _("The follow-up of %(target)s is not reviewed.")
                    % {"target": follow_up.target},
                    _("The police must review it"),
                    url,
                )
            )
    return problems


@transaction.atomic
def round_publish(*, round_: FollowUpRound, summary: str, user: User) -> None:
    """The coordinator publishes the round's report: residents see it on the kommun page.

    ROUND_ should be locked by the caller (select_for_update), so that two publishing steps
    take turns and the second is told the report is already out.
    """
    if round_.published_at is not None:
        raise ValidationError(
            _("The report of this round is already published."), code="published"
        )
    problems = round_missing(round_)
    if problems:
        raise ValidationError([str(problem) for problem in problems], code="incomplete")
    round_.summary = summary.strip()
    round_.published_at = timezone.now()
    round_.full_clean()
    record_as(round_, user, _("Report published"))
    round_.save()
    notices.announce(
        kind=Announcement.Kind.REPORT,
        object_id=round_.pk,
        municipality_id=round_.charter.municipality_id,
    )


@transaction.atomic
def follow_up_review(
    *, follow_up: FollowUp, user: User, decision: str, comment: str = ""
) -> Review:
    """Record a review decision on FOLLOW_UP by USER; "needs changes" must say what.

    Reviews are never changed afterwards: a new decision is a new row, so the author and the
    history see every round of review. Who may review is followups.permissions' question.
    """
    review = Review(follow_up=follow_up, reviewer=user, decision=decision, comment=comment.strip())
    review.full_clean()
    approved = decision == Review.Decision.APPROVED
    record_as(review, user, _("Approved") if approved else _("Sent back for completion"))
    review.save()
    return review


EPOCH = datetime.datetime(1970, 1, 1, tzinfo=datetime.UTC)


def follow_up_version(follow_up: FollowUp) -> str:
    """The version of FOLLOW_UP a list shows: its last change, to the microsecond.

    A step on many follow-ups at once is given back the versions the list showed, so that
    a follow-up changed since is not decided on unseen (follow_ups_review).
    """
    return version_of(follow_up.updated_at)


def version_of(updated_at: datetime.datetime) -> str:
    """The version of a follow-up last changed at UPDATED_AT (follow_up_version)."""
    return str((updated_at - EPOCH) // datetime.timedelta(microseconds=1))


class Skip:
    """Why follow_ups_review left a follow-up as it was."""

    CHANGED = "changed"
    APPROVED = "approved"


@dataclass
class BulkReview:
    """What follow_ups_review did: the new reviews, and the follow-ups skipped with why."""

    reviews: list[Review] = field(default_factory=list)
    skipped: list[tuple[FollowUp, str]] = field(default_factory=list)


@transaction.atomic
def follow_ups_review(
    *,
    follow_ups: Iterable[FollowUp],
    user: User,
    decision: str,
    comment: str = "",
    seen: dict[int, str],
    loaded_at: datetime.datetime | None,
) -> BulkReview:
    """Record one review decision by USER on each of FOLLOW_UPS: a Review row and a history
    entry each, like follow_up_review, in one transaction and a fixed number of queries.

    FOLLOW_UPS are those the user may review (followups.permissions' question), locked by
    the caller (select_for_update) so that a save of one of them waits for this step. SEEN
    holds the version (follow_up_version) the list showed of each follow-up it showed;
    those it did not show (the rest of a round) must be unchanged since LOADED_AT, the moment
    the list was shown. A follow-up changed since it was shown is skipped, and so, when
    approving, is one already approved: a decision is only recorded on content the reviewer
    had before them.
    """
    result = BulkReview()
    to_review = []
    for follow_up in follow_ups:
        shown = seen.get(follow_up.pk)
        if shown is not None:
            changed = shown != follow_up_version(follow_up)
        else:
            changed = loaded_at is None or follow_up.updated_at > loaded_at
        if changed:
            result.skipped.append((follow_up, Skip.CHANGED))
        elif (
            decision == Review.Decision.APPROVED
            and follow_up.review_decision == Review.Decision.APPROVED
        ):
            result.skipped.append((follow_up, Skip.APPROVED))
        else:
            to_review.append(follow_up)
    if not to_review:
        return result
    reviews = [
        Review(follow_up=follow_up, reviewer=user, decision=decision, comment=comment.strip())
        for follow_up in to_review
    ]
    # The rows differ only in their follow-up, checked above: one is checked in full (its
    # decision, its comment, the constraint), rather than every one with a query per key.
    reviews[0].full_clean(exclude=["follow_up", "reviewer"])
    approved = decision == Review.Decision.APPROVED
    result.reviews = bulk_create_with_history(
        reviews,
        Review,
        default_user=user,
        default_change_reason=_("Approved") if approved else _("Sent back for completion"),
    )
    # What Review.save() keeps for one review: the latest decision, copied on its follow-up.
    FollowUp.objects.filter(pk__in=[follow_up.pk for follow_up in to_review]).update(
        review_decision=decision
    )
    for follow_up in to_review:
        follow_up.review_decision = decision
    return result


def keeps_its_dates(round_: FollowUpRound, has_follow_ups: bool) -> bool:
    """Whether the round stays as it is whatever the plan: something was written in it."""
    return has_follow_ups or round_.published_at is not None or bool(round_.summary.strip())


@dataclass
class RoundsSync:
    """What rounds_sync changed."""

    created: list[FollowUpRound] = field(default_factory=list)
    updated: list[FollowUpRound] = field(default_factory=list)
    removed: list[FollowUpRound] = field(default_factory=list)
    # Rounds with follow-ups or a report that the new period or cadence would not make.
    kept: list[FollowUpRound] = field(default_factory=list)

    @property
    def changed(self) -> bool:
        return bool(self.created or self.updated or self.removed)

    @property
    def message(self) -> str:
        """One sentence for the person who saved the charter; empty when nothing changed."""
        parts = []
        if self.created:
            parts.append(
                ngettext(
                    "%(count)d follow-up round added",
                    "%(count)d follow-up rounds added",
                    len(self.created),
                )
                % {"count": len(self.created)}
            )
        if self.updated:
            parts.append(
                ngettext(
                    "%(count)d follow-up round given new dates",
                    "%(count)d follow-up rounds given new dates",
                    len(self.updated),
                )
                % {"count": len(self.updated)}
            )
        if self.removed:
            parts.append(
                ngettext(
                    "%(count)d empty follow-up round removed",
                    "%(count)d empty follow-up rounds removed",
                    len(self.removed),
                )
                % {"count": len(self.removed)}
            )
        text = ", ".join(parts) + "." if parts else ""
        if self.kept:
            text += " " + ngettext(
                "%(count)d round with follow-ups or a report is kept as it was.",
                "%(count)d rounds with follow-ups or a report are kept as they were.",
                len(self.kept),
            ) % {"count": len(self.kept)}
        return text.strip()


def off_plan(round_: FollowUpRound, planned: list[PlannedRound]) -> bool:
    """Whether ROUND is not one the charter's current period and cadence would make."""
    return (round_.title, round_.period_start, round_.period_end) not in {
        (p.title, p.period_start, p.period_end) for p in planned
    }


def follow_ups_owner_sync(
    *, promise: Promise | None = None, activity: Activity | None = None
) -> int:
    """Give the follow-ups of PROMISE (and its activities), or of ACTIVITY, their owner now.

    One UPDATE, of the rows whose copy differs; returns how many there were.
    """
    if promise is not None:
        rows, owner = Q(promise=promise) | Q(activity__promise=promise), promise.owner
    else:
        assert activity is not None, "a promise or an activity"
        rows, owner = (
            Q(activity=activity),
            Promise.objects.values_list("owner", flat=True).get(pk=activity.promise_id),
        )
    return FollowUp.objects.filter(rows).exclude(owner=owner).update(owner=owner)


@transaction.atomic
def rounds_sync(*, charter: Charter, user: User | None) -> RoundsSync:
    """Make CHARTER's rounds those its period and cadence call for.

    Rounds nobody has written in are added, given new dates and titles, or removed. A round
    with follow-ups, a summary or a published report is never changed or removed: the days
    it covers are left out of the new rounds, and the rounds page says it is kept.
    """
    # Locked first and read again after: a follow-up saved meanwhile is then seen below, in
    # a query of its own, so that its round is not removed under it.
    rounds = list(
        FollowUpRound.objects.select_for_update().filter(charter=charter).order_by("period_start")
    )
    written = set(
        FollowUp.objects.filter(round__in=[r.pk for r in rounds]).values_list(
            "round_id", flat=True
        )
    )
    planned = plan_for(charter)
    kept = [r for r in rounds if keeps_its_dates(r, r.pk in written)]
    free = {r.period_start: r for r in rounds if r not in kept}
    result = RoundsSync(kept=[r for r in kept if off_plan(r, planned)])

    to_make = around(
        planned, [(r.period_start, r.period_end) for r in kept], charter.followup_cadence
    )
    matched = {piece.period_start for piece in to_make} & set(free)
    for start, unplanned in free.items():
        if start not in matched:
            record_as(unplanned, user)
            unplanned.delete()
            result.removed.append(unplanned)
    for piece in to_make:
        values = {"title": piece.title, "period_end": piece.period_end, "due_on": piece.due_on}
        round_ = free.get(piece.period_start)
        if round_ is None:
            round_ = FollowUpRound(charter=charter, period_start=piece.period_start, **values)
            result.created.append(round_)
        elif any(getattr(round_, name) != value for name, value in values.items()):
            for name, value in values.items():
                setattr(round_, name, value)
            result.updated.append(round_)
        else:
            continue
        round_.charter = charter  # the instance the caller holds, with the new period
        round_.full_clean()
        record_as(round_, user)
        round_.save()
    return result


@dataclass
class Refused:
    """A row the database refused although its form was valid, and why."""

    obj: FollowUp | Measurement
    error: ValidationError


def round_entries_save(
    *, round_: FollowUpRound, user: User, entries: Iterable[FollowUp | Measurement]
) -> list[Refused]:
    """Save the follow-ups and measurements entered on ROUND's page, each on its own.

    A row that fails its full check (a value of the same date saved by someone else a moment
    ago) is rolled back alone and returned with the reason; the others are saved. The author
    of a follow-up is whoever saved its current text; it is reported on the day of the save.
    """
    refused = []
    today = timezone.localdate()
    entries = list(entries)
    stored = FollowUp.objects.in_bulk(
        [obj.pk for obj in entries if isinstance(obj, FollowUp) and obj.pk]
    )
    with transaction.atomic():
        for obj in entries:
            reason = ""
            if isinstance(obj, FollowUp):
                obj.round = round_
                obj.author = user
                obj.reported_on = today
                if follow_up_review_reset(obj, stored.get(obj.pk)):
                    reason = _("Changed after review: to be reviewed again")
            elif obj.pk is None:
                obj.recorded_by = user
            record_as(obj, user, reason)
            try:
                with transaction.atomic():  # a savepoint: one refused row leaves the rest
                    obj.full_clean()
                    obj.save()
            except ValidationError as error:
                refused.append(Refused(obj, error))
            except IntegrityError:
                refused.append(
                    Refused(
                        obj,
                        ValidationError(
                            _("Someone else saved the same row at the same moment. Save again.")
                        ),
                    )
                )
    return refused


def follow_up_review_reset(follow_up: FollowUp, stored: FollowUp | None) -> bool:
    """Send FOLLOW_UP back to its reviewer if what residents read of it differs from STORED.

    A review approves the content it saw: once the status, assessment or a public text
    changes, the decision no longer holds and the follow-up waits for review again (its
    reviews stay in the history). Saving without a change of those fields keeps the decision.
    Returns whether the review was reset; the caller saves FOLLOW_UP.
    """
    if stored is None or not stored.review_decision:
        return False
    if all(getattr(follow_up, name) == getattr(stored, name) for name in FollowUp.REVIEWED_FIELDS):
        return False
    follow_up.review_decision = ""
    return True


def follow_up_save(*, follow_up: FollowUp, user: User) -> None:
    """Save one FOLLOW_UP edited outside its round's page (a version put back, the admin):
    like an edit there, a change of what residents read resets its review."""
    stored = FollowUp.objects.filter(pk=follow_up.pk).first() if follow_up.pk else None
    if follow_up_review_reset(follow_up, stored):
        reason = _("Changed after review: to be reviewed again")
        earlier = getattr(follow_up, "_change_reason", "")
        record_as(follow_up, user, f"{earlier}. {reason}" if earlier else reason)
    follow_up.save()


def report_outcomes(*, charter: Charter) -> list[CarriedSource]:
    """What the last published follow-up report of CHARTER found, as a source for the next
    lägesbild: each promise's assessment with what was done, as residents read it."""
    round_ = (
        charter.rounds.filter(published_at__isnull=False).order_by("-period_start", "-id").first()
    )
    if round_ is None:
        return []
    follow_ups = (
        round_.follow_ups.filter(promise__isnull=False)
        .exclude(assessment__in=["", Promise.Assessment.NOT_ASSESSED])
        .select_related("promise")
        .prefetch_related("promise__focus_areas")
        .order_by("promise__order", "id")
    )
    findings = []
    for follow_up in follow_ups:
        promise = follow_up.promise
        if promise is None:  # not possible: the query asks for promises' follow-ups
            continue
        text = f"{promise}: {follow_up.get_assessment_display()}."
        if follow_up.narrative_public.strip():
            text += f" {follow_up.narrative_public.strip()}"
        areas = list(promise.focus_areas.all())
        findings.append(CarriedFinding(text=text, focus_area_id=areas[0].pk if areas else None))
    return [
        CarriedSource(
            kind=Source.Kind.OTHER,
            title=_("Follow-up report %(round)s") % {"round": round_.title},
            date=round_.period_end,
            description=round_.summary,
            findings=findings,
        )
    ]
