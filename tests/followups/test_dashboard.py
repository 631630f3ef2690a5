"""The workspace dashboard: my kommuner and LPOs, what is due, what waits for me."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from followups.models import FollowUpRound
from promises.models import Charter
from situations.models import Municipality, Tip
from tests.followups.factories import FollowUpFactory, FollowUpRoundFactory, ReviewFactory
from tests.helpers import WEDNESDAY_NOON
from tests.promises.factories import ActivityFactory, CharterFactory, PromiseFactory
from tests.situations.factories import MunicipalityFactory, PoliceAreaFactory

# Charters and rounds are dated relative to today, which the dashboard compares them with.
pytestmark = [pytest.mark.django_db, pytest.mark.time_machine(WEDNESDAY_NOON, tick=False)]

DASHBOARD = reverse("followups:dashboard")


def days(n: int) -> datetime.date:
    return timezone.localdate() + datetime.timedelta(days=n)


def charter(municipality, area, title: str, start: datetime.date, **fields) -> Charter:
    return CharterFactory(
        municipality=municipality,
        police_area=area,
        title=title,
        period_start=start,
        period_end=start + datetime.timedelta(days=364),
        **fields,
    )


@pytest.fixture
def charters(world):
    """Kommun A: a current published charter, a draft, one in review and a closed one.
    Kommun B: a draft and one in review."""
    a, b = world.municipality, world.other_municipality
    area, other_area = world.police_area, world.other_police_area
    return {
        "current_a": charter(a, area, "Gällande löfte A", days(-200), published=True),
        "draft_a": charter(a, area, "Utkast A", days(200)),
        "review_a": charter(a, area, "Granskas A", days(600), status=Charter.Status.REVIEW),
        "closed_a": charter(a, area, "Avslutat A", days(-1000), closed=True),
        "draft_b": charter(b, other_area, "Utkast B", days(200)),
        "review_b": charter(b, other_area, "Granskas B", days(-100), status="review"),
    }


def dashboard(client, user) -> str:
    client.force_login(user)
    response = client.get(DASHBOARD)
    assert response.status_code == 200
    return response.content.decode()


def test_anonymous_is_redirected_to_the_login_page(client):
    response = client.get(DASHBOARD)

    assert response.status_code == 302
    assert response["Location"] == f"{reverse('accounts:login')}?next={DASHBOARD}"


def test_the_dashboard_is_never_cached(client, world):
    client.force_login(world.coordinator)

    cache_control = client.get(DASHBOARD)["Cache-Control"]

    assert "private" in cache_control
    assert "no-store" in cache_control


def test_the_workspace_header_names_the_user_and_offers_logout_and_password_change(client, world):
    page = dashboard(client, world.coordinator)

    assert "Inloggad som coordinator" in page
    assert f'href="{reverse("accounts:password_change")}"' in page
    assert f'action="{reverse("accounts:logout")}" method="post"' in page
    assert "Logga ut" in page


def test_the_coordinator_sees_the_open_charters_of_their_kommun_with_state_and_period(
    client, world, charters
):
    page = dashboard(client, world.coordinator)

    assert "Samordnare: Kommun A" in page
    assert "Utkast A" in page
    assert "utkast" in page
    assert "Granskas A" in page
    assert "under granskning" in page
    assert "Gällande löfte A" in page
    assert "publicerad" in page
    assert charters["draft_a"].period_label in page
    assert "Avslutat A" not in page
    assert "Kommun B" not in page
    assert "Utkast B" not in page


def test_only_the_current_published_charter_links_to_its_public_page(client, world, charters):
    page = dashboard(client, world.coordinator)

    assert f'href="{charters["current_a"].get_absolute_url()}"' in page
    assert charters["draft_a"].get_absolute_url() not in page


def test_a_coordinator_of_another_kommun_does_not_see_kommun_as_draft(client, world, charters):
    page = dashboard(client, world.other_coordinator)

    assert "Utkast B" in page
    assert "Utkast A" not in page
    assert "Kommun A" not in page


def test_a_reporter_sees_their_kommun_but_no_drafts(client, world, charters):
    page = dashboard(client, world.reporter)

    assert "Kommun A" in page
    assert "Gällande löfte A" in page
    assert "Utkast A" not in page
    assert "Granskas A" not in page


def test_the_police_of_the_lpo_see_its_kommuner(client, world, charters):
    page = dashboard(client, world.police)

    assert "LPO A" in page
    assert "Utkast A" in page
    assert "Kommun B" not in page
    assert "LPO B" not in page


def test_a_district_manager_sees_the_kommuner_of_the_districts_lpos(client, world, charters):
    extra = MunicipalityFactory(name="Kommun C")
    PoliceAreaFactory(name="LPO C", district=world.police_area.district, municipalities=[extra])

    page = dashboard(client, world.district_manager)

    assert "Kommun A" in page
    assert "Kommun C" in page
    assert "LPO A" in page
    assert "LPO C" in page
    assert "Utkast A" in page
    assert "Kommun B" not in page


def test_a_police_manager_sees_the_charters_in_review_of_their_scope(client, world, charters):
    page = dashboard(client, world.police_manager)

    waiting = page[page.index("Väntar på dig") :].split("</section>")[0]
    assert "Medborgarlöften under granskning" in waiting
    assert "Granskas A" in waiting
    assert "Granskas B" not in page


def test_a_viewer_sees_the_drafts_of_their_kommun(client, world, charters):
    page = dashboard(client, world.viewer)

    assert "Utkast A" in page
    assert "Utkast B" not in page
    assert "Tips från invånare" not in page


def test_the_superuser_sees_every_kommun(client, world, charters):
    page = dashboard(client, world.superuser)

    assert "Utkast A" in page
    assert "Utkast B" in page
    assert "Granskas B" in page
    assert "Säffle" in page
    assert page.count('<th scope="row">') == Municipality.objects.count()


def test_a_user_without_membership_is_asked_to_contact_the_administrator(client, world):
    page = dashboard(client, world.outsider)

    assert "Be systemförvaltaren" in page
    assert "Medborgarlöften" in page
    assert "Kommun A" not in page


def test_overdue_and_soon_due_rounds_show_and_later_or_published_ones_do_not(
    client, world, charters
):
    current = charters["current_a"]

    def round_(title: str, due: int, **fields):
        return FollowUpRoundFactory(
            charter=fields.pop("charter", current),
            title=title,
            period_start=fields.pop("start", current.period_start),
            period_end=fields.pop("end", current.period_start + datetime.timedelta(days=90)),
            due_on=days(due),
            **fields,
        )

    # An activity and a promise that no round has followed up yet.
    ActivityFactory(promise=PromiseFactory(charter=current))
    first = round_("Kvartal 1", -10)
    round_("Kvartal 2", 20, start=days(-60), end=days(10))
    round_("Kvartal 3", 60, start=days(11), end=days(50))
    round_("Redan rapporterad", -50, start=days(-150), published_at=timezone.now())
    round_(
        "Omgång B",
        -10,
        charter=charters["review_b"],
        start=charters["review_b"].period_start,
        end=charters["review_b"].period_end,
    )

    page = dashboard(client, world.coordinator)

    due = page[page.index("Vad som ska göras") :].split("</section>")[0]
    assert "Kvartal 1" in due
    assert "Kvartal 2" in due
    assert due.count("försenad</span>") == 1
    assert due.index("Kvartal 1") < due.index("försenad</span>") < due.index("Kvartal 2")
    assert "Kommun A" in due
    assert "Kvartal 3" not in due
    assert "Redan rapporterad" not in due
    assert "Omgång B" not in due
    # Each round links to the page where its follow-ups are entered.
    assert reverse("followups:round_entry", kwargs={"pk": current.pk, "round_pk": first.pk}) in due


def test_a_round_past_due_with_every_follow_up_in_is_not_overdue(client, world, charters):
    current = charters["current_a"]
    activity = ActivityFactory(promise=PromiseFactory(charter=current))
    complete = FollowUpRoundFactory(
        charter=current,
        title="Allt inne",
        period_start=current.period_start,
        period_end=current.period_start + datetime.timedelta(days=90),
        due_on=days(-10),
    )
    FollowUpFactory(round=complete, activity=activity)
    FollowUpFactory(round=complete, for_promise=True, promise=activity.promise)
    missing = FollowUpRoundFactory(
        charter=current,
        title="Saknas",
        period_start=current.period_start + datetime.timedelta(days=91),
        period_end=current.period_start + datetime.timedelta(days=180),
        due_on=days(-5),
    )
    FollowUpFactory(round=missing, activity=activity)  # the promise is not assessed

    page = dashboard(client, world.coordinator)

    due = page[page.index("Vad som ska göras") :].split("</section>")[0]
    assert due.count("försenad</span>") == 1
    assert due.index("Allt inne") < due.index("Saknas") < due.index("försenad</span>")
    publish = reverse("followups:round_publish", kwargs={"round_pk": complete.pk})
    assert f'href="{publish}"' in due
    assert reverse("followups:round_csv", kwargs={"round_pk": missing.pk}) in due


def test_overdue_means_follow_ups_missing_in_a_charter_in_force(world, charters):
    """FollowUpRound.objects.overdue(): past due, unpublished, a published charter, and an
    activity without a follow-up or a promise without an assessment."""
    current = charters["current_a"]
    promise = PromiseFactory(charter=current)
    activity = ActivityFactory(promise=promise)
    today = timezone.localdate()
    starts = iter(current.period_start + datetime.timedelta(days=10 * n) for n in range(20))

    def round_(title, due=-1, charter=current, **fields):
        return FollowUpRoundFactory(
            charter=charter,
            title=title,
            period_start=charter.period_start if charter != current else next(starts),
            period_end=charter.period_end,
            due_on=today + datetime.timedelta(days=due),
            **fields,
        )

    nothing = round_("Inget inrapporterat")
    not_assessed = round_("Ej bedömt")
    FollowUpFactory(round=not_assessed, activity=activity)
    FollowUpFactory(
        round=not_assessed, for_promise=True, promise=promise, assessment="not_assessed"
    )
    no_activity = round_("Aktivitet saknas")
    FollowUpFactory(round=no_activity, for_promise=True, promise=promise)
    complete = round_("Komplett")
    FollowUpFactory(round=complete, activity=activity)
    FollowUpFactory(round=complete, for_promise=True, promise=promise)
    due_today = round_("Förfaller i dag", due=0)
    published = round_("Publicerad", published_at=timezone.now())
    closed = round_("Avslutat löftes omgång", charter=charters["closed_a"], due=-700)
    ActivityFactory(promise=PromiseFactory(charter=charters["closed_a"]))

    overdue = set(FollowUpRound.objects.overdue(today))

    assert overdue == {nothing, not_assessed, no_activity}
    for round_ in (complete, due_today, published, closed):
        assert not round_.is_overdue, round_.title
    assert nothing.is_overdue
    counted = FollowUpRound.objects.with_counts().get(pk=not_assessed.pk)
    assert (counted.missing_activities, counted.missing_assessments) == (0, 1)
    assert counted.is_overdue


def test_a_round_is_reviewed_when_every_follow_ups_latest_review_approves_it(world, charters):
    current = charters["current_a"]
    round_ = FollowUpRoundFactory(
        charter=current,
        period_start=current.period_start,
        period_end=current.period_end,
        due_on=current.period_end,
    )
    first, second = FollowUpFactory(round=round_), FollowUpFactory(round=round_)
    ReviewFactory(follow_up=first, decision="needs_changes", comment="Mer detaljer.")
    ReviewFactory(follow_up=first)
    assert not FollowUpRound.objects.with_counts().get(pk=round_.pk).is_reviewed

    ReviewFactory(follow_up=second)
    assert FollowUpRound.objects.with_counts().get(pk=round_.pk).is_reviewed

    ReviewFactory(follow_up=second, decision="needs_changes", comment="Fel datum.")
    assert not FollowUpRound.objects.with_counts().get(pk=round_.pk).is_reviewed


def tip(municipality, message: str, age_days: int, handled: bool = False) -> Tip:
    created = Tip.objects.create(municipality=municipality, message=message, handled=handled)
    Tip.objects.filter(pk=created.pk).update(
        created_at=timezone.now() - datetime.timedelta(days=age_days)
    )
    return created


def test_a_coordinator_sees_the_count_and_the_five_newest_unhandled_tips(client, world):
    for age in range(7):
        tip(world.municipality, f"Tips nummer {age} om trasig belysning vid torget", age)
    tip(world.municipality, "Redan hanterat tips", 0, handled=True)
    tip(world.other_municipality, "Tips om kommun B", 0)

    page = dashboard(client, world.coordinator)

    waiting = page[page.index("Väntar på dig") :].split("</section>")[0]
    assert "Kommun A: 7 obehandlade tips" in waiting
    for newest in range(5):
        assert f"Tips nummer {newest} om" in waiting
    assert "Tips nummer 5 om" not in waiting
    assert "Redan hanterat" not in waiting
    assert "kommun B" not in waiting
    inbox = reverse("situations:tips", kwargs={"slug": world.municipality.slug})
    assert f"{inbox}?visa=ohanterade" in waiting


def test_the_tips_link_opens_the_inbox_of_that_kommuns_unhandled_tips(client, world):
    tip(world.municipality, "Tips om kommun A", 0)
    tip(world.municipality, "Hanterat tips om kommun A", 0, handled=True)
    tip(world.other_municipality, "Tips om kommun B", 0)
    client.force_login(world.coordinator)

    inbox = client.get(
        reverse("situations:tips", kwargs={"slug": world.municipality.slug}),
        {"visa": "ohanterade"},
    )

    assert inbox.status_code == 200
    assert "Tips om kommun A" in inbox.content.decode()
    assert "Hanterat tips om kommun A" not in inbox.content.decode()
    assert "Tips om kommun B" not in inbox.content.decode()


def test_tips_are_not_shown_to_the_police(client, world):
    tip(world.municipality, "Tips om kommun A", 0)

    page = dashboard(client, world.police)

    assert "Tips om kommun A" not in page


def national_data(count: int) -> None:
    """COUNT more kommuner, each with open charters, a due round and unhandled tips."""
    for n in range(count):
        place = MunicipalityFactory(name=f"Storkommun {n}")
        area = PoliceAreaFactory(municipalities=[place])
        current = charter(place, area, f"Löfte {n}", days(-200), published=True)
        charter(place, area, f"Utkast {n}", days(200))
        ActivityFactory(promise=PromiseFactory(charter=current))  # so its round is overdue
        FollowUpRoundFactory(
            charter=current,
            period_start=current.period_start,
            period_end=current.period_start + datetime.timedelta(days=90),
            due_on=days(-5),
        )
        for age in range(3):
            tip(place, f"Tips {age} om Storkommun {n}", age)


@pytest.mark.parametrize("extra_kommuner", [0, 12])
def test_the_superusers_dashboard_runs_a_fixed_number_of_queries(
    client, world, charters, extra_kommuner, django_assert_num_queries
):
    national_data(extra_kommuner)
    client.force_login(world.superuser)

    # 1 session, 2 user, 3 memberships, 4 due rounds with charter and kommun and what each
    # lacks (correlated subqueries of with_counts(), in the same query),
    # 5 charters in review, 6 charters sent back to the coordinator, 7 kommuner in scope,
    # 8 their open charters (prefetch), 9 LPOs in scope, 10 unhandled tips numbered per
    # kommun (one window query), 11 the user's follow-ups sent back to them by a reviewer,
    # 12 open safety walk findings with their walk, activity, charter, kommun and place,
    # 13 follow-ups sent back in the kommuner they coordinate, 14 their overdue rounds (the
    # counts of "Waiting for you"; a superuser is no police officer: no review count).
    with django_assert_num_queries(14):
        response = client.get(DASHBOARD)

    assert response.status_code == 200
    page = response.content.decode()
    assert page.count("försenad</span>") == extra_kommuner
    if extra_kommuner:
        assert f"Storkommun {extra_kommuner - 1}: 3 obehandlade tips" in page
        assert f"Utkast {extra_kommuner - 1}" in page


def test_a_charter_sent_back_waits_for_its_coordinator_with_the_comment(client, world):
    charter = CharterFactory(
        municipality=world.municipality,
        police_area=world.police_area,
        review_comment="Ange platserna för aktiviteterna.",
    )
    client.force_login(world.coordinator)
    content = client.get(reverse("followups:dashboard")).content.decode()
    assert "Ange platserna för aktiviteterna." in content
    assert reverse("promises:charter", kwargs={"pk": charter.pk}) in content
    client.force_login(world.other_coordinator)
    assert "Ange platserna" not in client.get(reverse("followups:dashboard")).content.decode()
