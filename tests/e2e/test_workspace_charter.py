"""A charter made in the browser, from the first draft to the public page, and two people
saving the same page at once. axe-core and the Nu HTML checker check every workspace page on
the way."""

import datetime

import pytest
from django.urls import reverse

from promises.models import Charter
from situations.reference import load_reference_data
from tests.e2e.audit import AxeAudit
from tests.e2e.promise_pages import add_promise_with_the_browser
from tests.helpers import log_in_with_the_browser
from tests.promises.factories import CharterFactory, PromiseFactory
from tests.situations.factories import FocusAreaFactory, PlaceFactory, SituationReportFactory

# Transactional, because the live server reads from another thread.
pytestmark = pytest.mark.django_db(transaction=True)


PROMISES = [
    (
        "police",
        "Polisen lovar att synas i centrum på helgkvällar.",
        ["Fotpatrull", "Trafikkontroll"],
    ),
    (
        "municipality",
        "Kommunen lovar bättre belysning i parken.",
        ["Byta armaturer", "Röja buskage"],
    ),
    (
        "joint",
        "Tillsammans lovar vi trygghetsvandringar varje höst.",
        ["Vandring", "Återkoppling"],
    ),
]


@pytest.fixture
def world_with_a_place(transactional_db, world):
    # The flush that ends each transactional test also removes the reference data that the
    # migrations loaded; put it back (it is idempotent).
    load_reference_data()
    PlaceFactory(municipality=world.municipality, name="Stadsparken")
    FocusAreaFactory(name="Trygghet")
    SituationReportFactory(
        municipality=world.municipality,
        title="Lägesbild 2026",
        period_start=datetime.date(2026, 1, 1),
        period_end=datetime.date(2026, 12, 31),
        published=True,
    )
    return world


def test_a_charter_goes_from_draft_to_the_public_page(live_server, browser, world_with_a_place):
    base = live_server.url
    audit = AxeAudit()
    check = audit.check
    coordinator = browser.new_context(locale="sv-SE")
    page = coordinator.new_page()
    page.set_default_timeout(15_000)

    log_in_with_the_browser(page, base, "coordinator")
    page.get_by_role("link", name="Kommun A").click()
    check(page, "kommunens arbetsyta")
    page.get_by_role("link", name="Nytt medborgarlöfte").click()
    check(page, "nytt medborgarlöfte")
    page.get_by_label("Titel").fill("Medborgarlöfte 2026")
    page.get_by_label("Periodens början").fill("2026-01-01")
    page.get_by_label("Periodens slut").fill("2026-12-31")
    page.get_by_label("Lokalpolisområde").select_option(label="LPO A")
    page.get_by_label("Lägesbild", exact=True).select_option(index=1)
    page.get_by_label("Sammanfattning").fill("Trygghet i centrum och i parken.")
    page.get_by_role("button", name="Skapa utkastet").click()
    page.get_by_role("heading", name="Löften och aktiviteter").wait_for()

    # One promise per owner, each with its two activities, on a page of its own.
    for number, (owner, text, activities) in enumerate(PROMISES):
        if number == 0:
            page.get_by_role("link", name="Lägg till ett löfte").click()
            page.locator("details:has([name='activities-0-title']) > summary").click()
            check(page, "nytt löfte med formulär öppet")
            page.go_back()
        add_promise_with_the_browser(
            page, owner, text, activities, party=owner if owner != "joint" else "police"
        )
    check(page, "löften och aktiviteter")
    page.get_by_role("link", name=PROMISES[1][1]).click()
    page.get_by_role("heading", name="Löfte 2 (kommunen)").wait_for()
    check(page, "ett löfte med sina aktiviteter")

    charter = Charter.objects.get(title="Medborgarlöfte 2026")
    assert [
        (p.owner, p.text, [a.title for a in p.activities.order_by("order")])
        for p in charter.promises.order_by("order")
    ] == [(owner, text, activities) for owner, text, activities in PROMISES]

    page.goto(base + reverse("promises:charter", kwargs={"pk": charter.pk}))
    check(page, "medborgarlöftets arbetsyta")
    page.get_by_role("link", name="Förhandsvisa den offentliga sidan").click()
    page.get_by_text("Förhandsvisning").first.wait_for()
    assert page.get_by_text(PROMISES[1][1]).is_visible()
    check(page, "förhandsvisning")
    page.get_by_role("link", name="Tillbaka till arbetsytan").click()
    # The checklist before review: a contact is missing, added through its link.
    page.get_by_role("link", name="Skicka för granskning").click()
    page.get_by_text("Saknas:").first.wait_for()
    check(page, "checklista före granskning")
    page.get_by_role("link", name="Lägg till en kontaktperson").click()
    page.fill("[name='contacts-0-name']", "Kim Kommunpolis")
    page.fill("[name='contacts-0-role']", "Kommunpolis")
    page.select_option("[name='contacts-0-party']", "police")
    page.fill("[name='contacts-0-email']", "kim@polisen.se")
    page.get_by_role("button", name="Spara", exact=True).click()
    page.get_by_text("Medborgarlöftet är sparat.").wait_for()
    with page.expect_navigation():
        page.get_by_role("link", name="Skicka för granskning").click()
    assert page.get_by_text("Saknas:").count() == 0
    # The lägesbild has no prioritised problems: sent anyway, saying why.
    page.get_by_label("Varför skickas det ändå?").fill("Problemen prioriteras i februari.")
    page.get_by_role("button", name="Skicka för granskning").click()
    page.get_by_text("Medborgarlöftet har skickats till polisens chef för granskning.").wait_for()
    coordinator.close()

    manager = browser.new_context(locale="sv-SE")
    page = manager.new_page()
    page.set_default_timeout(15_000)
    log_in_with_the_browser(page, base, "police-manager")
    page.get_by_role("link", name="Godkänn Medborgarlöfte 2026").click()
    check(page, "godkänn")
    page.get_by_label("Undertecknat").fill("2026-02-01")
    page.fill("[name='signatories-0-name']", "Anna Ordförande")
    page.fill("[name='signatories-0-title']", "Kommunstyrelsens ordförande")
    page.select_option("[name='signatories-0-party']", "municipality")
    page.fill("[name='signatories-0-organisation']", "Kommun A")
    page.fill("[name='signatories-1-name']", "Per Polischef")
    page.fill("[name='signatories-1-title']", "Lokalpolisområdeschef")
    page.select_option("[name='signatories-1-party']", "police")
    page.fill("[name='signatories-1-organisation']", "LPO A")
    page.get_by_role("button", name="Godkänn, registrera undertecknandet och publicera").click()
    page.get_by_text("Medborgarlöftet är godkänt").wait_for()
    page.get_by_role("link", name="Historik").click()
    page.get_by_text("Godkänt, undertecknat och publicerat").first.wait_for()
    check(page, "historik")
    manager.close()

    resident = browser.new_context(locale="sv-SE")
    page = resident.new_page()
    page.goto(base + reverse("public:municipality", kwargs={"slug": "kommun-a"}))
    assert page.get_by_role("heading", name="Medborgarlöfte 2026").count() >= 1
    for _owner, text, activities in PROMISES:
        assert page.get_by_text(text).count() >= 1
        assert page.get_by_text(activities[1]).count() >= 1
    assert page.get_by_text("Anna Ordförande").count() >= 1
    resident.close()

    audit.assert_clean()


def test_two_people_saving_the_same_promises_the_second_is_shown_both_and_merges(
    live_server, browser, world_with_a_place
):
    base = live_server.url
    charter = CharterFactory(
        municipality=world_with_a_place.municipality,
        police_area=world_with_a_place.police_area,
        period_start=datetime.date(2026, 1, 1),
        period_end=datetime.date(2026, 12, 31),
    )
    promise = PromiseFactory(charter=charter, owner="joint", text="Ursprunglig text.", order=1)
    url = base + reverse("promises:promise_edit", kwargs={"pk": promise.pk})
    audit = AxeAudit()
    check = audit.check

    first_context = browser.new_context(locale="sv-SE")
    second_context = browser.new_context(locale="sv-SE")
    first, second = first_context.new_page(), second_context.new_page()
    log_in_with_the_browser(first, base, "coordinator")
    log_in_with_the_browser(second, base, "police")
    first.goto(url)
    second.goto(url)

    first.fill("[name='promise-text']", "Samordnarens text.")
    first.get_by_role("button", name="Spara löftet och dess aktiviteter").click()
    first.get_by_text("Löftet och dess aktiviteter är sparade.").wait_for()

    second.fill("[name='promise-text']", "Polisens text.")
    second.get_by_role("button", name="Spara löftet och dess aktiviteter").click()
    second.get_by_role("heading", name="Någon annan sparade medan du redigerade").wait_for()
    assert second.input_value("[name='promise-text']") == "Polisens text."
    assert second.locator("#conflict ins", has_text="Samordnarens text.").count() == 1
    assert second.locator("#conflict del", has_text="Ursprunglig text.").count() == 1
    check(second, "krock")
    assert charter.promises.get().text == "Samordnarens text."

    second.fill("[name='promise-text']", "Samordnarens text. Polisens text.")
    second.get_by_role("button", name="Spara löftet och dess aktiviteter").click()
    second.get_by_text("Löftet och dess aktiviteter är sparade.").wait_for()
    assert charter.promises.get().text == "Samordnarens text. Polisens text."
    first_context.close()
    second_context.close()
    audit.assert_clean()
