"""What changed in a follow-up since its latest review, for the reviewer who opens it again.

The version reviewed is read from the follow-up's history (django-simple-history): the last
one saved before the review. Residents' texts, the status or assessment and the internal text
are compared with the follow-up as it is now.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.utils.text import capfirst

from config.lib.history import FieldChange, ValueFormatter
from followups.models import FollowUp, Review

# What residents read (a change of which resets the review), and the internal account.
COMPARED_FIELDS = (*FollowUp.REVIEWED_FIELDS, "narrative_internal")


@dataclass
class ChangesSinceReview:
    """FOLLOW_UP's changes since REVIEW; `known` is False when the history holds no version
    from before the review (a follow-up loaded without history), so nothing can be said."""

    review: Review
    known: bool = True
    changes: list[FieldChange] = field(default_factory=list)


def changes_since_review(follow_up: FollowUp, review: Review | None) -> ChangesSinceReview | None:
    """What changed in FOLLOW_UP since REVIEW (its latest); None when it was never reviewed.

    One query, when it changed after the review: the version saved last before it.
    """
    if review is None:
        return None
    if follow_up.updated_at <= review.created_at:
        return ChangesSinceReview(review)  # not saved since: nothing changed
    record = (
        FollowUp.history.filter(id=follow_up.pk, history_date__lte=review.created_at)
        .order_by("-history_date", "-history_id")
        .first()
    )
    if record is None:
        return ChangesSinceReview(review, known=False)
    # None of the compared fields is a relation: the formatter needs no rows of its own.
    formatter = ValueFormatter([])
    result = ChangesSinceReview(review)
    for name in COMPARED_FIELDS:
        model_field = FollowUp._meta.get_field(name)
        old, new = getattr(record, model_field.attname), getattr(follow_up, model_field.attname)
        if old != new:
            result.changes.append(
                FieldChange(
                    capfirst(str(model_field.verbose_name)),
                    formatter.value(model_field, old),
                    formatter.value(model_field, new),
                )
            )
    return result
