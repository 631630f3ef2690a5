"""Review in bulk, from the review list: one decision on the follow-ups ticked, on a page of
the list, or on every follow-up of a round, in one post and one transaction.

Each follow-up is checked on its own: only those the user may review get a decision, and
only if unchanged since the list showed them; the message says how many were decided and
which were skipped, and why.
"""

from __future__ import annotations

import datetime
from collections import defaultdict

from django.contrib import messages
from django.core import signing
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.text import Truncator
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from followups import services
from followups.forms import BulkReviewForm
from followups.models import FollowUp, Review
from followups.permissions import FollowUpAccess, follow_ups_access
from situations.models import Municipality

SALT = "followups.review.list-loaded"
# The names of the items skipped for one reason that the message lists; then "and N more".
NAMED = 10

OWN, CLOSED, READ_ONLY = "own", "closed", "read_only"
REASONS = {
    services.Skip.CHANGED: gettext_lazy(
        "changed after the list was shown; open it and read it before you decide"
    ),
    services.Skip.APPROVED: gettext_lazy("already approved"),
    OWN: gettext_lazy("you wrote it, so someone else reviews it"),
    CLOSED: gettext_lazy("the citizen promise is closed or withdrawn"),
    READ_ONLY: gettext_lazy("you may read it but not review it"),
}


def loaded_token() -> str:
    """The moment the list is shown, signed, for the bulk form to send back."""
    return signing.dumps(timezone.now().isoformat(), salt=SALT)


def loaded_at(token: str) -> datetime.datetime | None:
    """The moment in TOKEN, or None when it is missing or was tampered with."""
    try:
        return datetime.datetime.fromisoformat(signing.loads(token, salt=SALT))
    except (signing.BadSignature, TypeError, ValueError):
        return None


def refusal(access: FollowUpAccess) -> str:
    """Why the user may not review the follow-up of ACCESS (one they may read)."""
    if access.is_own:
        return OWN
    if not access.is_reviewable:
        return CLOSED
    return READ_ONLY


def review_in_bulk(
    request: HttpRequest, form: BulkReviewForm, municipalities: list[Municipality]
) -> None:
    """Record FORM's decision on the follow-ups it names that the user may review, and say
    what was done and what was skipped."""
    data = form.cleaned_data
    follow_ups = FollowUp.objects.all()
    if not request.user.is_superuser:
        # Only what the list could show: others are "not found", whatever their id.
        follow_ups = follow_ups.filter(round__charter__municipality__in=municipalities)
    ids = form.ids
    if ids is None:
        follow_ups = follow_ups.filter(round_id=data["round"])
    else:
        follow_ups = follow_ups.filter(pk__in=ids)
    with transaction.atomic():
        # Locked in one order, so that a save of the round's page waits for this step (and
        # this one for it) without two such steps locking each other.
        found = list(
            follow_ups.select_for_update(of=("self",))
            .select_related("round__charter", "activity", "promise")
            .order_by("pk")
        )
        reviewable, skipped = [], []
        for access in follow_ups_access(request, found):
            if access.can_review:
                reviewable.append(access.follow_up)
            else:
                skipped.append((access.follow_up, refusal(access)))
        result = services.follow_ups_review(
            follow_ups=reviewable,
            user=request.user,
            decision=data["decision"],
            comment=data["comment"],
            seen=form.seen,
            loaded_at=loaded_at(data["loaded"]),
        )
    report(request, data["decision"], result, skipped + result.skipped)
    if ids is not None and len(found) < len(ids):
        missing = len(ids) - len(found)
        messages.warning(
            request,
            ngettext(
                "%(count)d follow-up was not found, or is not in your list.",
                "%(count)d follow-ups were not found, or are not in your list.",
                missing,
            )
            % {"count": missing},
        )
    if ids is None and not found:
        messages.warning(request, _("The round has no follow-up in your list."))


def report(
    request: HttpRequest,
    decision: str,
    result: services.BulkReview,
    skipped: list[tuple[FollowUp, str]],
) -> None:
    """Say how many follow-ups were decided, and which were skipped for what reason."""
    count = len(result.reviews)
    if decision == Review.Decision.APPROVED:
        text = ngettext("%(count)d follow-up approved.", "%(count)d follow-ups approved.", count)
    else:
        text = ngettext(
            "%(count)d follow-up sent back with your comment.",
            "%(count)d follow-ups sent back with your comment.",
            count,
        )
    (messages.success if count else messages.warning)(request, text % {"count": count})
    by_reason: dict[str, list[FollowUp]] = defaultdict(list)
    for follow_up, reason in skipped:
        by_reason[reason].append(follow_up)
    for reason, follow_ups in by_reason.items():
        names = [Truncator(str(follow_up.target)).chars(60) for follow_up in follow_ups[:NAMED]]
        more = len(follow_ups) - len(names)
        items = ", ".join(names)
        if more:
            items += " " + ngettext("and %(count)d more", "and %(count)d more", more) % {
                "count": more
            }
        messages.warning(
            request,
            ngettext(
                "%(count)d skipped (%(reason)s): %(items)s.",
                "%(count)d skipped (%(reason)s): %(items)s.",
                len(follow_ups),
            )
            % {"count": len(follow_ups), "reason": REASONS[reason], "items": items},
        )
