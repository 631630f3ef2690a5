"""Before review, the checklist warns about a prioritised problem without a promise and a promise
that answers no problem; the coordinator may send anyway, saying why, and the police manager
reads why; residents never do."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from promises import services
from promises.models import Charter
from tests.helpers import WEDNESDAY_NOON, form_data, public_kommun_url, sv
from tests.promises.factories import CharterFactory, PromiseFactory, make_ready_for_review
from tests.situations.factories import ProblemFactory, SituationReportFactory

pytestmark = [pytest.mark.django_db, pytest.mark.time_machine(WEDNESDAY_NOON, tick=False)]

REASON = "Trygghetsmätningen kommer först i mars; då kopplas löftena."


@pytest.fixture
def ready(world):
    """A charter ready for review: two promises that answer the lägesbild's one problem."""
    charter = CharterFactory(municipality=world.municipality, police_area=world.police_area)
    PromiseFactory(charter=charter, order=1, title="Patrull vid busstationen")
    PromiseFactory(charter=charter, order=2, title="Belysning i parken")
    return make_ready_for_review(charter)


def submit_url(charter):
    return reverse("promises:charter_submit", kwargs={"pk": charter.pk})


def reloaded(charter) -> Charter:
    charter.refresh_from_db()
    return charter


def warnings_of(page: str) -> str:
    start = page.index('id="link-warnings"')
    return page[start : page.index("</section>", start)]


def test_a_ready_charter_with_every_link_asks_no_reason(coordinator, ready):
    page = coordinator.get(submit_url(ready)).content.decode()

    assert 'id="link-warnings"' not in page
    assert "unlinked_reason" not in page
    assert sv("Send for review") in page


def test_a_problem_without_a_promise_is_named_with_a_link_to_the_promises(coordinator, ready):
    ProblemFactory(report=ready.situation_report, priority=2, title="Inbrott i förråd")

    page = coordinator.get(submit_url(ready)).content.decode()

    warnings = warnings_of(page)
    assert sv("A prioritised problem has no promise") in warnings
    assert sv("No promise answers: %(problems)s", problems="2. Inbrott i förråd") in warnings
    assert f'href="{reverse("promises:promises_edit", kwargs={"pk": ready.pk})}"' in warnings
    assert sv("A promise answers no problem") not in warnings
    assert "Varför skickas det ändå?" in page


def test_a_promise_without_a_problem_is_named_with_a_link_to_its_page(coordinator, ready):
    lights = ready.promises.get(order=2)
    lights.problems.clear()

    warnings = warnings_of(coordinator.get(submit_url(ready)).content.decode())

    assert sv("A promise answers no problem") in warnings
    assert sv("Answers no prioritised problem: %(promises)s", promises=str(lights)) in warnings
    assert f'href="{reverse("promises:promise_edit", kwargs={"pk": lights.pk})}"' in warnings


def test_several_promises_without_a_problem_link_to_the_list(coordinator, ready):
    for promise in ready.promises.all():
        promise.problems.clear()

    warnings = warnings_of(coordinator.get(submit_url(ready)).content.decode())

    assert "Patrull vid busstationen; Belysning i parken" in warnings
    assert f'href="{reverse("promises:promises_edit", kwargs={"pk": ready.pk})}"' in warnings
    # The problem the promises left is named too.
    assert sv("A prioritised problem has no promise") in warnings


def test_a_link_to_a_problem_of_another_report_counts_as_none(coordinator, world, ready):
    patrol = ready.promises.get(order=1)
    older = SituationReportFactory(
        municipality=world.municipality,
        period_start=ready.period_start.replace(year=2019),
        period_end=ready.period_end.replace(year=2019),
    )
    patrol.problems.set([ProblemFactory(report=older)])

    warnings = warnings_of(coordinator.get(submit_url(ready)).content.decode())

    assert sv("Answers no prioritised problem: %(promises)s", promises=str(patrol)) in warnings


def test_a_report_without_problems_gives_one_warning_with_where_to_add_them(coordinator, ready):
    ready.situation_report.problems.all().delete()

    warnings = warnings_of(coordinator.get(submit_url(ready)).content.decode())

    assert sv("The situation report has no prioritised problems") in warnings
    report_url = reverse("situations:report_edit", kwargs={"pk": ready.situation_report_id})
    assert f'href="{report_url}#problems"' in warnings
    assert warnings.count("<li") == 1


def test_sending_with_a_warning_and_no_reason_is_refused(world, coordinator, ready):
    ready.promises.get(order=2).problems.clear()

    response = coordinator.post(submit_url(ready), {"unlinked_reason": "   "})

    assert response.status_code == 200
    assert (
        sv(
            "Write why the citizen promise is sent for review although a prioritised problem has "
            "no promise or a promise answers no problem."
        )
        in response.content.decode()
    )
    assert reloaded(ready).status == Charter.Status.DRAFT
    with pytest.raises(ValidationError):
        services.charter_submit(charter=ready, user=world.coordinator, reason="")


def test_a_refused_reason_stays_in_the_field(coordinator, ready):
    ready.promises.get(order=2).problems.clear()
    too_long = "Lång förklaring. " * 400

    response = coordinator.post(submit_url(ready), {"unlinked_reason": too_long})

    assert response.status_code == 200
    assert form_data(response)["unlinked_reason"] == too_long
    assert reloaded(ready).status == Charter.Status.DRAFT


def test_sent_with_a_reason_the_police_manager_reads_it_and_residents_never(
    client, coordinator, login_as, ready
):
    ready.promises.get(order=2).problems.clear()

    response = coordinator.post(submit_url(ready), {"unlinked_reason": REASON})

    assert response.status_code == 302
    charter = reloaded(ready)
    assert (charter.status, charter.unlinked_reason) == (Charter.Status.REVIEW, REASON)
    manager = login_as("police_manager")
    workspace = manager.get(reverse("promises:charter", kwargs={"pk": charter.pk}))
    approve = manager.get(reverse("promises:charter_approve", kwargs={"pk": charter.pk}))
    preview = manager.get(reverse("followups:charter_preview", kwargs={"pk": charter.pk}))
    assert REASON in workspace.content.decode() and REASON in approve.content.decode()
    assert REASON not in preview.content.decode()

    Charter.objects.filter(pk=charter.pk).update(
        status=Charter.Status.PUBLISHED,
        signed_on=charter.period_start,
        published_at=timezone.now(),
    )
    for url in (public_kommun_url(charter.municipality), charter.get_absolute_url()):
        assert REASON not in client.get(url).content.decode()


def test_sent_again_with_every_link_the_old_reason_is_cleared(world, ready):
    Charter.objects.filter(pk=ready.pk).update(unlinked_reason="Gammalt skäl")

    services.charter_submit(charter=reloaded(ready), user=world.coordinator, reason="Nytt")

    assert (reloaded(ready).status, ready.unlinked_reason) == (Charter.Status.REVIEW, "")


def test_the_reason_typed_before_comes_back_after_the_charter_is_sent_back(coordinator, ready):
    ready.promises.get(order=2).problems.clear()
    Charter.objects.filter(pk=ready.pk).update(unlinked_reason=REASON)

    data = form_data(coordinator.get(submit_url(ready)))

    assert data["unlinked_reason"] == REASON
