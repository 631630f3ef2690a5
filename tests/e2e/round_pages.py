"""A round's follow-ups entered and reviewed in the browser, as a coordinator and a police
manager would."""

from django.urls import reverse

from followups.models import FollowUp


def rewrite_for_residents(page, base: str, follow_up: FollowUp, text: str) -> None:
    """As the coordinator, replace the text residents read of an activity's FOLLOW_UP."""
    round_ = follow_up.round
    page.goto(
        base
        + reverse("followups:round_entry", kwargs={"pk": round_.charter_id, "round_pk": round_.pk})
    )
    page.locator(f"#promise-{follow_up.activity.promise_id}-section > summary").click()
    page.locator(f"[name='activity-{follow_up.activity_id}-narrative_public']").fill(text)
    page.get_by_role("button", name="Spara uppföljningen").click()
    page.wait_for_load_state()


def approve(page, base: str, follow_up: FollowUp) -> None:
    """As the police manager, approve FOLLOW_UP on its own page."""
    page.goto(base + reverse("followups:follow_up", kwargs={"pk": follow_up.pk}))
    page.get_by_label("Godkänd").check()
    page.get_by_role("button", name="Spara granskningen").click()
    page.wait_for_load_state()
