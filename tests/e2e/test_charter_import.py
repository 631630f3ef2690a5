"""A coordinator imports a charter's JSON in the browser: an error is listed with its path and
the pasted text stays; the corrected text is previewed and confirmed into a draft."""

import json

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from followups.opendata import charter_export
from promises.models import Charter
from situations.reference import load_reference_data
from tests.e2e.audit import AxeAudit
from tests.followups.opendata_data import public_charter
from tests.followups.test_import_charter import remove
from tests.helpers import log_in_with_the_browser

# Transactional, because the live server reads from another thread.
pytestmark = pytest.mark.django_db(transaction=True)


def test_a_coordinator_pastes_corrects_previews_and_confirms_an_import(
    live_server, page, transactional_db, world
):
    load_reference_data()  # flushed by the previous transactional test
    charter = public_charter(world.municipality, world.police_area, promises=2)
    exported = charter_export(charter)
    remove(charter)
    base = live_server.url
    audit = AxeAudit()
    log_in_with_the_browser(page, base, "coordinator")

    page.goto(base + reverse("followups:municipality_workspace", kwargs={"slug": "kommun-a"}))
    page.get_by_role("link", name="Importera medborgarlöfte (JSON)").click()
    wrong = dict(exported, sumary=exported["summary"])
    del wrong["summary"]
    pasted = json.dumps(wrong, ensure_ascii=False, indent=2)
    page.get_by_label("Eller klistra in JSON här").fill(pasted)
    page.get_by_role("button", name="Kontrollera filen").click()

    expect(page.get_by_text("sumary: Okänt fält. Menade du summary?")).to_be_visible()
    assert page.get_by_label("Eller klistra in JSON här").input_value() == pasted
    audit.check(page, "import med fel")

    page.get_by_label("Eller klistra in JSON här").fill(json.dumps(exported, ensure_ascii=False))
    page.get_by_role("button", name="Kontrollera filen").click()

    expect(page.get_by_text("Medborgarlöfte 2021 skapas som utkast: 2 löften")).to_be_visible()
    audit.check(page, "import, förhandsvisning")
    assert not Charter.objects.exists()

    page.get_by_role("button", name="Importera som utkast").click()

    page.wait_for_url("**/medborgarloften/*/")
    expect(page.get_by_text("är importerat som utkast")).to_be_visible()
    assert Charter.objects.get().status == Charter.Status.DRAFT
    audit.assert_clean()
