"""The kommun page's activities in the reader's language: their labels and dates are built
once per value and language (followups.public.display), never shown in another language."""

import pytest
from django.urls import reverse

from tests.followups.test_kommun_page import published_charter, words_of
from tests.helpers import WEDNESDAY_NOON, public_kommun_url

pytestmark = [pytest.mark.django_db, pytest.mark.time_machine(WEDNESDAY_NOON, tick=False)]


def test_each_activity_reads_in_the_language_the_reader_chose(client):
    """The labels and dates of the activities are built once per language: a reader in
    English after one in Swedish gets English, and the Swedish reader still Swedish."""
    charter = published_charter(promises=2)
    url = public_kommun_url(charter.municipality)
    year = charter.period_start.year

    swedish = client.get(url).content.decode()
    client.post(reverse("set_language"), {"language": "en", "next": url})
    english = client.get(url).content.decode()
    client.post(reverse("set_language"), {"language": "sv", "next": url})
    swedish_again = client.get(url).content.decode()

    for page, words in [
        (swedish, ["Vem", "Polisen", "När", f"1 januari {year}", "Genomförd", "uppföljning"]),
        (english, ["Who", "The police", "When", f"1 January {year}", "Done", "follow-up"]),
    ]:
        who, party, when, day, status, follow_up = words
        assert f'<dt class="col-sm-3">{who}</dt><dd class="col-sm-9">{party}</dd>' in page
        assert f'<dt class="col-sm-3">{when}</dt><dd class="col-sm-9">{day}</dd>' in page
        assert f'<span class="status-badge status-done">{status}</span>' in page
        assert f'<span class="small text-secondary-strong">{follow_up} Tertial 1</span>' in page
    assert words_of(swedish_again) == words_of(swedish)
