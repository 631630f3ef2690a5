"""The Atom feeds name an author, as RFC 4287 requires, and the pages announce their feed."""

from xml.etree import ElementTree

import pytest
from django.urls import reverse

from tests.helpers import WEDNESDAY_NOON, public_kommun_url
from tests.situations.factories import MunicipalityFactory

pytestmark = [pytest.mark.django_db, pytest.mark.time_machine(WEDNESDAY_NOON, tick=False)]

ATOM = "{http://www.w3.org/2005/Atom}"


def feed(client, url: str) -> ElementTree.Element:
    response = client.get(url)
    assert response.status_code == 200
    return ElementTree.fromstring(response.content)


def entry_authors(root: ElementTree.Element) -> list[str]:
    return [entry.findtext(f"{ATOM}author/{ATOM}name") for entry in root.iter(f"{ATOM}entry")]


def test_the_national_feed_is_by_the_site_and_each_entry_by_its_kommun_and_police(
    client, charter_among_hidden
):
    root = feed(client, reverse("opendata:national_feed"))

    assert root.findtext(f"{ATOM}author/{ATOM}name") == "Medborgarlöften"
    entries = list(root.iter(f"{ATOM}entry"))
    assert len(entries) > 2
    for entry in entries:
        kommun = entry.findtext(f"{ATOM}title").split(":")[0]  # "Kommun A: …"
        assert entry.findtext(f"{ATOM}author/{ATOM}name") == f"Kommunen och polisen i {kommun}"


def test_the_kommun_feed_is_by_the_kommun_and_the_police(client, charter_among_hidden):
    slug = charter_among_hidden.municipality.slug
    root = feed(client, reverse("opendata:municipality_feed", kwargs={"slug": slug}))

    assert root.findtext(f"{ATOM}author/{ATOM}name") == "Kommunen och polisen i Kommun A"
    assert set(entry_authors(root)) == {"Kommunen och polisen i Kommun A"}


def test_an_empty_kommun_feed_still_has_an_author(client, db):
    kommun = MunicipalityFactory(name="Tomkommun", slug="tomkommun")
    root = feed(client, reverse("opendata:municipality_feed", kwargs={"slug": kommun.slug}))

    assert root.findtext(f"{ATOM}author/{ATOM}name") == "Kommunen och polisen i Tomkommun"
    assert entry_authors(root) == []


def alternate_links(html: str) -> list[str]:
    return [
        line.strip()
        for line in html.splitlines()
        if 'rel="alternate"' in line and 'type="application/atom+xml"' in line
    ]


def test_the_start_page_announces_the_national_feed(client, db):
    html = client.get(reverse("public:home")).content.decode()

    (link,) = alternate_links(html)
    assert f'href="{reverse("opendata:national_feed")}"' in link
    assert 'title="Nya medborgarlöften och uppföljningsrapporter"' in link


def test_a_kommun_page_announces_its_feed_with_or_without_a_charter(client, charter_among_hidden):
    with_charter = charter_among_hidden.municipality
    without = MunicipalityFactory(name="Tomkommun", slug="tomkommun")

    for kommun in (with_charter, without):
        html = client.get(public_kommun_url(kommun)).content.decode()
        (link,) = alternate_links(html)
        feed_url = reverse("opendata:municipality_feed", kwargs={"slug": kommun.slug})
        assert f'href="{feed_url}"' in link
