"""Collaboration agreements in a browser: a coordinator creates the kommun's agreement, has a
file of the wrong type and one over the limit refused in Swedish with everything typed kept,
uploads the signed PDF, links the published charter, and the kommun's public page names the
agreement with its period, parties and document, which downloads as an attachment. Every page
of the way is free of WCAG 2.1 A/AA violations and HTML errors.
"""

import pytest
from django.urls import reverse
from django.utils import timezone

from promises.models import Charter, CollaborationAgreement
from situations.reference import load_reference_data
from tests.e2e.audit import AxeAudit
from tests.helpers import WEDNESDAY_NOON, log_in_with_the_browser, public_kommun_url, this_year
from tests.promises.factories import CharterFactory

# Transactional, because the live server reads from another thread.
pytestmark = pytest.mark.django_db(transaction=True)

PDF = b"%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\ntrailer << >>\n%%EOF\n"


def upload(page, name: str, content: bytes, mime: str) -> None:
    page.set_input_files("[name='document']", {"name": name, "mimeType": mime, "buffer": content})


@pytest.mark.time_machine(WEDNESDAY_NOON, tick=True)
def test_a_coordinator_creates_an_agreement_links_the_charter_and_the_public_page_shows_it(
    live_server, browser, transactional_db, world, settings, tmp_path
):
    load_reference_data()  # flushed by the previous transactional test
    settings.MEDIA_ROOT = tmp_path
    settings.AGREEMENT_MAX_UPLOAD_MB = 1
    start, end = this_year()
    charter = CharterFactory(
        municipality=world.municipality,
        police_area=world.police_area,
        title="Medborgarlöfte i år",
        status=Charter.Status.PUBLISHED,
        published_at=timezone.now(),
        signed_on=start,
        period_start=start,
        period_end=end,
    )
    base = live_server.url
    audit = AxeAudit()
    check = audit.check

    page = browser.new_context(locale="sv-SE").new_page()
    page.set_default_timeout(15_000)
    log_in_with_the_browser(page, base, "coordinator")
    page.goto(base + reverse("followups:municipality_workspace", kwargs={"slug": "kommun-a"}))
    page.get_by_role("link", name="Samverkansöverenskommelser").click()
    check(page, "The list of agreements, empty")
    page.get_by_role("link", name="Ny samverkansöverenskommelse").click()
    check(page, "A new agreement")

    page.fill("[name='title']", "Samverkansöverenskommelse Kommun A")
    page.check(f"[name='municipalities'][value='{world.municipality.pk}']")
    page.select_option("[name='police_area']", str(world.police_area.pk))
    page.fill("[name='period_start']", f"{start.year - 1}-01-01")
    page.fill("[name='period_end']", f"{end.year + 1}-12-31")
    page.fill("[name='description']", "Trygghet i centrum och vid skolorna.")
    page.fill("[name='signatories-0-name']", "Karin Kommunalråd")
    page.fill("[name='signatories-0-title']", "Kommunstyrelsens ordförande")
    page.select_option("[name='signatories-0-party']", "municipality")
    page.fill("[name='signatories-0-organisation']", "Kommun A")

    # A web page renamed .pdf: refused by its content, everything typed kept.
    upload(page, "avtal.pdf", b"<html><script>alert(1)</script></html>", "application/pdf")
    with page.expect_navigation():
        page.get_by_role("button", name="Spara").last.click()
    assert "Filen är inte ett PDF-, ODT- eller DOCX-dokument." in page.content()
    assert "En fil som du valde måste väljas igen." in page.content()
    assert page.input_value("[name='description']") == "Trygghet i centrum och vid skolorna."
    assert page.input_value("[name='signatories-0-name']") == "Karin Kommunalråd"
    check(page, "A new agreement with a file of the wrong type")

    # A real PDF over the limit.
    upload(page, "avtal.pdf", PDF + b"0" * (1024 * 1024), "application/pdf")
    with page.expect_navigation():
        page.get_by_role("button", name="Spara").last.click()
    assert "Filen är för stor: högst 1 MB." in page.content()
    assert not CollaborationAgreement.objects.exists()

    upload(page, "Undertecknat avtal.pdf", PDF, "application/pdf")
    with page.expect_navigation():
        page.get_by_role("button", name="Spara").last.click()
    agreement = CollaborationAgreement.objects.get()
    assert page.url == base + reverse("promises:agreement", kwargs={"pk": agreement.pk})
    assert "Samverkansöverenskommelsen är sparad." in page.content()
    check(page, "The agreement, no charter linked")

    page.select_option("[name='charter']", str(charter.pk))
    with page.expect_navigation():
        page.get_by_role("button", name="Koppla", exact=True).click()
    assert "Medborgarlöfte i år är kopplat till överenskommelsen." in page.content()
    charter.refresh_from_db()
    assert charter.agreement == agreement
    check(page, "The agreement with its charter")
    page.get_by_role("link", name="Ändra överenskommelsen, undertecknarna och dokumentet").click()
    check(page, "The agreement's edit page")
    page.goto(base + reverse("promises:agreement_history", kwargs={"pk": agreement.pk}))
    check(page, "The agreement's history")

    # Residents see it on the kommun's page, and the document downloads as a file.
    public = browser.new_context(locale="sv-SE").new_page()
    public.goto(base + public_kommun_url(world.municipality))
    summary = public.locator(".charter-agreement").inner_text()
    assert f"Gäller 1 januari {start.year - 1} – 31 december {end.year + 1}" in summary
    assert "mellan Kommun A och LPO A" in summary
    check(public, "The kommun's page with the agreement")
    link = public.get_by_role("link", name="Ladda ned överenskommelsen (PDF)")
    response = public.request.get(base + link.get_attribute("href"))
    assert response.status == 200
    assert response.headers["content-type"] == "application/pdf"
    assert response.headers["content-disposition"].startswith("attachment;")
    assert response.headers["x-content-type-options"] == "nosniff"
    assert response.body() == PDF
    audit.assert_clean()
