"""Review in bulk from the review list: the follow-ups ticked, a page of the list, or a whole
round of a kommun, approved with one comment or sent back with a required one, in one post.

Each follow-up gets its own review and history entry; only those the user may review are
touched, and one changed after the list was shown is skipped. The message says what was done
and what was skipped, and why.
"""

from __future__ import annotations

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from followups import services
from followups.models import FollowUp, Review
from promises.models import Charter, Party
from situations.models import Membership
from situations.permissions import roles_by_municipality, roles_in
from tests.followups.factories import FollowUpFactory, FollowUpRoundFactory
from tests.helpers import WEDNESDAY_NOON, form_data, sv
from tests.promises.factories import ActivityFactory, CharterFactory, PromiseFactory
from tests.situations.factories import MembershipFactory, UserFactory

# The clock moves on from a fixed day: a change after the list was shown is later than it.
pytestmark = [pytest.mark.django_db, pytest.mark.time_machine(WEDNESDAY_NOON, tick=True)]

URL = reverse("followups:review")
YEAR = WEDNESDAY_NOON.year


@pytest.fixture
def author(world):
    """Kommun A's second coordinator, who entered the follow-ups."""
    user = UserFactory(username="author", first_name="Anna", last_name="Författare")
    MembershipFactory(user=user, role=Membership.Role.COORDINATOR, municipality=world.municipality)
    return user


def charter_in_force(municipality, area, **fields) -> Charter:
    fields = {
        "title": f"Medborgarlöfte {YEAR}",
        "period_start": datetime.date(YEAR, 1, 1),
        "period_end": datetime.date(YEAR, 12, 31),
        "published": True,
        **fields,
    }
    return CharterFactory(municipality=municipality, police_area=area, **fields)


def round_of(charter: Charter, number: int = 1):
    start = datetime.date(YEAR, 3 * number - 2, 1)
    return FollowUpRoundFactory(
        charter=charter,
        title=f"Kvartal {number} {YEAR}",
        period_start=start,
        period_end=start + datetime.timedelta(days=80),
        due_on=start + datetime.timedelta(days=100),
    )


def follow_ups_of(round_, author, titles: list[str], **fields) -> list[FollowUp]:
    promise = PromiseFactory(charter=round_.charter, owner=Party.POLICE)
    return [
        FollowUpFactory(
            round=round_,
            activity=ActivityFactory(promise=promise, title=title, order=number),
            status=FollowUp.Status.DONE,
            narrative_public=f"{title}: genomfört.",
            author=author,
            **fields,
        )
        for number, title in enumerate(titles)
    ]


@pytest.fixture
def round_a(world):
    return round_of(charter_in_force(world.municipality, world.police_area))


@pytest.fixture
def patrol_lights_walk(round_a, author) -> list[FollowUp]:
    return follow_ups_of(round_a, author, ["Fotpatrull", "Belysning", "Trygghetsvandring"])


def bulk_form(client, user, **query) -> dict:
    """The bulk review form of the list as USER sees it, nothing ticked."""
    client.force_login(user)
    response = client.get(URL, query)
    assert response.status_code == 200
    return form_data(response, containing="bulk-loaded")


def post(client, data: dict, **changes):
    return client.post(URL, {**data, **changes}, follow=True)


def messages_of(response) -> list[str]:
    return [str(message) for message in response.context["messages"]]


def approve_ticked(client, data: dict, *follow_ups: FollowUp, **changes):
    return post(
        client,
        data,
        **{
            "bulk-scope": "selected",
            "bulk-selected": [str(f.pk) for f in follow_ups],
            "bulk-decision": "approved",
            "bulk-comment": "Bra rapporterat.",
            **changes,
        },
    )


# The list and its form


def test_each_row_has_a_checkbox_labelled_with_its_follow_up(client, world, patrol_lights_walk):
    client.force_login(world.police)
    page = client.get(URL).content.decode()

    patrol = patrol_lights_walk[0]
    checkbox = f'name="bulk-selected" value="{patrol.pk}" id="select-{patrol.pk}">'
    assert f'<input class="form-check-input" type="checkbox" {checkbox}' in page
    label = f"Välj uppföljningen av Fotpatrull, Kommun A, Kvartal 1 {YEAR}"
    assert f'<label class="bulk-target" for="select-{patrol.pk}">' in page
    assert f'<span class="visually-hidden">{label}</span></label>' in page
    assert "<legend>Granska flera på en gång</legend>" in page


def test_a_viewer_gets_no_bulk_form_and_403_on_a_post(client, world, patrol_lights_walk):
    client.force_login(world.viewer)
    page = client.get(URL).content.decode()
    assert "bulk-selected" not in page

    response = client.post(
        URL,
        {
            "bulk-scope": "page",
            f"bulk-seen-{patrol_lights_walk[0].pk}": "1",
            "bulk-decision": "approved",
        },
    )

    assert response.status_code == 403
    assert not Review.objects.exists()


# Approving and sending back


def test_the_police_approve_the_ticked_follow_ups_each_with_its_review_and_history(
    client, world, patrol_lights_walk
):
    patrol, lights, walk = patrol_lights_walk
    data = bulk_form(client, world.police)

    response = approve_ticked(client, data, patrol, lights)

    assert messages_of(response) == ["2 uppföljningar godkända."]
    reviews = Review.objects.order_by("follow_up_id")
    assert [(r.follow_up_id, r.reviewer, r.decision, r.comment) for r in reviews] == [
        (patrol.pk, world.police, "approved", "Bra rapporterat."),
        (lights.pk, world.police, "approved", "Bra rapporterat."),
    ]
    history = Review.history.order_by("follow_up_id")
    assert [(h.follow_up_id, h.history_user, h.history_change_reason) for h in history] == [
        (patrol.pk, world.police, "Godkänd"),
        (lights.pk, world.police, "Godkänd"),
    ]
    decisions = dict(FollowUp.objects.values_list("pk", "review_decision"))
    assert decisions == {patrol.pk: "approved", lights.pk: "approved", walk.pk: ""}


def test_the_history_page_of_each_follow_up_shows_its_review(client, world, patrol_lights_walk):
    patrol = patrol_lights_walk[0]
    approve_ticked(client, bulk_form(client, world.police), patrol)

    page = client.get(reverse("followups:follow_up_history", kwargs={"pk": patrol.pk}))

    assert "Bra rapporterat." in page.content.decode()


def test_approving_the_page_approves_every_follow_up_on_it(client, world, patrol_lights_walk):
    data = bulk_form(client, world.police)

    response = post(client, data, **{"bulk-scope": "page", "bulk-decision": "approved"})

    assert messages_of(response) == ["3 uppföljningar godkända."]
    assert set(FollowUp.objects.values_list("review_decision", flat=True)) == {"approved"}


def test_a_whole_round_of_a_kommun_is_approved_beyond_the_page(client, world, round_a, author):
    follow_ups_of(round_a, author, [f"Aktivitet {n}" for n in range(55)])
    other_round = round_of(round_a.charter, 2)
    elsewhere = follow_ups_of(other_round, author, ["Annan omgång"])[0]
    data = bulk_form(client, world.police_manager)
    assert len([name for name in data if name.startswith("bulk-seen-")]) == 50

    response = post(
        client,
        data,
        **{"bulk-scope": "round", "bulk-round": str(round_a.pk), "bulk-decision": "approved"},
    )

    assert messages_of(response) == ["55 uppföljningar godkända."]
    assert Review.objects.filter(follow_up__round=round_a).count() == 55
    elsewhere.refresh_from_db()
    assert elsewhere.review_decision == ""


def test_sending_back_needs_a_comment_in_swedish_and_keeps_what_was_ticked(
    client, world, patrol_lights_walk
):
    patrol = patrol_lights_walk[0]
    data = bulk_form(client, world.police)

    response = approve_ticked(
        client, data, patrol, **{"bulk-decision": "needs_changes", "bulk-comment": "  "}
    )

    assert response.status_code == 200
    page = response.content.decode()
    assert sv("Say what needs to change.") in page
    assert "Uppföljningarna granskades inte." in page
    assert f'value="{patrol.pk}" id="select-{patrol.pk}" checked' in page
    assert not Review.objects.exists()


def test_sending_back_records_the_comment_on_each(client, world, patrol_lights_walk):
    patrol, lights, _walk = patrol_lights_walk
    data = bulk_form(client, world.police)

    response = approve_ticked(
        client,
        data,
        patrol,
        lights,
        **{"bulk-decision": "needs_changes", "bulk-comment": "Ange datum för passen."},
    )

    assert messages_of(response) == ["2 uppföljningar skickade tillbaka med din kommentar."]
    assert list(Review.objects.order_by().values_list("decision", "comment").distinct()) == [
        ("needs_changes", "Ange datum för passen.")
    ]
    assert set(Review.history.values_list("history_change_reason", flat=True)) == {
        sv("Sent back for completion")
    }


@pytest.mark.parametrize(
    ("changes", "error"),
    [
        ({"bulk-scope": "selected"}, "Tick at least one follow-up in the list."),
        ({"bulk-scope": "round", "bulk-round": ""}, "Choose the round."),
        ({"bulk-scope": "selected", "bulk-selected": "x1"}, "Choose follow-ups from the list."),
        ({"bulk-decision": ""}, "Choose to approve or to send back."),
    ],
)
def test_a_bad_choice_is_refused_with_a_swedish_message(
    client, world, patrol_lights_walk, changes, error
):
    data = bulk_form(client, world.police)

    response = post(client, data, **{"bulk-decision": "approved", **changes})

    assert response.status_code == 200
    assert sv(error) in response.content.decode()
    assert not Review.objects.exists()


# Only what the user may review, only what they saw


def test_a_follow_up_changed_after_the_list_was_shown_is_skipped(
    client, world, author, patrol_lights_walk
):
    patrol, lights, _walk = patrol_lights_walk
    data = bulk_form(client, world.police)
    patrol.narrative_public = "Fotpatrull: två kvällar inställda."
    services.follow_up_save(follow_up=patrol, user=author)

    response = approve_ticked(client, data, patrol, lights)

    assert messages_of(response) == [
        "1 uppföljning godkänd.",
        "1 hoppades över (ändrad efter att listan visades; öppna och läs den innan du "
        "beslutar): Fotpatrull.",
    ]
    assert list(Review.objects.values_list("follow_up_id", flat=True)) == [lights.pk]


def test_a_whole_round_skips_what_changed_after_the_list_was_shown(
    client, world, author, patrol_lights_walk
):
    walk = patrol_lights_walk[2]
    data = bulk_form(client, world.police)
    walk.status = FollowUp.Status.DELAYED
    walk.reason = "Regn."
    services.follow_up_save(follow_up=walk, user=author)
    # Beyond the page: the list's versions are not sent, only the moment it was shown.
    data = {name: value for name, value in data.items() if not name.startswith("bulk-seen-")}

    response = post(
        client,
        data,
        **{
            "bulk-scope": "round",
            "bulk-round": str(walk.round_id),
            "bulk-decision": "approved",
        },
    )

    assert messages_of(response)[0] == "2 uppföljningar godkända."
    assert "Trygghetsvandring" in messages_of(response)[1]
    walk.refresh_from_db()
    assert walk.review_decision == ""


def test_a_whole_round_without_a_valid_moment_approves_nothing_unseen(
    client, world, patrol_lights_walk
):
    data = bulk_form(client, world.police)
    data = {name: value for name, value in data.items() if not name.startswith("bulk-seen-")}

    response = post(
        client,
        data,
        **{
            "bulk-scope": "round",
            "bulk-round": str(patrol_lights_walk[0].round_id),
            "bulk-decision": "approved",
            "bulk-loaded": "forged",
        },
    )

    assert messages_of(response)[0] == "0 uppföljningar godkända."
    assert not Review.objects.exists()


def test_only_follow_ups_the_user_may_review_are_touched(client, world, author, round_a):
    mine, theirs = follow_ups_of(round_a, author, ["Fotpatrull", "Belysning"])
    mine.author = world.police
    mine.save()
    closed = charter_in_force(
        world.municipality,
        world.police_area,
        status=Charter.Status.CLOSED,
        period_start=datetime.date(YEAR - 1, 1, 1),
        period_end=datetime.date(YEAR - 1, 12, 31),
    )
    old = follow_ups_of(round_of(closed), author, ["Gammal aktivitet"])[0]
    other_kommun = follow_ups_of(
        round_of(charter_in_force(world.other_municipality, world.other_police_area)),
        author,
        ["Annan kommuns aktivitet"],
    )[0]
    data = bulk_form(client, world.police)

    response = approve_ticked(client, data, mine, theirs, old, other_kommun)

    assert messages_of(response) == [
        "1 uppföljning godkänd.",
        "1 hoppades över (du skrev den, så någon annan granskar den): Fotpatrull.",
        "1 hoppades över (medborgarlöftet är avslutat eller tillbakadraget): Gammal aktivitet.",
        "1 uppföljning hittades inte eller finns inte i din lista.",
    ]
    assert list(Review.objects.values_list("follow_up_id", flat=True)) == [theirs.pk]
    assert "Annan kommuns aktivitet" not in response.content.decode()


def test_approving_again_skips_what_is_already_approved(client, world, patrol_lights_walk):
    patrol, lights, _walk = patrol_lights_walk
    services.follow_up_review(follow_up=patrol, user=world.police_manager, decision="approved")
    data = bulk_form(client, world.police)

    response = approve_ticked(client, data, patrol, lights)

    assert messages_of(response) == [
        "1 uppföljning godkänd.",
        "1 hoppades över (redan godkänd): Fotpatrull.",
    ]
    assert Review.objects.filter(follow_up=patrol).count() == 1


def test_the_message_names_ten_skipped_and_counts_the_rest(client, world, round_a, author):
    follow_ups = follow_ups_of(round_a, author, [f"Aktivitet {n:02}" for n in range(12)])
    for follow_up in follow_ups:
        services.follow_up_review(
            follow_up=follow_up, user=world.police_manager, decision="approved"
        )
    data = bulk_form(client, world.police)

    response = post(client, data, **{"bulk-scope": "page", "bulk-decision": "approved"})

    skipped = messages_of(response)[1]
    assert skipped.startswith("12 hoppades över (redan godkänd): Aktivitet ")
    assert skipped.endswith(" och 2 till.")


def test_the_coordinator_reviews_in_bulk_too(client, world, patrol_lights_walk):
    data = bulk_form(client, world.coordinator)

    response = post(client, data, **{"bulk-scope": "page", "bulk-decision": "approved"})

    assert messages_of(response) == ["3 uppföljningar godkända."]


def test_after_a_bulk_review_the_list_keeps_its_filters(client, world, patrol_lights_walk):
    data = bulk_form(client, world.police, status="done")

    response = client.post(
        f"{URL}?status=done", {**data, "bulk-scope": "page", "bulk-decision": "approved"}
    )

    assert response.status_code == 302
    assert response["Location"] == f"{URL}?status=done"


# Queries


def test_the_bulk_post_runs_the_same_queries_for_3_and_for_40_follow_ups(
    client, world, round_a, author, django_assert_num_queries
):
    few = follow_ups_of(round_a, author, ["A", "B", "C"])
    many_round, third = round_of(round_a.charter, 2), round_of(round_a.charter, 3)
    follow_ups_of(many_round, author, [f"Aktivitet {n}" for n in range(40)])
    follow_ups_of(third, author, ["D", "E"])
    data = bulk_form(client, world.police)

    def bulk_post(round_) -> int:
        with CaptureQueriesContext(connection) as queries:
            response = client.post(
                URL,
                {
                    **data,
                    "bulk-scope": "round",
                    "bulk-round": str(round_.pk),
                    "bulk-decision": "approved",
                },
            )
        assert response.status_code == 302
        return len(queries)

    assert bulk_post(few[0].round) == bulk_post(many_round)
    assert Review.objects.count() == 43

    # 1 session, 2 user, 3 kommuner in scope, 4 the view's transaction (a savepoint in the
    # test), 5 the follow-ups locked, 6 the user's memberships, 7 the LPOs of their kommuner,
    # 8 the service's savepoint, 9-11 the check of the comment's constraint in a savepoint of
    # its own, 12 the reviews, 13 their history, 14 the copy of the decision on the
    # follow-ups, 15 and 16 the savepoints released.
    with django_assert_num_queries(16):
        client.post(
            URL,
            {
                **data,
                "bulk-scope": "round",
                "bulk-round": str(third.pk),
                "bulk-decision": "approved",
            },
        )
    assert Review.objects.count() == 45


# The roles of many kommuner at once


def test_the_roles_of_many_kommuner_are_those_of_each(world):
    ids = [world.municipality.pk, world.other_municipality.pk]
    for name in (
        "coordinator",
        "police",
        "police_manager",
        "district_manager",
        "viewer",
        "reporter",
        "outsider",
        "superuser",
        "other_police",
    ):
        user = getattr(world, name)
        found = roles_by_municipality(user, ids)
        for municipality in (world.municipality, world.other_municipality):
            assert found[municipality.pk] == frozenset(roles_in(user, municipality)), name
