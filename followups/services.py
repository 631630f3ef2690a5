"""Writes of the followups app that span several models or leave a step in the history."""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _

from followups.models import FollowUp, Review


@transaction.atomic
def follow_up_review(*, follow_up: FollowUp, user, decision: str, comment: str = "") -> Review:
    """Record a review decision on FOLLOW_UP by USER; "needs changes" must say what.

    Reviews are never changed afterwards: a new decision is a new row, so the author and the
    history see every round of review. Who may review is followups.permissions' question.
    """
    review = Review(follow_up=follow_up, reviewer=user, decision=decision, comment=comment.strip())
    review.full_clean()
    review._history_user = user
    review._change_reason = (
        _("Approved") if decision == Review.Decision.APPROVED else _("Sent back for completion")
    )
    review.save()
    return review
