"""Ändringar sedan undertecknandet: each correction of a published charter on its change log,
as an entry of the Atom feeds and in its open data; nothing internal, and no person's name."""

import datetime
import json
from xml.etree import ElementTree

import pytest
from django.urls import reverse

from followups.opendata import charter_export
from followups.opendata.reading import format_errors
from promises import corrections
from promises.models import Activity, Charter, CharterCorrection, Party, Signatory
from tests.followups.opendata_data import SECRET, SHOWN, secrets_in
from tests.helpers import WEDNESDAY_NOON, public_kommun_url
from tests.promises.factories import CharterFactory

pytestmark = [pytest.mark.django_db, pytest.mark.time_machine(WEDNESDAY_NOON, tick=False)]

ATOM = "{http://www.w3.org/2005/Atom}"
REASON = f"{SHOWN}-SKÄL: fel telefonnummer och fel veckodag"


def changes_url(charter: Charter) -> str:
    return reverse(
        "public:charter_changes", kwargs={"slug": charter.municipality.slug, "pk": charter.pk}
    )


@pytest.fixture
def corrected(charter_among_hidden) -> Charter:
    """The rich charter corrected once by the police: its summary, a signatory's date and a
    public activity's title; its internal fields and a hidden activity changed in the same
    save carry SECRET."""
    charter = charter_among_hidden
    with corrections.recording(charter=charter, party=Party.POLICE, reason=REASON):
        Charter.objects.filter(pk=charter.pk).update(
            summary=f"{SHOWN}-RÄTTAD: fokus på trafik.",
            review_comment=f"{SECRET}-GRANSKNING",
            unlinked_reason=f"{SECRET}-KOPPLING",
        )
        Signatory.objects.filter(charter=charter, party=Party.POLICE).update(
            signed_on=datetime.date(charter.period_start.year, 2, 3)
        )
        patrol = Activity.objects.filter(
            promise__charter=charter, title__startswith=f"{SHOWN}-PATRULL 1"
        )
        patrol.update(title=f"{SHOWN}-PATRULL 1 på kvällen")
        Activity.objects.filter(promise__charter=charter, is_public=False).update(
            title=f"{SECRET}-DOLD-ÄNDRAD", description=f"{SECRET}-DOLD-ÄNDRAD-BESKRIVNING"
        )
    return charter


def test_the_change_log_shows_the_date_reason_party_and_each_field_before_and_after(
    client, corrected
):
    response = client.get(changes_url(corrected))

    page = response.content.decode()
    assert response.status_code == 200
    assert "Ändringar sedan undertecknandet" in page
    assert REASON in page
    assert "Rättat av" in page and "Polisen" in page
    assert '<time datetime="2026-12-09' in page  # the day it was corrected
    assert "SYNLIG-SAMMANFATTNING: fokus på trafik och trygghet i centrum." in page  # before
    assert "SYNLIG-RÄTTAD: fokus på trafik." in page  # after
    assert "Sammanfattning" in page and "Undertecknare" in page and "Aktivitet" in page
    assert "3 februari" in page  # the signing date as residents read dates
    assert "SYNLIG-PATRULL 1 på kvällen" in page
    assert secrets_in(page) == []


def test_a_charter_never_corrected_says_so(client, charter_among_hidden):
    page = client.get(changes_url(charter_among_hidden)).content.decode()

    assert "Medborgarlöftet har inte rättats sedan det undertecknades." in page


def test_the_change_log_of_a_charter_not_public_answers_404(client, world):
    draft = CharterFactory(municipality=world.municipality, police_area=world.police_area)

    assert client.get(changes_url(draft)).status_code == 404


def test_a_correction_of_a_field_the_models_no_longer_have_is_shown_as_kept(client, world):
    charter = CharterFactory(
        municipality=world.municipality, police_area=world.police_area, published=True
    )
    CharterCorrection.objects.create(
        charter=charter,
        reason="Fel dag",
        party=Party.MUNICIPALITY,
        changes=[
            {"part": "activity", "item": "Trygghetsvandring", "action": "changed",
             "field": "veckodag", "before": "tisdag", "after": "torsdag"}
        ],
    )  # fmt: skip

    response = client.get(changes_url(charter))

    assert response.status_code == 200
    row = '<th scope="row">Veckodag</th><td>tisdag</td><td>torsdag</td>'
    assert row in response.content.decode()


def test_the_charter_and_kommun_pages_link_to_the_change_log(client, world):
    current = CharterFactory(
        municipality=world.municipality,
        police_area=world.police_area,
        published=True,
        period_start=datetime.date(2026, 1, 1),
        period_end=datetime.date(2026, 12, 31),
    )
    link = f'href="{changes_url(current)}"'

    assert link in client.get(current.get_absolute_url()).content.decode()
    assert link in client.get(public_kommun_url(current.municipality)).content.decode()


def test_the_change_log_runs_three_queries_whatever_the_number_of_corrections(
    client, corrected, django_assert_num_queries
):
    for number in range(5):
        CharterCorrection.objects.create(
            charter=corrected,
            reason=f"Rättelse {number}",
            party=Party.MUNICIPALITY,
            changes=[
                {
                    "part": "promise",
                    "item": "Löfte",
                    "action": "changed",
                    "field": "text",
                    "before": "a",
                    "after": "b",
                }
            ],
        )

    # The kommun, its public charters, the charter's corrections.
    with django_assert_num_queries(3):
        assert client.get(changes_url(corrected)).status_code == 200


def test_a_correction_is_shown_at_once_on_the_cached_change_log(
    client, charter_among_hidden, django_capture_on_commit_callbacks
):
    client.get(changes_url(charter_among_hidden))  # cached, without corrections
    with django_capture_on_commit_callbacks(execute=True):
        CharterCorrection.objects.create(
            charter=charter_among_hidden, reason="Ny rättelse", party=Party.MUNICIPALITY
        )

    assert "Ny rättelse" in client.get(changes_url(charter_among_hidden)).content.decode()


def feed_entries(client, url: str) -> list[dict]:
    root = ElementTree.fromstring(client.get(url).content)
    return [
        {
            "title": entry.findtext(f"{ATOM}title"),
            "id": entry.findtext(f"{ATOM}id"),
            "link": entry.find(f"{ATOM}link").get("href"),
            "summary": entry.findtext(f"{ATOM}summary"),
            "author": entry.findtext(f"{ATOM}author/{ATOM}name"),
        }
        for entry in root.iter(f"{ATOM}entry")
    ]


@pytest.mark.parametrize("feed", ["national", "kommun"])
def test_each_correction_is_an_entry_of_the_feeds_with_an_id_that_stays(
    client, corrected, feed, django_capture_on_commit_callbacks
):
    url = (
        reverse("opendata:national_feed")
        if feed == "national"
        else reverse("opendata:municipality_feed", kwargs={"slug": corrected.municipality.slug})
    )
    correction = CharterCorrection.objects.get()

    found = [e for e in feed_entries(client, url) if "har rättats" in e["title"]]

    address = f"http://testserver{changes_url(corrected)}#andring-{correction.pk}"
    assert found == [
        {
            "title": f"Kommun A: {corrected.title} har rättats",
            "id": address,
            "link": address,
            "summary": f"Rättat av polisen: {REASON}",
            "author": "Kommunen och polisen i Kommun A",
        }
    ]
    # Another correction later adds an entry; the first keeps its id.
    with django_capture_on_commit_callbacks(execute=True):
        CharterCorrection.objects.create(charter=corrected, reason="Andra", party=Party.POLICE)
    ids = [e["id"] for e in feed_entries(client, url) if "har rättats" in e["title"]]
    assert address in ids and len(ids) == 2
    assert secrets_in(client.get(url).content.decode()) == []


def test_the_open_data_lists_the_corrections_of_the_charter(client, corrected):
    response = client.get(reverse("opendata:api_charter", kwargs={"pk": corrected.pk}))

    data = json.loads(response.content)
    (correction,) = data["corrections"]
    assert correction["reason"] == REASON
    assert correction["party"] == "police"
    assert correction["made_at"].startswith("2026-12-09")
    assert correction["url"].endswith(f"/andringar/#andring-{correction['id']}")
    summary = next(c for c in correction["changes"] if c["field"] == "summary")
    assert summary == {
        "part": "charter",
        "item": "",
        "action": "changed",
        "field": "summary",
        "before": "SYNLIG-SAMMANFATTNING: fokus på trafik och trygghet i centrum.",
        "after": "SYNLIG-RÄTTAD: fokus på trafik.",
    }
    signed = next(c for c in correction["changes"] if c["part"] == "signatory")
    year = corrected.period_start.year
    assert (signed["field"], signed["before"], signed["after"]) == (
        "signed_on",
        "",
        f"{year}-02-03",
    )
    assert secrets_in(response.content.decode()) == []


def test_the_open_data_page_documents_the_corrections(client, db):
    page = client.get(reverse("opendata:api_docs")).content.decode()

    assert "corrections[]" in page
    assert "corrections[].changes[]" in page


def test_a_charter_exported_with_its_corrections_imports_again(corrected):
    exported = json.loads(json.dumps(charter_export(corrected)))
    assert exported["corrections"]
    assert format_errors(exported) == []
