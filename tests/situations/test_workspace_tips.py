"""The tips inbox of a kommun: its coordinator reads residents' tips, unhandled first, and marks
them handled or reopens them; the history keeps who did it, never what the resident wrote.
"""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from situations.models import Tip
from tests.helpers import WEDNESDAY_NOON, situations_url, sv
from tests.situations.factories import PlaceFactory

# Tips are some days old, and the inbox shows the day each came in.
pytestmark = pytest.mark.time_machine(WEDNESDAY_NOON, tick=False)


def tip(municipality, message: str, *, age_days: int = 0, handled: bool = False, **fields):
    created = Tip.objects.create(
        municipality=municipality, message=message, handled=handled, **fields
    )
    Tip.objects.filter(pk=created.pk).update(
        created_at=timezone.now() - datetime.timedelta(days=age_days)
    )
    return created


def inbox(client, world, **params):
    response = client.get(situations_url("tips", world.municipality), params)
    assert response.status_code == 200
    return response


def handle(client, a_tip, **data):
    return client.post(reverse("situations:tip_handle", kwargs={"pk": a_tip.pk}), data)


def test_the_inbox_shows_unhandled_tips_first_with_text_place_contact_and_date(coordinator, world):
    torget = PlaceFactory(municipality=world.municipality, name="Torget")
    tip(world.municipality, "Gammalt hanterat tips.", handled=True)
    tip(
        world.municipality,
        "Mörkt i gångtunneln.\nSärskilt på kvällen.",
        age_days=3,
        place=torget,
        place_text="Vid skolan",
        name="Anna Andersson",
        email="anna@example.se",
        phone="070-123 45 67",
    )
    tip(world.other_municipality, "Tips om kommun B.")

    page = inbox(coordinator, world).content.decode()

    assert page.index("Mörkt i gångtunneln.") < page.index("Gammalt hanterat tips.")
    assert "Mörkt i gångtunneln.<br>Särskilt på kvällen." in page
    assert "Torget: Vid skolan" in page
    assert "Anna Andersson" in page
    assert 'href="mailto:anna@example.se"' in page
    assert "070-123 45 67" in page
    assert "Tips om kommun B." not in page
    created = timezone.localtime(timezone.now() - datetime.timedelta(days=3))
    assert f'datetime="{created:%Y-%m-%d}' in page


@pytest.mark.parametrize(
    "shown, expected, hidden",
    [
        ("ohanterade", "Ohanterat tips.", "Hanterat tips."),
        ("hanterade", "Hanterat tips.", "Ohanterat tips."),
    ],
)
def test_the_filter_shows_only_unhandled_or_only_handled_tips(
    coordinator, world, shown, expected, hidden
):
    tip(world.municipality, "Ohanterat tips.")
    tip(world.municipality, "Hanterat tips.", handled=True)

    page = inbox(coordinator, world, visa=shown).content.decode()

    assert expected in page
    assert hidden not in page


def test_an_unknown_filter_shows_all_tips(coordinator, world):
    tip(world.municipality, "Ohanterat tips.")
    tip(world.municipality, "Hanterat tips.", handled=True)

    page = inbox(coordinator, world, visa="<script>").content.decode()

    assert "Ohanterat tips." in page and "Hanterat tips." in page
    assert "<script>" not in page


def test_a_residents_html_is_shown_as_text(coordinator, world):
    tip(world.municipality, "<script>alert('hej')</script>", name="<b>Bold</b>")

    page = inbox(coordinator, world).content.decode()

    assert "<script>alert" not in page
    assert escape("<script>alert('hej')</script>") in page
    assert escape("<b>Bold</b>") in page


def test_the_inbox_pages_by_25_and_its_links_keep_the_filter(coordinator, world):
    for number in range(30):
        tip(world.municipality, f"Tips nummer {number}.", age_days=number)

    first = inbox(coordinator, world, visa="ohanterade")
    second = inbox(coordinator, world, visa="ohanterade", sida=2)

    assert len(first.context["page_obj"]) == 25
    assert len(second.context["page_obj"]) == 5
    assert "?visa=ohanterade&amp;sida=2" in first.content.decode()
    assert "Tips nummer 29." in second.content.decode()


def test_marking_a_tip_handled_records_who_did_it_and_returns_to_the_same_view(coordinator, world):
    a_tip = tip(world.municipality, "Trasig belysning.", email="anna@example.se")

    response = handle(coordinator, a_tip, handled="1", visa="ohanterade", sida="1")

    assert response.status_code == 302
    assert response["Location"] == situations_url("tips", world.municipality) + (
        "?visa=ohanterade&sida=1"
    )
    a_tip.refresh_from_db()
    assert a_tip.handled
    assert a_tip.handled_at is not None
    record = a_tip.history.latest()
    assert record.history_user == world.coordinator
    assert record.history_change_reason == sv("Marked as handled")
    # The privacy notice: the history never keeps what the resident wrote.
    assert not hasattr(record, "message")
    assert not hasattr(record, "email")
    page = coordinator.get(response["Location"]).content.decode()
    assert sv("The tip is marked as handled.") in page


def test_a_handled_tip_is_reopened(coordinator, world):
    a_tip = tip(world.municipality, "Trasig belysning.", handled=True)

    handle(coordinator, a_tip, handled="0")

    a_tip.refresh_from_db()
    assert not a_tip.handled
    assert a_tip.handled_at is None
    assert a_tip.history.latest().history_change_reason == sv("Reopened")
    assert a_tip.history.latest().history_user == world.coordinator


def test_marking_a_handled_tip_handled_again_changes_nothing(coordinator, world):
    a_tip = tip(world.municipality, "Trasig belysning.", handled=True)
    records = a_tip.history.count()

    handle(coordinator, a_tip, handled="1")

    assert a_tip.history.count() == records


def test_a_redirect_after_handling_never_leaves_the_inbox(coordinator, world):
    a_tip = tip(world.municipality, "Trasig belysning.")

    response = handle(coordinator, a_tip, handled="1", visa="//evil.example", sida="x")

    assert response["Location"] == situations_url("tips", world.municipality) + "?visa=alla"


def test_the_inbox_runs_a_fixed_number_of_queries_however_many_tips(coordinator, world):
    torget = PlaceFactory(municipality=world.municipality)
    for number in range(40):
        tip(world.municipality, f"Tips {number}.", place=torget if number % 2 else None)
    inbox(coordinator, world)

    with CaptureQueriesContext(connection) as queries:
        inbox(coordinator, world)

    # 1 the session, 2 the user, 3 the kommun, 4 the coordinator's roles there, 5 the count
    # of tips for the paginator, 6 the page of tips with their places (select_related).
    assert len(queries) == 6, [q["sql"] for q in queries.captured_queries]


def test_each_tip_is_labelled_in_the_singular(coordinator, world):
    Tip.objects.create(municipality=world.municipality, message="En enda lampa.")
    content = coordinator.get(
        reverse("situations:tips", kwargs={"slug": world.municipality.slug})
    ).content.decode()
    assert '<span class="badge text-bg-warning">Ohanterat</span>' in content
