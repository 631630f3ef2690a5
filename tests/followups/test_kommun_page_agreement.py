"""The kommun's public page names the collaboration agreement its charter rests on: its period,
its parties and its document, read with the charter itself (no query of its own)."""

from __future__ import annotations

import datetime

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django.utils.html import strip_tags

from promises.models import Charter
from tests.helpers import public_kommun_url, this_year
from tests.promises.factories import CharterFactory, CollaborationAgreementFactory
from tests.situations.factories import MunicipalityFactory

pytestmark = pytest.mark.django_db


def published(world, agreement=None) -> Charter:
    start, end = this_year()
    return CharterFactory(
        municipality=world.municipality,
        police_area=world.police_area,
        agreement=agreement,
        status=Charter.Status.PUBLISHED,
        published_at=timezone.now(),
        period_start=start,
        period_end=end,
    )


def agreement_of(world, **fields):
    neighbour = MunicipalityFactory(name="Grannkommun", slug="grannkommun")
    world.police_area.municipalities.add(neighbour)
    return CollaborationAgreementFactory(
        title="Överenskommelsen",
        police_area=world.police_area,
        municipalities=[world.municipality, neighbour],
        period_start=datetime.date(2024, 1, 1),
        period_end=datetime.date(2027, 12, 31),
        **fields,
    )


def page_text(client, world) -> tuple[str, str]:
    cache.clear()
    html = client.get(public_kommun_url(world.municipality)).content.decode()
    return html, " ".join(strip_tags(html).split())


def test_the_kommun_page_shows_the_agreements_period_parties_and_link(client, world):
    agreement = agreement_of(world, document_url="https://kommun-a.example/avtal.pdf")
    published(world, agreement)

    html, text = page_text(client, world)

    assert "Samverkansöverenskommelse Gäller 1 januari 2024 – 31 december 2027" in text
    assert "mellan Grannkommun, Kommun A och LPO A" in text
    assert 'href="https://kommun-a.example/avtal.pdf"' in html
    assert "Läs överenskommelsen" in text


def test_an_uploaded_document_is_linked_through_the_download_view(client, world):
    agreement = agreement_of(
        world, document="agreements/2026/x.pdf", document_type="application/pdf"
    )
    published(world, agreement)

    html, text = page_text(client, world)

    assert reverse("public:agreement_document", kwargs={"pk": agreement.pk}) in html
    assert "agreements/2026/x.pdf" not in html
    assert "Ladda ned överenskommelsen (PDF)" in text


def test_a_charter_without_an_agreement_shows_none(client, world):
    published(world)
    _html, text = page_text(client, world)
    assert "Samverkansöverenskommelse" not in text


def count_queries(client, world) -> int:
    cache.clear()
    with CaptureQueriesContext(connection) as captured:
        assert client.get(public_kommun_url(world.municipality)).status_code == 200
    return len(captured.captured_queries)


def test_the_agreement_costs_the_kommun_page_no_query(client, world):
    charter = published(world)
    without = count_queries(client, world)
    charter.agreement = agreement_of(world)
    charter.save()

    # Its kommuner come as a subquery of the charters' own query (reads.PUBLIC_CHARTERS).
    assert count_queries(client, world) == without
