"""The public kommun page, the charter pages and the print view."""

import datetime
import re
from unittest import mock

import pytest
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone
from django.utils.html import strip_tags

from config.lib.cache import NATIONAL, page_key, versions
from followups.models import FollowUp
from promises.models import Charter, Party
from situations.models import Municipality, Source
from tests.followups.factories import FollowUpFactory, FollowUpRoundFactory
from tests.helpers import WEDNESDAY_NOON, public_kommun_url, this_year
from tests.promises.factories import (
    ActivityFactory,
    CharterFactory,
    ContactFactory,
    IndicatorFactory,
    MeasurementFactory,
    PromiseFactory,
    SignatoryFactory,
)
from tests.situations.factories import (
    FindingFactory,
    MunicipalityFactory,
    PlaceFactory,
    SituationReportFactory,
    SourceFactory,
)

# The charters are this year's: the kommun page shows the one in force today.
pytestmark = [pytest.mark.django_db, pytest.mark.time_machine(WEDNESDAY_NOON, tick=False)]


def published_charter(municipality=None, promises: int = 3, **fields) -> Charter:
    """A published charter of this year with everything a kommun page shows, and internal
    content that must never reach it."""
    start, end = this_year()
    municipality = municipality or Municipality.objects.get(slug="saffle")
    report = SituationReportFactory(
        municipality=municipality,
        period_start=start,
        period_end=end,
        published=True,
        summary="Invånarna vill se polisen oftare.",
    )
    dialogue = SourceFactory(report=report, title="Medborgardialoger i Säffle")
    FindingFactory(
        report=report,
        source=dialogue,
        text="60 % av de som deltagit i dialogerna vill ha en mer tillgänglig polis.",
        value=60,
        unit="%",
    )
    secret = SourceFactory(
        report=report, kind=Source.Kind.POLICE_INTELLIGENCE, title="HEMLIG-KÄLLA"
    )
    FindingFactory(report=report, source=secret, text="HEMLIG-IAKTTAGELSE om en adress.")
    charter = CharterFactory(
        municipality=municipality,
        situation_report=report,
        period_start=start,
        period_end=end,
        published=True,
        signed_on=start,
        title=f"Medborgarlöfte {start.year}",
        **fields,
    )
    SignatoryFactory(charter=charter, name="Dag Rogne", title="Kommunalråd")
    ContactFactory(charter=charter, name="Torbjörn Walthersson", role="Kommunpolis")
    place = PlaceFactory(municipality=municipality, name="Centrala Säffle")
    published_round = FollowUpRoundFactory(
        charter=charter,
        title="Tertial 1",
        period_start=start,
        period_end=start + datetime.timedelta(days=119),
        due_on=start + datetime.timedelta(days=130),
        published_at=timezone.now(),
        summary="Det mesta är på gång.",
    )
    draft_round = FollowUpRoundFactory(
        charter=charter,
        title="Tertial 2",
        period_start=start + datetime.timedelta(days=120),
        period_end=start + datetime.timedelta(days=239),
        due_on=start + datetime.timedelta(days=250),
    )
    owners = [Party.POLICE, Party.MUNICIPALITY, Party.JOINT]
    for number in range(promises):
        promise = PromiseFactory(
            charter=charter,
            owner=owners[number % 3],
            order=number,
            text=f"Löfte nummer {number}.",
        )
        activity = ActivityFactory(
            promise=promise, order=0, title=f"Fotpatrullering {number}", start_date=start
        )
        activity.places.add(place)
        ActivityFactory(
            promise=promise, order=1, title=f"HEMLIG-AKTIVITET {number}", is_public=False
        )
        FollowUpFactory(
            round=published_round,
            activity=activity,
            status=FollowUp.Status.DONE,
            narrative_public=f"Genomfört {number}.",
            narrative_internal="HEMLIG-INTERN-TEXT",
        )
        FollowUpFactory(
            round=draft_round,
            activity=activity,
            status=FollowUp.Status.CANCELLED,
            reason="Ej publicerad omgång",
            narrative_public="HEMLIG-OPUBLICERAD-OMGÅNG",
        )
        indicator = IndicatorFactory(promise=promise, name=f"Andel trygga {number}")
        MeasurementFactory(indicator=indicator, date=start, value=61)
    return charter


SECRETS = [
    "HEMLIG-KÄLLA",
    "HEMLIG-IAKTTAGELSE",
    "HEMLIG-AKTIVITET",
    "HEMLIG-INTERN-TEXT",
    "HEMLIG-OPUBLICERAD-OMGÅNG",
]


def test_the_kommun_page_shows_the_whole_published_charter(client):
    charter = published_charter()

    response = client.get(public_kommun_url(charter.municipality))

    assert response.status_code == 200
    page = response.content.decode()
    for expected in [
        charter.title,
        "Dag Rogne",
        "Torbjörn Walthersson",
        "60 %",
        "vill ha en mer tillgänglig polis",
        "Medborgardialoger i Säffle",
        "Polisen lovar",
        "Kommunen lovar",
        "Tillsammans lovar",
        "Fotpatrullering 0",
        "Centrala Säffle",
        "Ökad upplevd trygghet.",
        "Genomfört 0.",
        "Tertial 1",
        "Andel trygga 0",
        "Senast uppdaterad",
    ]:
        assert expected in page, expected


def test_the_last_update_is_a_time_to_the_second_as_html_allows(client):
    charter = published_charter()
    saved = WEDNESDAY_NOON + datetime.timedelta(hours=1, microseconds=123456)
    Charter.objects.filter(pk=charter.pk).update(updated_at=saved)

    page = client.get(public_kommun_url(charter.municipality)).content.decode()

    updated = re.search(r'Senast uppdaterad <time datetime="([^"]*)"', page)
    assert updated, "no Senast uppdaterad"
    # Not the microseconds of the saved value: HTML allows at most three digits of a second.
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d[+-]\d\d:\d\d", updated[1])


def test_the_kommun_page_never_shows_internal_content(client):
    charter = published_charter()

    page = client.get(public_kommun_url(charter.municipality)).content.decode()

    for secret in SECRETS:
        assert secret not in page, secret


def test_a_published_report_shows_what_was_done_for_residents_never_the_internal_text(client):
    charter = published_charter()
    published = FollowUp.objects.filter(round__published_at__isnull=False)
    assert published.filter(narrative_internal="HEMLIG-INTERN-TEXT").count() == 3
    slug = charter.municipality.slug
    report_url = charter.rounds.get(title="Tertial 1").get_absolute_url()
    pages = [
        public_kommun_url(charter.municipality),
        reverse("public:charter_detail", kwargs={"slug": slug, "pk": charter.pk}),
        reverse("public:charter_print", kwargs={"slug": slug, "pk": charter.pk}),
        report_url,
    ]

    assert "Genomfört 0." in client.get(report_url).content.decode()
    for url in pages:
        page = client.get(url).content.decode()
        for follow_up in published:
            assert follow_up.narrative_internal not in page, url


def words_of(page: str) -> str:
    """The page's text as a reader sees it: no tags, one space between words."""
    return " ".join(strip_tags(page).split())


def test_progress_leads_with_the_assessment_and_counts_activities_in_words(client):
    charter = published_charter(promises=1)
    FollowUpFactory(
        round=charter.rounds.get(title="Tertial 1"),
        promise=charter.promises.get(),
        activity=None,
        status="",
        assessment="partly_fulfilled",
    )

    page = client.get(public_kommun_url(charter.municipality)).content.decode()

    # The promise's headline is its assessment; its one public activity is done. The tally is
    # in words; the bar beside it repeats it and is hidden from screen readers.
    text = words_of(page)
    assert "Bedömning: Delvis infriat" in text
    assert "0 av 1 löfte infriat, 1 delvis infriat." in text
    assert "1 av 1 planerad aktivitet genomförd (100 %)" in text
    assert 'class="tally-bar"' in page
    assert 'aria-hidden="true"' in page.split('class="tally-bar"')[1].split(">")[0]
    assert 'role="progressbar"' not in page


def test_a_promise_not_assessed_in_a_published_report_says_so(client):
    charter = published_charter(promises=1)

    page = client.get(public_kommun_url(charter.municipality)).content.decode()

    text = words_of(page)
    assert "Bedömning: Ej bedömt än" in text
    assert "0 av 1 löfte infriat, 1 ej bedömt än." in text


def test_the_summary_on_top_links_the_latest_report_and_every_section(client):
    charter = published_charter(promises=3)
    report_url = reverse(
        "public:round_report",
        kwargs={
            "slug": charter.municipality.slug,
            "pk": charter.pk,
            "round_pk": charter.rounds.get(title="Tertial 1").pk,
        },
    )

    page = client.get(public_kommun_url(charter.municipality)).content.decode()

    summary = page[page.index('id="summary-heading"') : page.index('id="jump-heading"')]
    assert "I korthet" in summary
    assert "Lokalpolisområde" in summary or charter.police_area.name in summary
    assert f'href="{report_url}">Tertial 1</a>' in summary
    nav = page[
        page.index('id="jump-heading"') : page.index("</nav>", page.index('id="jump-heading"'))
    ]
    targets = [part.split('"')[0] for part in nav.split('href="#')[1:]]
    assert targets[:1] == ["why"]
    assert {"owner-police", "owner-municipality", "owner-joint", "indicators", "followup"} <= set(
        targets
    )
    assert {"contact", "tips"} <= set(targets)
    for target in targets:
        assert f'id="{target}"' in page, target


def test_promises_are_grouped_by_owner_in_the_order_police_municipality_together(client):
    charter = published_charter(promises=3)

    page = client.get(public_kommun_url(charter.municipality)).content.decode()

    assert (
        page.index("Polisen lovar")
        < page.index("Kommunen lovar")
        < page.index("Tillsammans lovar")
    )


def test_a_kommun_without_a_published_charter_says_so_and_what_to_do(client):
    municipality = Municipality.objects.get(slug="essunga")
    CharterFactory(municipality=municipality, title="HEMLIGT-UTKAST")

    response = client.get(reverse("public:municipality", kwargs={"slug": "essunga"}))

    assert response.status_code == 200
    page = response.content.decode()
    assert "har inget publicerat medborgarlöfte" in page
    assert "112" in page
    assert "HEMLIGT-UTKAST" not in page


def test_an_unknown_kommun_answers_404(client):
    assert client.get("/kommuner/finns-inte/").status_code == 404


@pytest.mark.parametrize("status", [Charter.Status.DRAFT, Charter.Status.REVIEW])
def test_a_charter_that_is_not_published_answers_404_on_every_page(client, status):
    charter = CharterFactory(status=status)
    kwargs = {"slug": charter.municipality.slug, "pk": charter.pk}

    assert client.get(reverse("public:charter_detail", kwargs=kwargs)).status_code == 404
    assert client.get(reverse("public:charter_print", kwargs=kwargs)).status_code == 404


def test_a_charter_answers_404_under_another_kommuns_address(client):
    charter = published_charter()
    other = MunicipalityFactory(slug="annan")

    url = reverse("public:charter_detail", kwargs={"slug": other.slug, "pk": charter.pk})
    assert client.get(url).status_code == 404


def test_an_earlier_charter_has_its_own_page_and_is_listed_in_the_archive(client):
    current = published_charter()
    earlier = CharterFactory(
        municipality=current.municipality,
        police_area=current.police_area,
        closed=True,
        title="Medborgarlöfte 2017",
        period_start=datetime.date(2017, 1, 1),
        period_end=datetime.date(2017, 12, 31),
    )

    detail = client.get(earlier.get_absolute_url())
    archive = client.get(reverse("public:archive", kwargs={"slug": current.municipality.slug}))
    kommun = client.get(public_kommun_url(current.municipality))

    assert detail.status_code == 200
    assert "Medborgarlöfte 2017" in detail.content.decode()
    assert "Avslutad period" in detail.content.decode()
    assert "Perioden slutade 31 december 2017" in detail.content.decode()
    assert earlier.get_absolute_url() in archive.content.decode()
    assert earlier.get_absolute_url() in kommun.content.decode()


def test_the_print_view_lays_out_the_signed_document(client):
    charter = published_charter()
    url = reverse(
        "public:charter_print", kwargs={"slug": charter.municipality.slug, "pk": charter.pk}
    )

    page = client.get(url).content.decode()

    assert "Underskrifter" in page
    assert "Dag Rogne" in page
    assert "print-view" in page
    for secret in SECRETS:
        assert secret not in page


def test_hostile_text_in_a_charter_is_shown_escaped(client):
    charter = published_charter(summary="<script>alert('x')</script>")

    page = client.get(public_kommun_url(charter.municipality)).content.decode()

    assert "<script>alert" not in page
    assert "&lt;script&gt;alert" in page


def test_a_cached_kommun_page_runs_no_query_for_its_content(client, django_assert_max_num_queries):
    charter = published_charter()
    client.get(public_kommun_url(charter.municipality))

    # Unchanged since it was cached: served before the kommun is even looked up.
    with django_assert_max_num_queries(0):
        assert client.get(public_kommun_url(charter.municipality)).status_code == 200


def test_while_a_changed_page_is_being_rendered_other_readers_wait_for_it_not_the_old_one(
    client, django_capture_on_commit_callbacks
):
    charter = published_charter()
    url = public_kommun_url(charter.municipality)
    client.get(url)
    with django_capture_on_commit_callbacks(execute=True):
        charter.summary = "Ny sammanfattning"
        charter.save()

    # Another worker has begun rendering the new version, and lets go while this one waits.
    lock = "rendering:" + page_key("sv", f"http://testserver{url}")
    cache.add(lock, 1)
    with mock.patch("config.lib.cache.time.sleep", side_effect=lambda _s: cache.delete(lock)):
        assert "Ny sammanfattning" in client.get(url).content.decode()


def test_a_reader_renders_the_page_itself_when_another_rendering_stalls(
    client, django_capture_on_commit_callbacks
):
    charter = published_charter()
    url = public_kommun_url(charter.municipality)
    client.get(url)
    with django_capture_on_commit_callbacks(execute=True):
        charter.summary = "Ny sammanfattning"
        charter.save()
    lock = "rendering:" + page_key("sv", f"http://testserver{url}")
    cache.add(lock, 1)

    with mock.patch("config.lib.cache.RENDER_WAIT_SECONDS", 0):
        assert "Ny sammanfattning" in client.get(url).content.decode()
    assert cache.get(lock) == 1  # the other worker's lock is left alone


def test_a_page_this_process_served_is_served_again_after_reading_only_its_versions(
    client, django_assert_num_queries
):
    charter = published_charter()
    url = public_kommun_url(charter.municipality)
    client.get(url)
    key = page_key("sv", f"http://testserver{url}")

    with (
        mock.patch("config.lib.cache.cache", wraps=cache) as shared,
        django_assert_num_queries(0),
    ):
        assert client.get(url).status_code == 200
    assert shared.method_calls, "the versions are read from the shared cache"
    assert not [call for call in shared.method_calls if key in str(call.args)]


def test_a_change_made_through_another_process_shows_at_once(client):
    charter = published_charter()
    url = public_kommun_url(charter.municipality)
    client.get(url)

    # Another worker, or another server, changes it: its bump reaches the shared cache only.
    Charter.objects.filter(pk=charter.pk).update(summary="Ändrad av en annan")
    cache.incr(f"public-version:{charter.municipality_id}")

    assert "Ändrad av en annan" in client.get(url).content.decode()


def test_an_emptied_cache_starts_from_new_versions(client):
    before = versions(NATIONAL)
    cache.clear()

    assert versions(NATIONAL) != before


def test_a_kommun_given_a_new_address_is_not_served_from_the_cache_at_the_old_one(
    client, django_capture_on_commit_callbacks
):
    charter = published_charter()
    old_url = public_kommun_url(charter.municipality)
    assert client.get(old_url).status_code == 200

    with django_capture_on_commit_callbacks(execute=True):
        charter.municipality.slug = "nytt-namn"
        charter.municipality.save()

    assert client.get(old_url).status_code == 404


def test_a_change_to_a_published_charter_is_visible_at_once(
    client, django_capture_on_commit_callbacks
):
    charter = published_charter()
    assert (
        "Ny sammanfattning"
        not in client.get(public_kommun_url(charter.municipality)).content.decode()
    )

    with django_capture_on_commit_callbacks(execute=True):
        charter.summary = "Ny sammanfattning"
        charter.save()

    assert (
        "Ny sammanfattning" in client.get(public_kommun_url(charter.municipality)).content.decode()
    )


def test_a_new_follow_up_status_is_visible_at_once(client, django_capture_on_commit_callbacks):
    charter = published_charter(promises=1)
    client.get(public_kommun_url(charter.municipality))
    follow_up = FollowUp.objects.get(round__published_at__isnull=False)

    with django_capture_on_commit_callbacks(execute=True):
        follow_up.narrative_public = "Nytt resultat för invånarna"
        follow_up.save()

    assert (
        "Nytt resultat för invånarna"
        in client.get(public_kommun_url(charter.municipality)).content.decode()
    )


def test_a_follow_up_change_reaches_the_follow_up_data_and_leaves_the_national_pages_cached(
    client, django_capture_on_commit_callbacks, django_assert_num_queries
):
    charter = published_charter(promises=1)
    national = [reverse("public:home"), reverse("public:overview")]
    follow_ups_csv = reverse("opendata:api_csv", kwargs={"dataset": "uppfoljningar"})
    for url in [*national, follow_ups_csv]:
        client.get(url)
    follow_up = FollowUp.objects.get(round__published_at__isnull=False)

    with django_capture_on_commit_callbacks(execute=True):
        follow_up.narrative_public = "Nytt resultat i öppna data"
        follow_up.save()

    assert "Nytt resultat i öppna data" in client.get(follow_ups_csv).getvalue().decode()
    assert (
        "Nytt resultat i öppna data"
        in client.get(public_kommun_url(charter.municipality)).content.decode()
    )
    for url in national:
        with django_assert_num_queries(0):  # still the cached page
            assert client.get(url).status_code == 200


def test_a_change_in_another_kommun_keeps_this_kommun_page_cached(
    client, django_capture_on_commit_callbacks, django_assert_max_num_queries
):
    charter = published_charter()
    other = published_charter(municipality=MunicipalityFactory(slug="annan"), promises=1)
    client.get(public_kommun_url(charter.municipality))

    with django_capture_on_commit_callbacks(execute=True):
        other.summary = "Ändrat"
        other.save()

    with django_assert_max_num_queries(1):
        client.get(public_kommun_url(charter.municipality))


def test_the_tip_form_on_a_cached_page_carries_each_readers_own_csrf_token(client):
    charter = published_charter()
    first = client.get(public_kommun_url(charter.municipality)).content.decode()
    second_reader = client.__class__()
    second = second_reader.get(public_kommun_url(charter.municipality)).content.decode()

    assert "__csrf_token_placeholder__" not in first
    assert "__csrf_token_placeholder__" not in second
    assert 'name="csrfmiddlewaretoken"' in first


def test_a_page_asked_for_with_any_query_string_is_served_and_cached(
    client, django_assert_max_num_queries
):
    charter = published_charter()
    # Far longer than the 250 characters a cache key may have, and with control characters.
    hostile = "?" + "<b>\x01%00" * 2000

    assert client.get(public_kommun_url(charter.municipality) + hostile).status_code == 200
    with django_assert_max_num_queries(1):
        assert client.get(public_kommun_url(charter.municipality) + hostile).status_code == 200
