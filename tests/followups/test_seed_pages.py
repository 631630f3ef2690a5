"""The two real charters from load_demo read as completely on their pages as on the
municipalities' own pages (shared/seeds): every promise, activity, expected effect, finding,
source, signatory, contact and follow-up text is there."""

import html
import re

import pytest
from django.core.cache import cache
from django.core.management import call_command

from promises.models import Charter

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def demo():
    cache.clear()
    call_command("load_demo", verbosity=0)


def seed_charter(slug: str) -> Charter:
    """The kommun's seed charter: its period is over, so it is the latest ended one."""
    return Charter.objects.published().filter(municipality__slug=slug).latest("period_start")


def page_text(client, slug: str) -> str:
    """The seed charter's page as a reader sees it: tags removed, entities decoded, whitespace
    collapsed."""
    body = client.get(seed_charter(slug).get_absolute_url()).content.decode()
    body = re.sub(r"<(script|style)\b.*?</\1>", " ", body, flags=re.S)
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", body)).split())


def squash(text: str) -> str:
    return " ".join(text.split())


def stored_texts(charter: Charter) -> list[str]:
    """Every public text of CHARTER, as the database holds it."""
    texts = [charter.title, charter.summary, charter.followup_method]
    texts += [charter.reporting_channels, charter.participation, charter.background]
    for promise in charter.promises.all():
        texts.append(promise.text)
        for activity in promise.activities.filter(is_public=True):
            texts += [activity.title, activity.description, activity.expected_effect]
    report = charter.situation_report
    texts += [report.summary, report.selection_rationale, report.limitations]
    texts += [finding.text for finding in report.findings.public()]
    texts += [source.title for source in report.sources.filter(is_internal=False)]
    texts += [f"{s.name}, {s.title}" for s in charter.signatories.all()]
    texts += [contact.name for contact in charter.contacts.all()]
    return [squash(paragraph) for text in texts for paragraph in text.split("\n\n") if text]


@pytest.mark.parametrize("slug", ["saffle", "essunga"])
def test_the_kommun_page_has_no_current_charter_and_links_the_ended_seed_charter(client, slug):
    charter = seed_charter(slug)

    body = client.get(f"/kommuner/{slug}/").content.decode()

    assert "inget gällande medborgarlöfte" in body
    assert charter.get_absolute_url() in body
    assert "Avslutad period" in page_text(client, slug)


@pytest.mark.parametrize("slug", ["saffle", "essunga"])
def test_every_public_text_of_the_seed_charter_is_on_its_page(client, slug):
    charter = seed_charter(slug)
    page = page_text(client, slug)

    missing = [text for text in stored_texts(charter) if text not in page]

    assert not missing, missing


SAFFLE_2017 = [
    # Lägesbild, with its figures.
    "60 %",
    "60 % av de som deltagit i dialogerna vill ha en mer tillgänglig polis",
    "26 %",
    "26 % önskar mer satsning på utemiljön",
    # Both promises, made together.
    "Tillsammans lovar",
    "Polisen tillsammans med Säffle kommun kommer att arbeta för att förbättra utemiljön",
    "Polisen tillsammans med Säffle kommun kommer att arbeta för att öka sin synlighet, "
    "därigenom även öka tillgängligheten",
    # Activities and their expected effects.
    "trygghetsvandring i det område som fått lägst trygghetsbetyg",
    "Förbättrad fysisk miljö och upplevd trygghet",
    "gemensam monter vid marknader",
    "föräldrar på stan-möte",
    "gemensam Facebooksida",
    "Fotpatrullering med uniformerad polis",
    "Översyn av öppettiderna för polisstationen i Säffle",
    "skolavslutning, vår- och höstmarknad och skördefest",
    "Medborgare upplever en ökad trygghetskänsla genom att polisen och kommunen blir mer "
    "tillgängliga för allmänheten",
    # Follow-up and how it is reported.
    "Arbetet med medborgarlöften kommer kontinuerligt att följas upp och utvärderas",
    "lokalmedia, kommunens hemsida och sociala medier",
    # Signatories.
    "Dag Rogne",
    "Christer Lööf",
    "Lokalpolisområde Arvika",
]

ESSUNGA_2021 = [
    "Polisen lovar",
    "riktad trafikövervakning med fokus på hastighet, livsstilskriminella och påverkade förare",
    "täta kontakter med skola, fritid och socialtjänst",
    "informera och aktivt medverka vid uppstart av Grannsamverkan",
    "Kommunen lovar",
    "orossamtal",
    "sommarskola och en öppen fritidsgård under sommarlovet",
    "stötta frivilligorganisationer och föreningar",
    "översyn och förbättring av belysning och buskage",
    "Tillsammans lovar",
    "Genomföra tätortsvandringar och dialogmöten",
    "Effektiv Samordning för Trygghet (EEST)",
    "droger, trafik, stölder och inbrott är prioriterade områden",
    "Facebook polisen västra Skaraborg",
    "Medborgarenkät 2021 – Trygg i Essunga kommun",
    "Torbjörn Walthersson",
    "Kristoffer Hjelm",
    "Lokalpolisområde Västra Skaraborg",  # the LPO as the reference data names it
]


@pytest.mark.parametrize(("slug", "phrases"), [("saffle", SAFFLE_2017), ("essunga", ESSUNGA_2021)])
def test_the_charter_page_says_what_the_original_municipal_page_says(client, slug, phrases):
    page = page_text(client, slug)

    missing = [phrase for phrase in phrases if phrase not in page]

    assert not missing, missing
