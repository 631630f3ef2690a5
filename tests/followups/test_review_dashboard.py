"""The review dashboard: every follow-up in scope, its filters, counts, chart and table.

The small world below is counted by hand. Kommun A (LPO A) has a published charter of last
year with four activities and two rounds:

    activity   owner         Q1 (published)   Q2 (overdue, not published)
    a1         police        done             done
    a2         police        delayed          ongoing
    a3         municipality  ongoing          missing
    a4         joint         cancelled        missing

and one promise follow-up in Q1 (the police promise, assessed "ongoing"). Kommun B (LPO B)
has one activity of a police promise, done in its Q1. So the whole country counts: A done 2,
ongoing 2, delayed 1, cancelled 1, missing 2 (total 8); B done 1; one promise assessment;
8 follow-ups listed.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass

import pytest
from django.urls import reverse
from django.utils import timezone
from django.utils.html import strip_tags

from followups.models import FollowUp, Review
from promises.models import Activity, Charter, Party, Promise
from tests.followups.factories import FollowUpFactory, FollowUpRoundFactory, ReviewFactory
from tests.helpers import WEDNESDAY_NOON
from tests.promises.factories import ActivityFactory, CharterFactory, PromiseFactory
from tests.situations.factories import MunicipalityFactory

# The rounds are last year's quarters, overdue by today.
pytestmark = [pytest.mark.django_db, pytest.mark.time_machine(WEDNESDAY_NOON, tick=False)]

URL = reverse("followups:review")
YEAR = WEDNESDAY_NOON.year - 1  # last year for the tests' clock, not only when they are collected


def q(number: int) -> tuple[datetime.date, datetime.date, datetime.date]:
    """Start, end and due date of quarter NUMBER of last year."""
    start = datetime.date(YEAR, 3 * number - 2, 1)
    end = (datetime.date(YEAR, 3 * number, 28) + datetime.timedelta(days=4)).replace(day=1)
    end -= datetime.timedelta(days=1)
    return start, end, end + datetime.timedelta(days=15)


def period(number: int) -> str:
    start, end, _due = q(number)
    return f"{start.isoformat()}_{end.isoformat()}"


def make_round(charter: Charter, number: int, *, published: bool):
    start, end, due = q(number)
    return FollowUpRoundFactory(
        charter=charter,
        title=f"Kvartal {number} {YEAR}",
        period_start=start,
        period_end=end,
        due_on=due,
        published_at=timezone.now() if published else None,
    )


def published_charter(municipality, area) -> Charter:
    return CharterFactory(
        municipality=municipality,
        police_area=area,
        title=f"Medborgarlöfte {YEAR}",
        period_start=datetime.date(YEAR, 1, 1),
        period_end=datetime.date(YEAR, 12, 31),
        published=True,
    )


def follow_up(round_, activity: Activity, status: str, **fields) -> FollowUp:
    if status == FollowUp.Status.CANCELLED:
        fields.setdefault("reason", "Ingen lokal.")
    return FollowUpFactory(round=round_, activity=activity, status=status, **fields)


@dataclass
class Data:
    a1q1: FollowUp
    a2q1: FollowUp
    a3q1: FollowUp
    a4q1: FollowUp
    p1q1: FollowUp
    a1q2: FollowUp
    a2q2: FollowUp
    b1q1: FollowUp


@pytest.fixture
def data(world) -> Data:
    return build_data(world)


def build_data(world) -> Data:
    """The small world of the module's docstring."""
    charter = published_charter(world.municipality, world.police_area)
    police = PromiseFactory(charter=charter, owner=Party.POLICE, order=1)
    kommun = PromiseFactory(charter=charter, owner=Party.MUNICIPALITY, order=2)
    joint = PromiseFactory(charter=charter, owner=Party.JOINT, order=3)
    a1 = ActivityFactory(promise=police, title="Fotpatrull", order=1)
    a2 = ActivityFactory(promise=police, title="Trafikkontroll", order=2)
    a3 = ActivityFactory(promise=kommun, title="Belysning i parken", order=1)
    a4 = ActivityFactory(promise=joint, title="Trygghetsvandring", order=1)
    q1, q2 = make_round(charter, 1, published=True), make_round(charter, 2, published=False)
    Status = FollowUp.Status
    reported = datetime.date(YEAR, 4, 2)
    data = Data(
        a1q1=follow_up(q1, a1, Status.DONE, reported_on=reported),
        a2q1=follow_up(q1, a2, Status.DELAYED, reported_on=reported),
        a3q1=follow_up(q1, a3, Status.ONGOING, reported_on=reported),
        a4q1=follow_up(q1, a4, Status.CANCELLED, reported_on=reported),
        p1q1=FollowUpFactory(
            round=q1,
            activity=None,
            promise=police,
            status="",
            assessment=Promise.Assessment.ONGOING,
            reported_on=reported,
        ),
        a1q2=follow_up(q2, a1, Status.DONE, reported_on=datetime.date(YEAR, 7, 3)),
        a2q2=follow_up(q2, a2, Status.ONGOING, reported_on=datetime.date(YEAR, 7, 4)),
        b1q1=None,
    )
    other = published_charter(world.other_municipality, world.other_police_area)
    b1 = ActivityFactory(promise=PromiseFactory(charter=other), title="Cykelpatrull")
    data.b1q1 = follow_up(
        make_round(other, 1, published=True), b1, Status.DONE, reported_on=reported
    )
    return data


def get(client, user, **query):
    client.force_login(user)
    response = client.get(URL, query)
    assert response.status_code == 200
    return response


def listed(response) -> set[int]:
    return {int(row["pk"]) for row in response.context["rows"]}


def table_row(page: str, name: str) -> list[str]:
    """The numbers of NAME's row in the table of statuses per kommun."""
    match = re.search(rf'<th scope="row">{name}</th>((?:<td class="text-end">\d+</td>)+)', page)
    assert match, f"no row for {name}"
    return re.findall(r"(\d+)</td>", match.group(1))


# Access


def test_anonymous_is_sent_to_the_login_page(client):
    response = client.get(URL)

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


def test_a_reporter_reads_no_follow_ups_and_gets_403(client, world):
    client.force_login(world.reporter)

    assert client.get(URL).status_code == 403


def test_a_user_without_memberships_gets_403(client, world):
    client.force_login(world.outsider)

    assert client.get(URL).status_code == 403


def test_the_police_see_the_follow_ups_of_their_lpos_kommuner_only(client, world, data):
    response = get(client, world.police)

    assert data.b1q1.pk not in listed(response)
    assert data.a1q1.pk in listed(response)
    assert "Kommun B" not in response.content.decode()


def test_a_district_manager_sees_every_lpo_of_the_district(client, world, data):
    response = get(client, world.district_manager)

    assert listed(response) == {
        data.a1q1.pk,
        data.a2q1.pk,
        data.a3q1.pk,
        data.a4q1.pk,
        data.p1q1.pk,
        data.a1q2.pk,
        data.a2q2.pk,
    }


def test_a_coordinator_and_a_viewer_see_their_kommun(client, world, data):
    assert data.a1q1.pk in listed(get(client, world.coordinator))
    assert data.a1q1.pk in listed(get(client, world.viewer))
    assert listed(get(client, world.other_coordinator)) == {data.b1q1.pk}


def test_the_superuser_sees_every_kommun(client, world, data):
    assert len(listed(get(client, world.superuser))) == 8


def test_the_dashboard_is_never_cached(client, world):
    client.force_login(world.police)

    assert "no-store" in client.get(URL)["Cache-Control"]


def test_the_workspace_overview_links_to_the_review_for_readers_only(client, world):
    client.force_login(world.police)
    assert URL in client.get(reverse("followups:dashboard")).content.decode()
    client.force_login(world.reporter)
    assert URL not in client.get(reverse("followups:dashboard")).content.decode()


# Counts, chart and table


def test_counts_per_status_match_the_hand_count(client, world, data):
    counts = get(client, world.superuser).context["counts"]

    assert counts.statuses == {
        "done": 3,
        "ongoing": 2,
        "delayed": 1,
        "cancelled": 1,
        "missing": 2,
    }
    assert counts.assessments == {"ongoing": 1}
    assert counts.listed == 8


def test_the_table_per_kommun_has_the_hand_counted_numbers(client, world, data):
    page = get(client, world.superuser).content.decode()

    # done, ongoing, not started, delayed, cancelled, missing, total
    assert table_row(page, "Kommun A") == ["2", "2", "0", "1", "1", "2", "8"]
    assert table_row(page, "Kommun B") == ["1", "0", "0", "0", "0", "0", "1"]


def test_the_chart_draws_the_same_numbers_on_one_scale(client, world, data):
    page = get(client, world.superuser).content.decode()

    # The longest bar (8, kommun A) fills 400 px from x=160: 50 px per follow-up.
    assert '<rect x="160.0" y="4" width="100.0" height="14" fill="#1f6a3a"' in page  # done 2
    assert '<rect x="260.0" y="4" width="100.0" height="14" fill="#0b4f8a"' in page  # ongoing
    assert '<rect x="360.0" y="4" width="50.0" height="14" fill="#c77700"' in page  # delayed
    assert '<rect x="410.0" y="4" width="50.0" height="14" fill="#8a1c1c"' in page  # cancelled
    assert 'x="460.0" y="4" width="100.0" height="14" fill="url(#missing-hatch)"' in page
    assert '<text x="564.0" y="11" dominant-baseline="middle">8</text>' in page
    # Kommun B, the second bar: one done, 50 px.
    assert '<rect x="160.0" y="24" width="50.0" height="14" fill="#1f6a3a"' in page
    assert 'text-anchor="end" dominant-baseline="middle">Kommun B</text>' in page


def test_the_chart_is_hidden_from_screen_readers_and_the_table_has_a_caption(client, world, data):
    page = get(client, world.superuser).content.decode()

    assert 'aria-hidden="true" focusable="false" font-size="11"' in page
    assert page.count("<caption id=") >= 3
    assert "<script" not in page.split("<main", 1)[-1]


def test_kommun_names_in_the_chart_are_escaped(client, world, data):
    world.other_municipality.name = "<b>B</b>"
    world.other_municipality.save()

    page = get(client, world.superuser).content.decode()

    assert 'dominant-baseline="middle">&lt;b&gt;B&lt;/b&gt;</text>' in page
    assert "<b>B</b>" not in page


def assess(round_, promise: Promise, assessment: str = Promise.Assessment.ONGOING) -> FollowUp:
    return FollowUpFactory(
        round=round_, activity=None, promise=promise, status="", assessment=assessment
    )


def test_the_overdue_rounds_say_how_many_follow_ups_are_missing(client, world, data):
    response = get(client, world.police)

    [overdue] = response.context["overdue"]
    assert (overdue.title, overdue.expected, overdue.missing, overdue.unassessed) == (
        f"Kvartal 2 {YEAR}",
        4,
        2,
        3,
    )
    page = response.content.decode()
    entry = reverse(
        "followups:round_entry", kwargs={"pk": overdue.charter_id, "round_pk": overdue.pk}
    )
    assert f'<a href="{entry}">Kvartal 2 {YEAR}</a>' in page


def test_a_round_with_every_activity_followed_up_but_a_promise_unassessed_is_overdue(
    client, world, data
):
    round_ = data.a1q2.round
    for activity in Activity.objects.filter(title__in=["Belysning i parken", "Trygghetsvandring"]):
        follow_up(round_, activity, FollowUp.Status.ONGOING)
    police, kommun, _joint = Promise.objects.filter(charter=round_.charter).order_by("order")
    assess(round_, police)
    assess(round_, kommun, Promise.Assessment.NOT_ASSESSED)  # "not assessed" is no assessment

    response = get(client, world.police)

    [overdue] = response.context["overdue"]
    assert (overdue.missing, overdue.unassessed) == (0, 2)
    assert round_.is_overdue
    assert listed(get(client, world.police, overdue="true")) == {
        data.a1q2.pk,
        data.a2q2.pk,
        *FollowUp.objects.filter(round=round_, activity__isnull=True).values_list("pk", flat=True),
        *FollowUp.objects.filter(
            round=round_, activity__title__in=["Belysning i parken", "Trygghetsvandring"]
        ).values_list("pk", flat=True),
    }


def test_a_complete_round_past_due_is_not_overdue(client, world, data):
    round_ = data.a1q2.round
    for activity in Activity.objects.filter(title__in=["Belysning i parken", "Trygghetsvandring"]):
        follow_up(round_, activity, FollowUp.Status.ONGOING)
    for promise in Promise.objects.filter(charter=round_.charter):
        assess(round_, promise)

    response = get(client, world.police)

    assert response.context["overdue"] == []
    assert "missing" not in response.context["counts"].statuses
    assert not round_.is_overdue
    assert listed(get(client, world.police, overdue="true")) == set()


def test_the_owner_filter_narrows_what_an_overdue_round_lacks(client, world, data):
    response = get(client, world.police, owner=Party.POLICE)

    [overdue] = response.context["overdue"]
    # The police's two activities are followed up in round 2; their one promise is not assessed.
    assert (overdue.expected, overdue.missing, overdue.unassessed) == (2, 0, 1)


# Filters, each narrowing the list


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({"status": "delayed"}, ["a2q1"]),
        ({"status": "ongoing"}, ["a3q1", "a2q2"]),
        ({"assessment": "ongoing"}, ["p1q1"]),
        ({"owner": "police"}, ["a1q1", "a2q1", "p1q1", "a1q2", "a2q2", "b1q1"]),
        ({"owner": "municipality"}, ["a3q1"]),
        ({"owner": "joint"}, ["a4q1"]),
        ({"round": period(2)}, ["a1q2", "a2q2"]),
        ({"overdue": "on"}, ["a1q2", "a2q2"]),
        ({"round": period(1), "owner": "police", "status": "done"}, ["a1q1", "b1q1"]),
    ],
)
def test_each_filter_narrows_the_list(client, world, data, query, expected):
    response = get(client, world.superuser, **query)

    assert listed(response) == {getattr(data, name).pk for name in expected}
    assert response.context["counts"].listed == len(expected)


def test_the_kommun_and_lpo_filters_narrow_to_their_kommun(client, world, data):
    by_kommun = get(client, world.superuser, municipality=world.other_municipality.pk)
    by_area = get(client, world.superuser, police_area=world.other_police_area.pk)

    assert listed(by_kommun) == listed(by_area) == {data.b1q1.pk}


def test_the_round_filter_offers_periods_across_kommuner(client, world, data):
    page = get(client, world.superuser).content.decode()

    # One choice for the first quarter, though both kommuner have a round of their own.
    assert page.count(f'<option value="{period(1)}"') == 1
    assert f"Kvartal 1 {YEAR} ({q(1)[0]:%Y-%m-%d} – {q(1)[1]:%Y-%m-%d})" in page


def test_the_owner_filter_counts_only_that_owners_missing_follow_ups(client, world, data):
    counts = get(client, world.superuser, owner="municipality").context["counts"]

    assert counts.statuses == {"ongoing": 1, "missing": 1}


def test_a_status_filter_leaves_missing_follow_ups_out_of_the_counts(client, world, data):
    counts = get(client, world.superuser, status="done").context["counts"]

    assert counts.statuses == {"done": 3}


def test_the_review_filter_follows_the_latest_decision(client, world, data):
    ReviewFactory(follow_up=data.a1q1, decision=Review.Decision.APPROVED)
    ReviewFactory(follow_up=data.a2q1, decision=Review.Decision.NEEDS_CHANGES, comment="Mer.")
    ReviewFactory(follow_up=data.a2q1, decision=Review.Decision.APPROVED)
    ReviewFactory(follow_up=data.a3q1, decision=Review.Decision.NEEDS_CHANGES, comment="Mer.")

    approved = get(client, world.police, review="approved")
    sent_back = get(client, world.police, review="needs_changes")
    not_reviewed = get(client, world.police, review="none")

    assert listed(approved) == {data.a1q1.pk, data.a2q1.pk}
    assert listed(sent_back) == {data.a3q1.pk}
    assert listed(not_reviewed) == {data.a4q1.pk, data.p1q1.pk, data.a1q2.pk, data.a2q2.pk}


def test_a_kommun_outside_the_scope_is_refused_by_the_form_and_filters_nothing(
    client, world, data
):
    response = get(client, world.police, municipality=world.other_municipality.pk)

    assert response.context["filter"].errors
    assert data.b1q1.pk not in listed(response)
    assert data.a1q1.pk in listed(response)


def test_the_list_is_paged_by_50_keeping_the_filters(client, world, data):
    charter = data.a1q1.round.charter
    round_ = make_round(charter, 3, published=False)
    promise = PromiseFactory(charter=charter, owner=Party.POLICE, order=9)
    for number in range(55):
        activity = ActivityFactory(promise=promise, title=f"Extra {number}", order=10 + number)
        follow_up(round_, activity, FollowUp.Status.DONE)

    first = get(client, world.police, status="done")
    second = get(client, world.police, status="done", sida=2)

    assert len(first.context["rows"]) == 50
    assert len(second.context["rows"]) == 57 - 50
    assert 'href="?status=done&amp;sida=2"' in first.content.decode()


def test_the_whole_scope_is_paged_as_a_list_that_chooses_it(client, world, data):
    # Nothing chosen, the list is read by its own queries (review_reads.ScopeIds): the same
    # pages as the list of the one kommun in the police officer's scope.
    charter = data.a1q1.round.charter
    round_ = make_round(charter, 3, published=False)
    promise = PromiseFactory(charter=charter, owner=Party.POLICE, order=9)
    for number in range(55):
        activity = ActivityFactory(promise=promise, title=f"Extra {number}", order=10 + number)
        follow_up(round_, activity, FollowUp.Status.DONE, reported_on=q(3)[0])

    def rows(**query) -> list[int]:
        return [int(row["pk"]) for row in get(client, world.police, **query).context["rows"]]

    chosen = {"municipality": world.municipality.pk}
    assert len(rows()) == 50
    assert rows() == rows(**chosen)
    assert rows(sida=2) == rows(sida=2, **chosen)
    assert len(rows(sida=2)) > 0
    assert set(rows()).isdisjoint(rows(sida=2))


def test_the_list_shows_the_latest_review_and_links_to_the_follow_up(client, world, data):
    ReviewFactory(follow_up=data.a3q1, decision=Review.Decision.NEEDS_CHANGES, comment="Mer.")

    page = get(client, world.police, status="ongoing").content.decode()

    assert reverse("followups:follow_up", kwargs={"pk": data.a3q1.pk}) in page
    assert "Behöver kompletteras" in page or "behöver kompletteras" in page.lower()


def list_row(page: str, follow_up: FollowUp) -> list[str]:
    """The text of FOLLOW_UP's row in the list, cell by cell."""
    link = reverse("followups:follow_up", kwargs={"pk": follow_up.pk})
    (row,) = [row for row in page.split("<tr>") if f'<a href="{link}' in row]
    cells = re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row.split("</tr>")[0], re.DOTALL)
    return [" ".join(strip_tags(cell).split()) for cell in cells]


def test_each_row_says_what_was_followed_up_and_where_its_review_stands(client, world, data):
    ReviewFactory(follow_up=data.a1q1, decision=Review.Decision.APPROVED)
    ReviewFactory(follow_up=data.a2q1, decision=Review.Decision.NEEDS_CHANGES, comment="Mer.")
    ReviewFactory(follow_up=data.a3q1, decision=Review.Decision.APPROVED)
    ReviewFactory(follow_up=data.a4q1, decision=Review.Decision.APPROVED)
    later = timezone.now() + datetime.timedelta(minutes=1)
    FollowUp.objects.filter(pk=data.a3q1.pk).update(updated_at=later)  # edited since
    # Edited after its review in a way that calls for another (services.round_entries_save).
    FollowUp.objects.filter(pk=data.a4q1.pk).update(updated_at=later, review_decision="")

    page = get(client, world.police, round=period(1)).content.decode()

    choose = "Välj uppföljningen av {}, Kommun A, Kvartal 1 " + str(YEAR)
    reported = f"{YEAR}-04-02"
    assert list_row(page, data.a1q1) == [
        choose.format("Fotpatrull"), "Fotpatrull", "Kommun A", f"Kvartal 1 {YEAR}",
        "Polisen", "Genomförd", reported, "Godkänd",
    ]  # fmt: skip
    assert list_row(page, data.a2q1)[4:] == [
        "Polisen",
        "Försenad",
        reported,
        "Behöver kompletteras",
    ]
    assert list_row(page, data.a3q1)[4:] == [
        "Kommunen", "Pågår", reported, "Godkänd (ändrad sedan dess)",
    ]  # fmt: skip
    assert list_row(page, data.a4q1)[4:] == [
        "Gemensamt", "Inställd", reported, "Ändrad efter granskning: granskas igen",
    ]  # fmt: skip
    promise = str(data.p1q1.promise)
    assert list_row(page, data.p1q1)[:2] == [choose.format(promise), f"{promise} (löfte)"]
    assert list_row(page, data.p1q1)[4:] == ["Polisen", "Pågår", reported, "Ej granskad"]


# Queries: the same few for one kommun and for many


def national_data(extra: int, area) -> None:
    """EXTRA more kommuner in AREA, each with a published charter and a round of follow-ups."""
    for number in range(extra):
        municipality = MunicipalityFactory(name=f"Storkommun {number}")
        area.municipalities.add(municipality)
        charter = published_charter(municipality, area)
        round_ = make_round(charter, 1, published=False)
        for order in range(3):
            activity = ActivityFactory(promise__charter=charter, order=order)
            follow_up(round_, activity, FollowUp.Status.ONGOING)
            ReviewFactory(follow_up=FollowUp.objects.latest("id"))


@pytest.mark.parametrize("extra_kommuner", [0, 15])
@pytest.mark.parametrize(
    "query",
    [{}, {"status": "done", "owner": "police", "round": period(1), "review": "approved"}],
)
@pytest.mark.parametrize("role", ["district_manager", "superuser"])
def test_the_dashboard_runs_a_fixed_number_of_queries(
    client, world, data, extra_kommuner, query, role, django_assert_num_queries
):
    national_data(extra_kommuner, world.police_area)
    ReviewFactory(follow_up=data.a1q1, decision=Review.Decision.APPROVED)
    client.force_login(getattr(world, role))

    # 1 session, 2 user, 3 kommuner in scope, 4 their LPOs, 5 round periods, 6 overdue rounds
    # with what they miss, 7 follow-ups per kommun and status (one grouped query), 8 the ids
    # of the page, 9 its follow-ups with what the list shows of their round, charter, kommun,
    # activity, promise and latest review, 10 the charters in force of the kommuner (none
    # here: last year's; test_the_progress_residents_read_costs_the_same_queries… has some).
    with django_assert_num_queries(10):
        response = client.get(URL, query)

    assert response.status_code == 200
    assert response.context["rows"]
    if extra_kommuner and not query:
        assert "Storkommun 14" in response.content.decode()


@pytest.mark.parametrize("kommuner", [1, 4])
def test_the_progress_residents_read_costs_the_same_queries_for_one_kommun_or_many(
    client, world, kommuner, django_assert_num_queries
):
    start = datetime.date(WEDNESDAY_NOON.year, 1, 1)
    for number in range(kommuner):
        municipality = MunicipalityFactory(name=f"Idag {number}")
        world.police_area.municipalities.add(municipality)
        charter = CharterFactory(
            municipality=municipality,
            police_area=world.police_area,
            period_start=start,
            period_end=start.replace(month=12, day=31),
            published=True,
        )
        round_ = make_round(charter, 1, published=True)
        for order in range(3):
            activity = ActivityFactory(promise__charter=charter, order=order)
            follow_up(round_, activity, FollowUp.Status.DONE if order else FollowUp.Status.DELAYED)
    client.force_login(world.district_manager)

    # The 10 of the test above, then the charters' promises with their public activities,
    # the latest published follow-up of each, and their published rounds.
    with django_assert_num_queries(13):
        response = client.get(URL)

    page = " ".join(strip_tags(response.content.decode()).split())
    assert page.count("2 av 3 planerade aktiviteter genomförda (67 %), 1 försenad") == kommuner
