"""A round's report: published by the coordinator once complete and reviewed, shown on the
kommun page promise by promise, announced in the feed, exported as CSV for the lokalt BRÅ."""

import datetime

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django.utils.html import strip_tags

from followups.models import FollowUp, FollowUpRound
from promises.models import Party
from tests.followups.factories import FollowUpFactory, FollowUpRoundFactory, ReviewFactory
from tests.helpers import WEDNESDAY_NOON, csv_rows, form_data, this_year
from tests.promises.factories import (
    ActivityFactory,
    CharterFactory,
    IndicatorFactory,
    MeasurementFactory,
    PromiseFactory,
)

# The charter is this year's: the kommun page shows the one in force today. The clock keeps
# moving from there, for the latest of two reviews is the one created last.
pytestmark = [pytest.mark.django_db, pytest.mark.time_machine(WEDNESDAY_NOON, tick=True)]

START = datetime.date(2021, 1, 1)


@pytest.fixture
def charter_of_this_year(world):
    start, end = this_year()
    return CharterFactory(
        municipality=world.municipality,
        police_area=world.police_area,
        published=True,
        title="Medborgarlöfte Kommun A",
        period_start=start,
        period_end=end,
    )


@pytest.fixture
def round_(charter_of_this_year) -> FollowUpRound:
    """Tertial 1 of the charter: a police promise with a public and an internal activity, and
    an indicator with a value inside the round and one after it. Nothing followed up yet."""
    start = charter_of_this_year.period_start
    round_ = FollowUpRoundFactory(
        charter=charter_of_this_year,
        title="Tertial 1",
        period_start=start,
        period_end=start + datetime.timedelta(days=119),
        due_on=start + datetime.timedelta(days=130),
    )
    promise = PromiseFactory(
        charter=charter_of_this_year, owner=Party.POLICE, title="Synlig polis", order=1
    )
    ActivityFactory(promise=promise, title="Fotpatrullering", order=1)
    ActivityFactory(promise=promise, title="Intern kartläggning", order=2, is_public=False)
    indicator = IndicatorFactory(promise=promise, name="Andel trygga", unit="%", target=70)
    MeasurementFactory(indicator=indicator, date=start + datetime.timedelta(days=30), value=63)
    MeasurementFactory(indicator=indicator, date=start + datetime.timedelta(days=200), value=99)
    return round_


def follow_up_everything(round_: FollowUpRound, *, review: bool = True) -> list[FollowUp]:
    promise = round_.charter.promises.get()
    public, internal = promise.activities.order_by("order")
    follow_ups = [
        FollowUpFactory(
            round=round_,
            activity=public,
            status=FollowUp.Status.DONE,
            narrative_public="Polisen har patrullerat varje fredag.",
            narrative_internal="HEMLIG-INTERN-TEXT om patrullen",
            evidence_url="https://example.se/protokoll",
        ),
        FollowUpFactory(
            round=round_,
            activity=internal,
            status=FollowUp.Status.CANCELLED,
            reason="Resursbrist",
            narrative_public="HEMLIG-ICKE-PUBLIK-AKTIVITET",
            narrative_internal="HEMLIG-INTERN-TEXT om kartläggningen",
        ),
        FollowUpFactory(
            round=round_,
            for_promise=True,
            promise=promise,
            assessment="partly_fulfilled",
            narrative_public="Löftet hålls till stor del.",
            narrative_internal="HEMLIG-INTERN-BEDÖMNING",
        ),
    ]
    if review:
        for follow_up in follow_ups:
            ReviewFactory(follow_up=follow_up)
    return follow_ups


def publish_url(round_: FollowUpRound) -> str:
    return reverse("followups:round_publish", kwargs={"round_pk": round_.pk})


def csv_url(round_: FollowUpRound) -> str:
    return reverse("followups:round_csv", kwargs={"round_pk": round_.pk})


def kommun_page(client, charter) -> str:
    url = reverse("public:municipality", kwargs={"slug": charter.municipality.slug})
    return client.get(url).content.decode()


# --- Publishing -------------------------------------------------------------------------------


def test_the_publish_page_lists_what_is_missing(client, world, round_):
    promise = round_.charter.promises.get()
    public = promise.activities.get(title="Fotpatrullering")
    FollowUpFactory(round=round_, activity=public)  # followed up, never reviewed
    client.force_login(world.coordinator)

    page = client.get(publish_url(round_)).content.decode()

    assert 'id="missing"' in page
    missing = page[page.index('id="missing"') :]
    assert "Intern kartläggning" in missing
    assert "Synlig polis" in missing
    assert "Fotpatrullering" in missing  # not reviewed


def test_an_incomplete_round_is_refused_with_the_list_and_the_summary_kept(client, world, round_):
    follow_ups = follow_up_everything(round_, review=False)
    ReviewFactory(follow_up=follow_ups[0])
    ReviewFactory(
        follow_up=follow_ups[1], decision="needs_changes", comment="Ange skälet tydligare."
    )
    client.force_login(world.coordinator)

    response = client.post(publish_url(round_), {"summary": "Det mesta är gjort."})

    assert response.status_code == 200
    page = response.content.decode()
    assert 'role="alert"' in page
    assert "Ange skälet tydligare." in page
    assert "Synlig polis" in page  # the assessment is not reviewed
    assert "Det mesta är gjort." in page
    round_.refresh_from_db()
    assert round_.published_at is None
    assert round_.summary == ""


def test_a_not_assessed_promise_keeps_the_round_from_being_published(client, world, round_):
    follow_ups = follow_up_everything(round_)
    FollowUp.objects.filter(pk=follow_ups[2].pk).update(assessment="not_assessed")
    client.force_login(world.coordinator)

    client.post(publish_url(round_), {"summary": ""})

    round_.refresh_from_db()
    assert round_.published_at is None


def test_the_latest_review_counts_not_an_earlier_one(client, world, round_):
    follow_ups = follow_up_everything(round_, review=False)
    for follow_up in follow_ups:
        ReviewFactory(follow_up=follow_up, decision="needs_changes", comment="Komplettera.")
        ReviewFactory(follow_up=follow_up)
    client.force_login(world.coordinator)

    response = client.post(publish_url(round_), {"summary": ""})

    assert response.status_code == 302
    round_.refresh_from_db()
    assert round_.published_at is not None


def test_a_complete_reviewed_round_is_published_with_its_summary_and_history(
    client, world, round_
):
    follow_up_everything(round_)
    client.force_login(world.coordinator)
    page = client.get(publish_url(round_))
    assert 'id="missing"' not in page.content.decode()
    data = form_data(page)
    data["summary"] = "Polisen har synts mer i centrum."

    response = client.post(publish_url(round_), data)

    assert response.status_code == 302
    assert response["Location"] == reverse("promises:charter", kwargs={"pk": round_.charter_id})
    round_.refresh_from_db()
    assert round_.published_at is not None
    assert round_.summary == "Polisen har synts mer i centrum."
    latest = round_.history.latest()
    assert latest.history_user == world.coordinator
    assert latest.published_at is not None


def test_a_published_report_is_not_published_again(client, world, round_):
    follow_up_everything(round_)
    client.force_login(world.coordinator)
    client.post(publish_url(round_), {"summary": "Första"})
    round_.refresh_from_db()
    first = round_.published_at

    response = client.post(publish_url(round_), {"summary": "Andra"})

    assert response.status_code == 302
    round_.refresh_from_db()
    assert (round_.published_at, round_.summary) == (first, "Första")


def test_a_round_of_a_closed_charter_is_not_published(client, world, round_):
    follow_up_everything(round_)
    round_.charter.status = "closed"
    round_.charter.save()
    client.force_login(world.coordinator)

    response = client.post(publish_url(round_), {"summary": ""})

    assert response.status_code == 200
    round_.refresh_from_db()
    assert round_.published_at is None


@pytest.mark.parametrize(
    ("role", "status"),
    [("police", 403), ("police_manager", 403), ("viewer", 403), ("other_coordinator", 404)],
)
def test_only_the_kommuns_coordinator_publishes(client, world, round_, role, status):
    follow_up_everything(round_)
    client.force_login(getattr(world, role))

    assert client.post(publish_url(round_), {"summary": ""}).status_code == status
    round_.refresh_from_db()
    assert round_.published_at is None


# --- What residents see -----------------------------------------------------------------------


def publish(client, world, round_, summary="Sammanfattning för invånarna.") -> None:
    client.force_login(world.coordinator)
    response = client.post(publish_url(round_), {"summary": summary})
    assert response.status_code == 302, response.content.decode()
    client.logout()


def test_the_report_page_shows_the_published_round_promise_by_promise(
    client, world, round_, django_capture_on_commit_callbacks
):
    follow_up_everything(round_)
    assert client.get(round_.get_absolute_url()).status_code == 404

    with django_capture_on_commit_callbacks(execute=True):
        publish(client, world, round_)
    response = client.get(round_.get_absolute_url())

    assert response.status_code == 200
    report = response.content.decode()
    assert "<h1>Tertial 1</h1>" in report
    assert "Sammanfattning för invånarna." in report
    assert "Synlig polis" in report
    assert "Delvis infriat" in report
    assert "Löftet hålls till stor del." in report
    assert "Fotpatrullering" in report
    assert "Polisen har patrullerat varje fredag." in report
    assert "Andel trygga 63 %" in report
    assert "99" not in strip_tags(report)  # measured after the round (not in a CSRF token)
    for secret in ("HEMLIG", "Intern kartläggning", "Resursbrist"):
        assert secret not in report, secret


def test_the_kommun_page_lists_the_published_report_with_its_summary_and_link(
    client, world, round_, django_capture_on_commit_callbacks
):
    follow_up_everything(round_)
    assert round_.get_absolute_url() not in kommun_page(client, round_.charter)

    with django_capture_on_commit_callbacks(execute=True):
        publish(client, world, round_)
    page = kommun_page(client, round_.charter)

    item = page[page.index(f'id="uppfoljning-{round_.pk}"') :]
    item = item[: item.index("</li>")]
    assert f'href="{round_.get_absolute_url()}"' in item
    assert "Tertial 1" in item
    assert "Sammanfattning för invånarna." in item


def second_round(round_: FollowUpRound, **fields) -> FollowUpRound:
    start = round_.period_end + datetime.timedelta(days=1)
    return FollowUpRoundFactory(
        charter=round_.charter,
        title="Tertial 2",
        period_start=start,
        period_end=start + datetime.timedelta(days=119),
        due_on=start + datetime.timedelta(days=130),
        **fields,
    )


def test_the_report_page_links_the_reports_before_and_after_it(client, round_):
    FollowUpRound.objects.filter(pk=round_.pk).update(published_at=timezone.now())
    later = second_round(round_, published_at=timezone.now())

    first = client.get(round_.get_absolute_url()).content.decode()
    second = client.get(later.get_absolute_url()).content.decode()

    assert f'href="{later.get_absolute_url()}" rel="next"' in first
    assert 'rel="prev"' not in first
    assert f'href="{round_.get_absolute_url()}" rel="prev"' in second
    assert 'rel="next"' not in second


def test_an_unpublished_report_is_not_linked_from_a_published_one(client, round_):
    FollowUpRound.objects.filter(pk=round_.pk).update(published_at=timezone.now())
    later = second_round(round_)

    page = client.get(round_.get_absolute_url()).content.decode()

    assert later.get_absolute_url() not in page
    assert client.get(later.get_absolute_url()).status_code == 404


def test_a_report_answers_404_under_another_charter_or_kommun_or_a_draft_charter(
    client, world, round_, django_capture_on_commit_callbacks
):
    FollowUpRound.objects.filter(pk=round_.pk).update(published_at=timezone.now())
    charter = round_.charter
    other = CharterFactory(municipality=world.municipality, published=True, title="Annat")
    kwargs = {"slug": world.municipality.slug, "pk": charter.pk, "round_pk": round_.pk}
    url = reverse("public:round_report", kwargs=kwargs)
    assert client.get(url).status_code == 200

    for wrong in (
        {**kwargs, "pk": other.pk},
        {**kwargs, "slug": world.other_municipality.slug},
        {**kwargs, "round_pk": round_.pk + 1000},
    ):
        assert client.get(reverse("public:round_report", kwargs=wrong)).status_code == 404
    with django_capture_on_commit_callbacks(execute=True):  # the cached page is dropped
        charter.status = charter.Status.DRAFT
        charter.published_at = None
        charter.save()
    assert client.get(url).status_code == 404


def test_the_report_page_runs_the_same_queries_for_1_and_20_promises(client, round_):
    FollowUpRound.objects.filter(pk=round_.pk).update(published_at=timezone.now())
    follow_up_everything(round_, review=False)
    url = round_.get_absolute_url()
    cache.clear()
    with CaptureQueriesContext(connection) as small:
        assert client.get(url).status_code == 200
    for number in range(19):
        promise = PromiseFactory(charter=round_.charter, owner=Party.JOINT, order=10 + number)
        activity = ActivityFactory(promise=promise, title=f"Aktivitet {number}", order=1)
        FollowUpFactory(round=round_, activity=activity, narrative_public=f"Gjort {number}.")
        indicator = IndicatorFactory(promise=promise, name=f"Mått {number}")
        MeasurementFactory(indicator=indicator, date=round_.period_start, value=number)
    cache.clear()

    # Kommun, charter, round, then the report: promises, the round's follow-ups with their
    # activities, the measurements of the round's period with their indicators, the
    # charter's published rounds.
    with CaptureQueriesContext(connection) as large:
        page = client.get(url).content.decode()
    assert "Gjort 18." in page
    assert "Mått 18 18" in page  # its measurement in the period, with its indicator
    assert len(large.captured_queries) == len(small.captured_queries) == 7


def test_publishing_makes_an_entry_appear_in_the_feeds(
    client, world, round_, django_capture_on_commit_callbacks
):
    follow_up_everything(round_)
    feed = reverse("opendata:municipality_feed", kwargs={"slug": world.municipality.slug})
    national = reverse("opendata:national_feed")
    assert "Tertial 1" not in client.get(feed).content.decode()
    assert "Tertial 1" not in client.get(national).content.decode()

    with django_capture_on_commit_callbacks(execute=True):
        publish(client, world, round_, summary="Sammanfattning i flödet.")

    for url in (feed, national):
        content = client.get(url).content.decode()
        assert "Tertial 1" in content
        assert "Sammanfattning i flödet." in content
        assert f"#uppfoljning-{round_.pk}" in content
        assert "HEMLIG" not in content


def test_the_open_data_follow_ups_cover_published_reports_only(
    client, world, round_, django_capture_on_commit_callbacks
):
    follow_up_everything(round_)
    url = reverse("opendata:api_csv", kwargs={"dataset": "uppfoljningar"})
    assert "Fotpatrullering" not in client.get(url).getvalue().decode()

    with django_capture_on_commit_callbacks(execute=True):
        publish(client, world, round_)

    content = client.get(url).getvalue().decode()
    assert "Polisen har patrullerat varje fredag." in content
    assert "Löftet hålls till stor del." in content
    # Never the internal texts, nor the follow-up of an activity that is not public.
    assert "HEMLIG" not in content
    assert "Intern kartläggning" not in content


# --- The export for the lokalt BRÅ -----------------------------------------------------------


@pytest.mark.parametrize("role", ["coordinator", "police", "police_manager", "viewer"])
def test_the_readers_of_the_kommun_export_the_round_with_internal_texts(
    client, world, round_, role
):
    follow_up_everything(round_)
    client.force_login(getattr(world, role))

    response = client.get(csv_url(round_))

    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="kommun-a-tertial-1.csv"'
    header, *rows = csv_rows(response)
    assert len(header) == 17
    assert all(len(row) == 17 for row in rows)
    promise_row, public_row, internal_row = rows
    assert promise_row[1] == "Synlig polis"
    assert promise_row[3] == ""
    assert "Löftet hålls till stor del." in promise_row
    assert "HEMLIG-INTERN-BEDÖMNING" in promise_row
    assert public_row[3] == "Fotpatrullering"
    assert "HEMLIG-INTERN-TEXT om patrullen" in public_row
    assert "Polisen har patrullerat varje fredag." in public_row
    assert "https://example.se/protokoll" in public_row
    assert internal_row[3] == "Intern kartläggning"
    assert "Resursbrist" in internal_row


def test_the_export_names_author_date_and_latest_review(client, world, round_):
    follow_ups = follow_up_everything(round_, review=False)
    ReviewFactory(follow_up=follow_ups[0], decision="needs_changes", comment="Äldre granskning")
    latest = ReviewFactory(
        follow_up=follow_ups[0], decision="needs_changes", comment="Ange antal pass."
    )
    client.force_login(world.coordinator)

    _header, _promise, public_row, _internal = csv_rows(client.get(csv_url(round_)))

    assert follow_ups[0].author.username in public_row
    assert follow_ups[0].reported_on.isoformat() in public_row
    assert "Ange antal pass." in public_row
    assert "Äldre granskning" not in public_row
    assert latest.reviewer.username in public_row


def test_the_export_has_a_row_for_what_is_not_followed_up(client, world, round_):
    client.force_login(world.coordinator)

    _header, promise_row, public_row, internal_row = csv_rows(client.get(csv_url(round_)))

    for row in (promise_row, public_row, internal_row):
        assert row[6] != ""  # says "not followed up"
        assert row[7:] == [""] * 10


def test_a_text_that_looks_like_a_formula_is_not_run_by_a_spreadsheet(client, world, round_):
    follow_ups = follow_up_everything(round_)
    FollowUp.objects.filter(pk=follow_ups[0].pk).update(narrative_internal="=HYPERLINK(1)")
    client.force_login(world.coordinator)

    content = client.get(csv_url(round_)).getvalue().decode()

    assert "'=HYPERLINK(1)" in content


def test_others_get_403_for_a_published_round_and_404_for_an_unpublished_one(
    client, world, round_
):
    client.force_login(world.other_coordinator)
    assert client.get(csv_url(round_)).status_code == 404
    round_.published_at = timezone.now()
    round_.save()
    assert client.get(csv_url(round_)).status_code == 403
    client.force_login(world.reporter)
    assert client.get(csv_url(round_)).status_code == 403


@pytest.mark.parametrize("extra", [0, 10])
def test_the_export_runs_the_same_queries_for_any_size(
    client, world, round_, extra, django_assert_num_queries
):
    follow_up_everything(round_)
    for n in range(extra):
        promise = PromiseFactory(charter=round_.charter, order=10 + n)
        activity = ActivityFactory(promise=promise)
        ReviewFactory(follow_up=FollowUpFactory(round=round_, activity=activity))
    client.force_login(world.coordinator)

    # 1 session, 2 user, 3 the round with charter, kommun and LPO, 4 the user's roles there,
    # 5 promises, 6 their activities, 7 the round's follow-ups with authors, 8 their reviews
    # with reviewers.
    with django_assert_num_queries(8):
        response = client.get(csv_url(round_))

    assert len(csv_rows(response)) == 1 + 3 + 2 * extra


def test_the_kommuns_workspace_lists_its_rounds_with_export_and_publish_links(
    client, world, round_
):
    follow_up_everything(round_)
    url = reverse("followups:municipality_workspace", kwargs={"slug": world.municipality.slug})
    client.force_login(world.coordinator)

    page = client.get(url).content.decode()

    assert "Tertial 1" in page
    assert f'href="{csv_url(round_)}"' in page
    assert f'href="{publish_url(round_)}"' in page
    client.force_login(world.police)
    page = client.get(url).content.decode()
    assert f'href="{csv_url(round_)}"' in page
    assert f'href="{publish_url(round_)}"' not in page
