"""`manage.py load_demo`: the two real charters, the demo users and the national generator."""

import datetime
from decimal import Decimal
from io import StringIO

import pytest
from django.contrib.auth import authenticate, get_user_model
from django.core.management import call_command
from django.test import RequestFactory
from django.utils import timezone, translation

from followups.demo import national
from followups.demo.seeds import SAFFLE_VISIBILITY_EFFECT, load_seeds, settle_seed_statuses
from followups.demo.users import DEMO_USERS
from followups.models import FollowUp, FollowUpRound
from promises.models import (
    Activity,
    Charter,
    Contact,
    Party,
    Promise,
    SafetyWalk,
    Signatory,
    WalkFinding,
)
from situations import est
from situations.models import (
    Answer,
    Choice,
    Finding,
    FocusArea,
    Membership,
    Municipality,
    Observation,
    Place,
    PoliceArea,
    PoliceDistrict,
    Problem,
    Question,
    ReportingOrganisation,
    Response,
    SituationReport,
    Source,
    Survey,
)
from tests.helpers import WEDNESDAY_NOON

pytestmark = pytest.mark.django_db

SAFFLE, ESSUNGA, ARVIKA, ARJANG = "1785", "1445", "1784", "1765"
MODELS = [
    PoliceDistrict,
    PoliceArea,
    PoliceArea.municipalities.through,
    Place,
    FocusArea,
    SituationReport,
    Source,
    Finding,
    Problem,
    Problem.findings.through,
    Problem.places.through,
    Charter,
    Signatory,
    Contact,
    Promise,
    Promise.focus_areas.through,
    Promise.problems.through,
    Activity,
    Activity.places.through,
    FollowUpRound,
    FollowUp,
    get_user_model(),
    Membership,
    ReportingOrganisation,
    Observation,
    SafetyWalk,
    WalkFinding,
    Survey,
    Question,
    Choice,
    Response,
    Answer,
]


def login_request():
    """The login lockout (django-axes) checks every authentication against its request."""
    return RequestFactory().post("/", REMOTE_ADDR="127.0.0.1")


def load_demo(*args: str) -> str:
    out = StringIO()
    with translation.override("en"):
        call_command("load_demo", *args, stdout=out)
    return out.getvalue()


def counts() -> dict[str, int]:
    return {model._meta.label: model.objects.count() for model in MODELS}


def charter_of(code: str, year: int) -> Charter:
    return Charter.objects.get(municipality__code=code, period_start=datetime.date(year, 1, 1))


@pytest.fixture
def output() -> str:
    return load_demo()


# --- Idempotence ---------------------------------------------------------------------------


def test_running_load_demo_twice_adds_nothing(output):
    before = counts()
    load_demo()
    assert counts() == before
    assert before["promises.Charter"] == 2


def test_a_second_run_repairs_an_edited_seed(output):
    charter = charter_of(SAFFLE, 2017)
    charter.promises.filter(order=1).update(text="Ändrad text")
    charter.promises.get(order=2).activities.filter(order=7).delete()
    load_demo()
    promise = charter.promises.get(order=1)
    assert promise.text.startswith("Polisen tillsammans med Säffle kommun")
    assert charter.promises.get(order=2).activities.count() == 7


# --- Säffle 2017 ---------------------------------------------------------------------------


def test_saffle_has_both_joint_promises_in_the_original_order(output):
    charter = charter_of(SAFFLE, 2017)
    assert charter.police_area.name == "Lokalpolisområde Arvika"
    assert [(p.owner, p.title, p.text) for p in charter.promises.all()] == [
        (
            Party.JOINT,
            "Utemiljö",
            "Polisen tillsammans med Säffle kommun kommer att arbeta för att förbättra utemiljön",
        ),
        (
            Party.JOINT,
            "Synlighet",
            "Polisen tillsammans med Säffle kommun kommer att arbeta för att öka sin "
            "synlighet, därigenom även öka tillgängligheten",
        ),
    ]


def test_saffle_safety_walk_is_joint_with_its_expected_effect(output):
    (walk,) = charter_of(SAFFLE, 2017).promises.get(order=1).activities.all()
    assert walk.kind == Activity.Kind.SAFETY_WALK
    assert walk.responsible_party == Party.JOINT
    assert walk.expected_effect == "Förbättrad fysisk miljö och upplevd trygghet"
    assert "lägst trygghetsbetyg" in walk.description


def test_saffle_visibility_activities_are_joint_then_police_then_municipal(output):
    activities = list(charter_of(SAFFLE, 2017).promises.get(order=2).activities.all())
    assert [a.responsible_party for a in activities] == [
        *[Party.JOINT] * 3,
        *[Party.POLICE] * 3,
        Party.MUNICIPALITY,
    ]
    assert {a.expected_effect for a in activities} == {SAFFLE_VISIBILITY_EFFECT}
    assert SAFFLE_VISIBILITY_EFFECT.startswith("Medborgare upplever en ökad trygghetskänsla")
    patrol = activities[3]
    assert patrol.kind == Activity.Kind.PATROL
    assert sorted(patrol.places.values_list("name", flat=True)) == [
        "bostadsområden",
        "centrala Säffle",
        "kransorter",
    ]


def test_saffle_lagesbild_has_the_60_and_26_percent_findings(output):
    report = charter_of(SAFFLE, 2017).situation_report
    assert report.status == SituationReport.Status.PUBLISHED
    findings = list(report.findings.all())
    assert [(f.value, f.unit, f.focus_area.name) for f in findings] == [
        (Decimal(60), "%", "Synlighet"),
        (Decimal(26), "%", "Utemiljö"),
    ]
    assert findings[0].text == (
        "60 % av de som deltagit i dialogerna vill ha en mer tillgänglig polis."
    )
    assert findings[0].figure == "60 %"
    assert report.sources.filter(
        kind=Source.Kind.SAFETY_SURVEY, title="Trygghetsundersökningen"
    ).exists()


def test_saffle_is_signed_by_its_kommunalrad_and_lpo_chief(output):
    charter = charter_of(SAFFLE, 2017)
    assert [(s.name, s.title, s.party, s.organisation) for s in charter.signatories.all()] == [
        ("Dag Rogne", "kommunalråd", Party.MUNICIPALITY, "Säffle kommun"),
        ("Christer Lööf", "lokalpolisområdeschef", Party.POLICE, "Lokalpolisområde Arvika"),
    ]
    assert not charter.contacts.exists()
    assert "lokalmedia, kommunens hemsida och sociala medier" in charter.reporting_channels
    assert charter.background.startswith("Medborgarlöften är en del av polismyndighetens")


# --- Essunga 2021 --------------------------------------------------------------------------


def test_essunga_has_four_police_four_municipal_and_one_joint_promise_in_order(output):
    promises = list(charter_of(ESSUNGA, 2021).promises.all())
    assert [p.owner for p in promises] == [
        *[Party.POLICE] * 4,
        *[Party.MUNICIPALITY] * 4,
        Party.JOINT,
    ]
    assert promises[0].text.startswith("Polisen ska genomföra riktad trafikövervakning")
    assert promises[4].text.startswith("Kommunen ska bistå med resurs för att genomföra")
    assert promises[8].text.startswith("Genomföra tätortsvandringar och dialogmöten")


def test_each_essunga_promise_has_its_measure_as_one_activity(output):
    promises = list(charter_of(ESSUNGA, 2021).promises.prefetch_related("activities"))
    activities = [p.activities.get() for p in promises]
    assert [a.kind for a in activities] == [
        Activity.Kind.TRAFFIC_CONTROL,
        Activity.Kind.PREVENTION,
        Activity.Kind.PREVENTION,
        Activity.Kind.COMMUNICATION,
        Activity.Kind.PREVENTION,
        Activity.Kind.PREVENTION,
        Activity.Kind.PREVENTION,
        Activity.Kind.PHYSICAL_ENVIRONMENT,
        Activity.Kind.SAFETY_WALK,
    ]
    assert [a.responsible_party for a in activities] == [p.owner for p in promises]
    assert activities[5].expected_effect.startswith("Förebygga utanförskap")
    # No expected effect where the promise names none.
    assert activities[0].expected_effect == ""
    assert list(activities[2].places.values_list("name", flat=True)) == ["skolmiljö"]


def test_essunga_lists_its_two_kommunpoliser_and_no_invented_signatories(output):
    charter = charter_of(ESSUNGA, 2021)
    assert list(charter.contacts.values_list("name", "role", "party")) == [
        ("Torbjörn Walthersson", "kommunpolis", Party.POLICE),
        ("Kristoffer Hjelm", "kommunpolis", Party.POLICE),
    ]
    assert not charter.signatories.exists()
    assert "Facebook polisen västra Skaraborg" in charter.reporting_channels


def test_essunga_survey_is_an_anonymous_citizen_survey_open_until_1_september(output):
    report = charter_of(ESSUNGA, 2021).situation_report
    survey = report.sources.get(title="Medborgarenkät 2021 – Trygg i Essunga kommun")
    assert survey.kind == Source.Kind.CITIZEN_SURVEY
    assert survey.date == datetime.date(2021, 9, 1)
    assert "Enkäten besvaras helt anonymt." in survey.description
    assert not survey.is_internal
    assert set(report.sources.values_list("kind", flat=True)) >= {
        Source.Kind.CITIZEN_DIALOGUE,
        Source.Kind.STAFF_DIALOGUE,
        Source.Kind.CRIME_STATISTICS,
        Source.Kind.EST,
    }


# The demo survey is open around today.
@pytest.mark.time_machine(WEDNESDAY_NOON, tick=False)
def test_essunga_has_an_open_demo_survey_with_a_few_dozen_answers(output):
    survey = Survey.objects.get(municipality__code=ESSUNGA)
    assert survey.is_open_on(timezone.localdate())
    assert "demo" in survey.title
    assert survey.responses.count() == 36
    assert set(survey.questions.values_list("kind", flat=True)) == set(Question.Kind.values)

    def answers() -> list[tuple]:
        # Sorted by value: the rows have random keys, so their order changes with each run.
        rows = Answer.objects.filter(response__survey=survey).values_list("scale", "text")
        return sorted(rows, key=lambda row: (row[0] or 0, row[1]))

    first = answers()
    second = load_demo()
    assert "Trygghetsenkät Essunga" in second
    assert answers() == first


def test_the_seeds_use_the_lpos_of_the_reference_data(output):
    area = charter_of(ESSUNGA, 2021).police_area
    assert area.name == "Lokalpolisområde Västra Skaraborg"
    assert area.reference_key == "Västra Skaraborg"
    assert sorted(area.municipalities.values_list("name", flat=True)) == [
        "Essunga",
        "Grästorp",
        "Götene",
        "Lidköping",
        "Skara",
        "Vara",
    ]
    assert (area.district.name, area.district.region.name) == ("Polisområde Skaraborg", "Väst")
    arvika = PoliceArea.objects.get(name="Lokalpolisområde Arvika")
    assert (arvika.district.name, arvika.district.region.name) == (
        "Polisområde Värmland",
        "Bergslagen",
    )
    assert charter_of(SAFFLE, 2017).police_area == arvika
    assert sorted(arvika.municipalities.values_list("name", flat=True)) == [
        "Arvika",
        "Eda",
        "Säffle",
        "Årjäng",
    ]
    # The demo made none of its own.
    assert PoliceArea.objects.filter(reference_key="").count() == 0
    assert PoliceArea.objects.count() == 94


# --- Both seeds ----------------------------------------------------------------------------


def test_both_seed_charters_are_published_and_shown_as_ended(output):
    for code, year in [(SAFFLE, 2017), (ESSUNGA, 2021)]:
        charter = charter_of(code, year)
        assert charter in Charter.objects.published()
        # Their periods are long over: public, but no longer the kommun's current one.
        assert Charter.objects.current_for(charter.municipality) is None
        assert charter.has_ended
        assert charter.published_at
        # Neither text says when it was signed: no date is invented.
        assert charter.signed_on is None
        charter.full_clean()


def test_seed_rounds_carry_no_invented_follow_ups(output):
    rounds = FollowUpRound.objects.filter(charter__title__in=["Medborgarlöfte 2017"])
    assert list(rounds.values_list("title", flat=True)) == ["Halvår 1 2017", "Halvår 2 2017"]
    assert not FollowUp.objects.exists()


# --- Demo users ----------------------------------------------------------------------------


def test_demo_users_log_in_with_the_printed_passwords(output):
    for demo in DEMO_USERS:
        assert f"{demo.username}  " in output
        assert demo.password in output
        user = authenticate(login_request(), username=demo.username, password=demo.password)
        assert user is not None, demo.username
        assert user.is_superuser == (demo.username == "admin")


def test_each_demo_user_holds_the_membership_of_its_role(output):
    memberships = {
        m.user.username: (m.role, str(m.scope))
        for m in Membership.objects.select_related("user", "municipality", "police_area")
    }
    assert memberships == {
        "samordnare-saffle": ("coordinator", "Säffle"),
        "samordnare-essunga": ("coordinator", "Essunga"),
        "kommunpolis-vastra-skaraborg": ("police", "Lokalpolisområde Västra Skaraborg"),
        "lpo-chef-arvika": ("police_manager", "Lokalpolisområde Arvika"),
        "inrapportor-essunga": ("reporter", "Essunga"),
        "lasare-saffle": ("viewer", "Säffle"),
    }


# The demo observations are in the weeks up to this one.
@pytest.mark.time_machine(WEDNESDAY_NOON, tick=False)
def test_the_essunga_reporter_has_est_observations_in_the_grids_default_weeks(output):
    membership = Membership.objects.get(user__username="inrapportor-essunga")
    assert membership.organisation.name == "Fastighetsavdelningen, Essunga kommun"
    observations = Observation.objects.filter(reporter=membership.user)
    start, end = est.default_period(timezone.localdate())
    assert observations.count() == 11
    assert observations.between(start, end).count() == 11
    assert {o.organisation for o in observations} == {membership.organisation}


def test_the_essunga_safety_walk_has_two_of_three_findings_fixed(output):
    walk = SafetyWalk.objects.get(activity__promise__charter__municipality__code=ESSUNGA)
    assert walk.residents == 14
    assert [f.status for f in walk.findings.all()] == ["done", "done", "in_progress"]


def test_a_second_run_resets_a_changed_password(output):
    user = get_user_model().objects.get(username="samordnare-saffle")
    user.set_password("something-else-entirely")
    user.save()
    load_demo()
    assert authenticate(
        login_request(), username="samordnare-saffle", password="demo-samordnare-2024"
    )


# --- National data -------------------------------------------------------------------------


def generate(**kwargs) -> national.NationalResult:
    return national.generate_national(today=datetime.date(2026, 6, 1), **kwargs)


def test_national_data_uses_the_real_lpos_and_gives_full_charters():
    result = generate(years=[2025, 2026], municipality_limit=3)
    municipalities = list(Municipality.objects.order_by("code")[:3])
    assert result.municipalities == 3
    assert result.charters == 6
    assert PoliceArea.objects.filter(reference_key="").count() == 0
    for municipality in municipalities:
        area = municipality.police_areas.order_by("name", "id").first()
        assert area.reference_key
        assert area.district.region.name == "Stockholm"
        charters = Charter.objects.filter(municipality=municipality).order_by("period_start")
        assert [c.status for c in charters] == [Charter.Status.CLOSED, Charter.Status.PUBLISHED]
        assert Charter.objects.current_for(municipality).period_start.year == 2026
        for charter in charters:
            assert charter.police_area == area
            assert 3 <= charter.situation_report.findings.count() <= 5
            assert 8 <= charter.promises.count() <= 12
            for promise in charter.promises.all():
                assert 2 <= promise.activities.count() <= 4
            assert charter.rounds.count() == 4


def test_national_data_follows_up_every_activity_in_every_past_round():
    generate(years=[2025, 2026], municipality_limit=3)
    for charter in Charter.objects.all():
        activities = Activity.objects.filter(promise__charter=charter).count()
        past = 4 if charter.period_start.year == 2025 else 1  # only Q1 2026 is over by 1 June
        for round_ in charter.rounds.order_by("period_start"):
            expected = activities if past > 0 else 0
            assert round_.follow_ups.filter(activity__isnull=False).count() == expected
            past -= 1
    statuses = set(FollowUp.objects.exclude(status="").values_list("status", flat=True))
    assert {FollowUp.Status.DONE, FollowUp.Status.ONGOING} <= statuses
    assert not FollowUp.objects.filter(status=FollowUp.Status.CANCELLED, reason="").exists()
    for follow_up in FollowUp.objects.all()[:50]:
        follow_up.full_clean()


def test_national_data_generated_twice_is_the_same():
    generate(years=[2025], municipality_limit=3)
    before = counts()
    texts = list(Promise.objects.order_by("charter__municipality", "order").values_list("text"))
    generate(years=[2025], municipality_limit=3)
    assert counts() == before
    assert texts == list(
        Promise.objects.order_by("charter__municipality", "order").values_list("text")
    )


def test_national_data_leaves_a_kommun_without_an_lpo_without_charters():
    faergelanda = "1439"  # no source names its LPO (shared/data/README.md)
    result = generate(years=[2026], municipality_codes=[faergelanda, SAFFLE])
    assert (result.municipalities, result.without_police_area, result.charters) == (1, 1, 1)
    assert not Charter.objects.filter(municipality__code=faergelanda).exists()
    assert not PoliceArea.objects.filter(municipalities__code=faergelanda).exists()


def test_national_data_reuses_seed_lpos_and_archives_the_seed_charters():
    load_seeds()
    generate(years=[2025, 2026], municipality_codes=[ARVIKA, SAFFLE, ARJANG])
    settle_seed_statuses()
    seed_area = PoliceArea.objects.get(name="Lokalpolisområde Arvika")
    assert charter_of(SAFFLE, 2025).police_area == seed_area
    assert charter_of(ARVIKA, 2025).police_area == seed_area
    assert charter_of(ARJANG, 2025).police_area == seed_area
    seed = charter_of(SAFFLE, 2017)
    assert seed.status == Charter.Status.CLOSED
    assert seed in Charter.objects.archived()
    assert seed.promises.count() == 2
    assert Charter.objects.current_for(seed.municipality) == charter_of(SAFFLE, 2026)


def test_load_demo_national_prints_the_time_and_the_counts():
    output = load_demo("--national", "--municipalities", "2", "--years", "1")
    assert "citizen promises: 2" in output
    assert "Finished in" in output
    assert Charter.objects.filter(title__endswith=national.MARKER).count() == 2
    assert charter_of(SAFFLE, 2017).status == Charter.Status.PUBLISHED
