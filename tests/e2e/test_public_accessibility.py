"""axe-core finds no WCAG 2.1 A/AA violation and the Nu HTML checker no error on the public
pages; they work by keyboard, without JavaScript and on a 360 px wide screen."""

import itertools

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from followups.models import FollowUp, FollowUpRound
from promises import corrections
from promises.models import Activity, Charter, Party, Promise
from situations.reference import load_reference_data
from tests.e2e.audit import AxeAudit
from tests.followups.factories import FollowUpFactory

# Transactional, because the live server reads from another thread.
pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def demo_charter(db):
    # The flush that ends each transactional test also removes the reference data that the
    # migrations loaded; put it back (it is idempotent).
    load_reference_data()
    call_command("load_demo", verbosity=0)
    return Charter.objects.published().get(municipality__slug="saffle")


def published_report(charter: Charter) -> FollowUpRound:
    """The charter's first round, published with a follow-up of an activity and a promise (the
    demo reports nothing: it does not invent outcomes for real kommuner)."""
    round_ = charter.rounds.order_by("period_start").first()
    activity = Activity.objects.filter(promise__charter=charter, is_public=True).first()
    FollowUpFactory(round=round_, activity=activity, status=FollowUp.Status.DONE)
    FollowUpFactory(round=round_, for_promise=True, promise=activity.promise)
    round_.published_at = timezone.now()
    round_.summary = "Det mesta är på gång."
    round_.save()
    return round_


def corrected(charter: Charter) -> str:
    """The change log of CHARTER, corrected once: its summary and a promise's text."""
    with corrections.recording(
        charter=charter, party=Party.MUNICIPALITY, reason="Mötena är på torsdagar."
    ):
        Charter.objects.filter(pk=charter.pk).update(summary=f"{charter.summary} Rättad.")
        promise = Promise.objects.filter(charter=charter).order_by("order", "id").first()
        Promise.objects.filter(pk=promise.pk).update(text=f"{promise.text} (rättad)")
    slug = charter.municipality.slug
    return reverse("public:charter_changes", kwargs={"slug": slug, "pk": charter.pk})


def public_pages(charter: Charter) -> dict[str, str]:
    slug = charter.municipality.slug
    closed = Charter.objects.archived().filter(municipality__slug=slug).first()
    return {
        "start": reverse("public:home"),
        "search": reverse("public:home") + "?q=sala",
        "kommun": reverse("public:municipality", kwargs={"slug": slug}),
        "kommun utan medborgarlöfte": reverse("public:municipality", kwargs={"slug": "kiruna"}),
        "arkiv": reverse("public:archive", kwargs={"slug": slug}),
        "medborgarlöfte": (closed or charter).get_absolute_url(),
        "utskrift": reverse("public:charter_print", kwargs={"slug": slug, "pk": charter.pk}),
        "ändringar sedan undertecknandet": corrected(charter),
        "uppföljningsrapport": published_report(charter).get_absolute_url(),
        "översikt": reverse("public:overview"),
        "översikt filtrerad": reverse("public:overview") + "?state=published&order=-period",
        "öppna data": reverse("opendata:api_docs"),
        "tips": reverse("public:tip", kwargs={"slug": slug}),
        "personuppgifter": reverse("public:privacy"),
        "tillgänglighet": reverse("public:accessibility"),  # last: it asks for feedback
    }


def test_no_public_page_has_a_wcag_21_aa_violation_or_an_html_error(
    live_server, page, demo_charter
):
    audit = AxeAudit()
    for name, path in public_pages(demo_charter).items():
        response = page.goto(live_server.url + path)
        assert response.status == 200, f"{name}: {response.status}"
        audit.check(page, name)
    # The last page asks whether it helped; the answer comes back on a page of its own.
    page.get_by_role("button", name="Ja").click()
    page.wait_for_load_state()
    assert "Tack" in page.content()
    audit.check(page, "tack för synpunkten")
    audit.assert_clean()


def test_the_kommun_page_has_a_skip_link_landmarks_and_headings_in_order(
    live_server, page, demo_charter
):
    page.goto(live_server.url + reverse("public:municipality", kwargs={"slug": "saffle"}))

    page.keyboard.press("Tab")
    skip = page.locator(":focus")
    assert skip.inner_text() == "Hoppa till innehållet"
    assert skip.is_visible()
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"

    assert page.locator("header").count() >= 1
    assert page.locator("main").count() == 1
    assert page.locator("footer").count() >= 1
    assert page.locator("h1").count() == 1
    levels = page.eval_on_selector_all(
        "main h1, main h2, main h3, main h4, main h5, main h6",
        "els => els.map(e => Number(e.tagName[1]))",
    )
    for previous, current in itertools.pairwise(levels):
        assert current <= previous + 1, f"heading level jumps from h{previous} to h{current}"


def test_every_public_page_fits_a_360_px_wide_screen(live_server, browser, demo_charter):
    context = browser.new_context(viewport={"width": 360, "height": 740}, locale="sv-SE")
    page = context.new_page()
    overflowing = {}
    for name, path in public_pages(demo_charter).items():
        page.goto(live_server.url + path)
        overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        if overflow > 0:
            overflowing[name] = overflow
    context.close()

    assert not overflowing, f"pages that scroll sideways at 360 px: {overflowing}"


def test_finding_a_kommun_and_sending_a_tip_work_without_javascript(
    live_server, browser, demo_charter
):
    context = browser.new_context(java_script_enabled=False, locale="sv-SE")
    page = context.new_page()
    page.goto(live_server.url + reverse("public:home"))

    page.get_by_label("Hitta din kommun").fill("Säffle")
    with page.expect_navigation():
        page.get_by_role("button", name="Sök").click()
    assert page.url.endswith("/kommuner/saffle/")
    # The demo's Säffle charter (2017) has ended: the page says so and links it.
    assert "Säffle har inget gällande medborgarlöfte i dag." in page.content()

    page.get_by_label("Ditt meddelande").fill("Belysningen vid resecentrum är trasig.")
    with page.expect_navigation():
        page.get_by_role("button", name="Skicka").click()

    assert "Tack" in page.content()
    context.close()


def test_the_print_view_prints_to_pdf_without_the_site_navigation(live_server, page, demo_charter):
    page.goto(
        live_server.url
        + reverse("public:charter_print", kwargs={"slug": "saffle", "pk": demo_charter.pk})
    )
    page.emulate_media(media="print")

    assert not page.locator("header.site-header").is_visible()
    assert page.locator("text=Underskrifter").is_visible()
    pdf = page.pdf(format="A4")
    assert pdf.startswith(b"%PDF")
    assert len(pdf) > 5_000
