"""A whole charter of nine promises entered in the browser, from the lägesbild to the public
page, counting the forms posted: each promise goes with all its activities in one save, and
several sources, findings, contacts or signatories in one, so it takes one post per promise and
a handful more, not one per activity, source or signatory."""

import pytest
from django.urls import reverse
from django.utils import timezone

from promises.models import Charter
from situations.models import SituationReport
from situations.reference import load_reference_data
from tests.e2e.promise_pages import add_promise_with_the_browser
from tests.helpers import approve_with_the_browser, log_in_with_the_browser
from tests.situations.factories import FocusAreaFactory, PlaceFactory

# Transactional, because the live server reads from another thread.
pytestmark = pytest.mark.django_db(transaction=True)

# At most this many POSTs, logins included: 2 logins and the code of each one's second factor,
# the lägesbild created, filled and published, the draft created, 9 promises (each with its
# activities), the contacts, the submit, the approval.
MOST_POSTS = 20

# Nine promises with 22 activities, at most three each (a new promise's page offers three
# blank activities).
OWNERS = ["police", "municipality", "joint"]
ACTIVITY_COUNTS = [3, 3, 2, 3, 2, 3, 2, 2, 2]
PROMISES = [
    (
        OWNERS[number % 3],
        f"Löfte {number + 1}: vi lovar att arbeta för trygghet på plats {number + 1}.",
        [f"Aktivitet {number + 1}.{index + 1}" for index in range(count)],
    )
    for number, count in enumerate(ACTIVITY_COUNTS)
]
SOURCES = ["Trygghetsmätning 2025", "Polisens anmälningsstatistik", "Medborgardialog i centrum"]
# Each rests on a source added on the same page, in the same save.
FINDINGS = [
    ("Hälften känner sig otrygga i centrum på kvällen.", 1),
    ("Anmälda inbrott ökade med en femtedel.", 2),
    ("Boende efterfrågar bättre belysning.", 3),
]
CONTACTS = [
    ("Kim Kommunpolis", "Kommunpolis", "police", "kim@polisen.example"),
    ("Sam Samordnare", "Brottsförebyggande samordnare", "municipality", "sam@kommun.example"),
]


@pytest.fixture
def kommun(transactional_db, world):
    load_reference_data()  # the flush of the previous transactional test removed it
    PlaceFactory(municipality=world.municipality, name="Stadsparken")
    FocusAreaFactory(name="Trygghet")
    return world


def test_a_nine_promise_charter_is_entered_and_published_in_a_post_per_promise_and_a_few(
    live_server, browser, kommun
):
    base = live_server.url
    year = timezone.localdate().year
    posts: list[str] = []

    coordinator = browser.new_context(locale="sv-SE")
    page = coordinator.new_page()
    page.set_default_timeout(15_000)
    page.on("request", lambda request: request.method == "POST" and posts.append(request.url))
    log_in_with_the_browser(page, base, "coordinator")

    # The lägesbild: created, its three sources and three findings in one save, published.
    page.goto(base + reverse("situations:report_create", kwargs={"slug": "kommun-a"}))
    page.fill("[name='title']", f"Lägesbild {year}")
    page.fill("[name='period_start']", f"{year}-01-01")
    page.fill("[name='period_end']", f"{year}-12-31")
    page.fill("[name='summary']", "Otrygghet i centrum på kvällar, inbrott i villaområden.")
    page.locator("main form button[type='submit']").first.click()
    page.locator("[name='sources-0-title']").wait_for()
    for row, title in enumerate(SOURCES):
        page.select_option(f"[name='sources-{row}-kind']", index=1)
        page.fill(f"[name='sources-{row}-title']", title)
    for row, (text, source) in enumerate(FINDINGS):
        page.fill(f"[name='findings-{row}-text']", text)
        page.select_option(f"[name='findings-{row}-source']", f"new-{source}")
    page.get_by_role("button", name="Spara", exact=True).click()
    page.get_by_text("Lägesbilden är sparad.").wait_for()
    report = SituationReport.objects.get(title=f"Lägesbild {year}")
    assert [(f.text, f.source.title) for f in report.findings.order_by("order")] == [
        (text, SOURCES[source - 1]) for text, source in FINDINGS
    ]
    page.get_by_role("button", name="Publicera lägesbilden").click()
    page.get_by_text("Lägesbilden är publicerad.").wait_for()

    # The draft.
    page.goto(base + reverse("promises:charter_create", kwargs={"slug": "kommun-a"}))
    page.get_by_label("Titel").fill(f"Medborgarlöfte {year}")
    page.get_by_label("Periodens början").fill(f"{year}-01-01")
    page.get_by_label("Periodens slut").fill(f"{year}-12-31")
    page.get_by_label("Lokalpolisområde").select_option(label="LPO A")
    page.select_option("[name='situation_report']", str(report.pk))
    page.get_by_label("Sammanfattning").fill("Trygghet i centrum, i parken och hemma.")
    page.get_by_role("button", name="Skapa utkastet").click()
    page.get_by_role("heading", name="Löften och aktiviteter").wait_for()

    # Nine promises, each with its activities in one save on its own page.
    for owner, text, activities in PROMISES:
        party = owner if owner != "joint" else "police"
        add_promise_with_the_browser(page, owner, text, activities, party=party)

    charter = Charter.objects.get(title=f"Medborgarlöfte {year}")
    assert [
        (p.owner, p.text, [a.title for a in p.activities.order_by("order")])
        for p in charter.promises.order_by("order")
    ] == PROMISES

    # The contacts, both in one save.
    page.goto(base + reverse("promises:charter_edit", kwargs={"pk": charter.pk}))
    for row, (name, role, party, email) in enumerate(CONTACTS):
        page.fill(f"[name='contacts-{row}-name']", name)
        page.fill(f"[name='contacts-{row}-role']", role)
        page.select_option(f"[name='contacts-{row}-party']", party)
        page.fill(f"[name='contacts-{row}-email']", email)
    page.get_by_role("button", name="Spara", exact=True).click()
    page.get_by_text("Medborgarlöftet är sparat.").wait_for()

    page.get_by_role("link", name="Skicka för granskning").click()  # the checklist: all hold
    # No promise is linked to a prioritised problem: sent anyway, saying why.
    page.get_by_label("Varför skickas det ändå?").fill("Kopplingarna görs vid nästa revidering.")
    page.get_by_role("button", name="Skicka för granskning").click()
    page.get_by_text("Medborgarlöftet har skickats till polisens chef för granskning.").wait_for()
    coordinator.close()

    # The police manager approves with both signatories, on the date prefilled (today).
    manager = browser.new_context(locale="sv-SE")
    page = manager.new_page()
    page.set_default_timeout(15_000)
    page.on("request", lambda request: request.method == "POST" and posts.append(request.url))
    log_in_with_the_browser(page, base, "police-manager")
    page.goto(base + reverse("promises:charter_approve", kwargs={"pk": charter.pk}))
    assert page.input_value("[name='signed_on']") == timezone.localdate().isoformat()
    approve_with_the_browser(page)
    manager.close()

    charter.refresh_from_db()
    assert charter.status == Charter.Status.PUBLISHED
    assert charter.promises.count() == 9
    assert sum(p.activities.count() for p in charter.promises.all()) == 22
    assert charter.contacts.count() == 2
    assert charter.signatories.count() == 2

    print(f"\nForm POSTs to enter and publish a nine-promise charter: {len(posts)}")
    for url in posts:
        print("  POST", url.removeprefix(base))
    assert len(posts) <= MOST_POSTS
