import datetime
from dataclasses import dataclass
from decimal import Decimal

import factory
from django.utils import timezone

from promises.models import (
    Activity,
    Charter,
    CollaborationAgreement,
    Contact,
    Indicator,
    Measurement,
    Party,
    Promise,
    SafetyWalk,
    Signatory,
    WalkFinding,
)
from tests.situations.factories import MunicipalityFactory, PoliceAreaFactory


class CollaborationAgreementFactory(factory.django.DjangoModelFactory):
    title = "Samverkansöverenskommelse"
    police_area = factory.SubFactory(PoliceAreaFactory)
    period_start = datetime.date(2020, 1, 1)
    period_end = datetime.date(2023, 12, 31)

    class Meta:
        model = CollaborationAgreement
        skip_postgeneration_save = True

    @factory.post_generation
    def municipalities(self, create, extracted, **kwargs):
        if create and extracted:
            self.municipalities.add(*extracted)


class CharterFactory(factory.django.DjangoModelFactory):
    """A draft charter; its LPO covers its municipality, as the domain requires."""

    municipality = factory.SubFactory(MunicipalityFactory)
    police_area = factory.LazyAttribute(
        lambda charter: PoliceAreaFactory(municipalities=[charter.municipality])
    )
    title = "Medborgarlöfte 2021"
    period_start = datetime.date(2021, 1, 1)
    period_end = datetime.date(2021, 12, 31)
    status = Charter.Status.DRAFT
    summary = "Fokus på trafik, alkohol och droger."

    class Meta:
        model = Charter
        skip_postgeneration_save = True

    class Params:
        published = factory.Trait(
            status=Charter.Status.PUBLISHED,
            signed_on=datetime.date(2021, 2, 1),
            published_at=factory.LazyFunction(timezone.now),
        )
        closed = factory.Trait(
            status=Charter.Status.CLOSED,
            signed_on=datetime.date(2021, 2, 1),
            published_at=factory.LazyFunction(timezone.now),
        )

    @factory.post_generation
    def entered_on(charter, create, extracted, **kwargs):
        """Entered in the system a month before its period, as a charter is prepared; pass
        entered_on=<a date> for one entered after the fact (its earlier rounds untracked)."""
        if not create:
            return
        day = extracted or charter.period_start - datetime.timedelta(days=30)
        moment = datetime.datetime.combine(
            day, datetime.time(12), tzinfo=timezone.get_current_timezone()
        )
        Charter.objects.filter(pk=charter.pk).update(created_at=moment)
        charter.created_at = moment


class SignatoryFactory(factory.django.DjangoModelFactory):
    charter = factory.SubFactory(CharterFactory)
    name = "Dag Rogne"
    title = "Kommunalråd"
    party = Party.MUNICIPALITY
    organisation = "Säffle kommun"
    signed_on = datetime.date(2021, 2, 1)

    class Meta:
        model = Signatory


class ContactFactory(factory.django.DjangoModelFactory):
    charter = factory.SubFactory(CharterFactory)
    name = "Torbjörn Walthersson"
    role = "Kommunpolis"
    party = Party.POLICE

    class Meta:
        model = Contact


class PromiseFactory(factory.django.DjangoModelFactory):
    charter = factory.SubFactory(CharterFactory)
    owner = Party.POLICE
    text = "Polisen ska genomföra riktad trafikövervakning."
    order = factory.Sequence(lambda n: n)

    class Meta:
        model = Promise


class ActivityFactory(factory.django.DjangoModelFactory):
    promise = factory.SubFactory(PromiseFactory)
    title = "Fotpatrullering i centrum"
    kind = Activity.Kind.PATROL
    responsible_party = Party.POLICE
    expected_effect = "Ökad upplevd trygghet."
    order = factory.Sequence(lambda n: n)

    class Meta:
        model = Activity


class IndicatorFactory(factory.django.DjangoModelFactory):
    promise = factory.SubFactory(PromiseFactory)
    name = factory.Sequence(lambda n: f"Andel trygga i centrum {n}")
    unit = "%"
    baseline = 60
    target = 70

    class Meta:
        model = Indicator


class MeasurementFactory(factory.django.DjangoModelFactory):
    indicator = factory.SubFactory(IndicatorFactory)
    date = factory.Sequence(lambda n: datetime.date(2021, 1, 1) + datetime.timedelta(days=n))
    value = 62

    class Meta:
        model = Measurement


class SafetyWalkFactory(factory.django.DjangoModelFactory):
    activity = factory.SubFactory(
        ActivityFactory, kind=Activity.Kind.SAFETY_WALK, title="Trygghetsvandring i centrum"
    )
    date = datetime.date(2026, 4, 14)
    organisations = "Kommunpolisen\nBostadsbolaget"
    residents = 12
    summary = "Vi gick runt torget och parken."

    class Meta:
        model = SafetyWalk


class WalkFindingFactory(factory.django.DjangoModelFactory):
    walk = factory.SubFactory(SafetyWalkFactory)
    location = "Gångvägen bakom sporthallen"
    problem = WalkFinding.Problem.LIGHTING
    responsible_function = "Tekniska kontoret"

    class Meta:
        model = WalkFinding


# --- A charter with an indicator on a police and on a kommun promise -------------------------


@dataclass
class IndicatorSetup:
    charter: Charter
    police_indicator: Indicator
    kommun_indicator: Indicator
    measurement: Measurement

    @property
    def police_promise(self):
        return self.police_indicator.promise

    @property
    def kommun_promise(self):
        return self.kommun_indicator.promise


def build_indicator_setup(world, **charter_fields) -> IndicatorSetup:
    """A charter of the world's kommun A with a police promise and a kommun promise, an
    indicator on each, and one value of the police indicator."""
    charter = CharterFactory(
        municipality=world.municipality, police_area=world.police_area, **charter_fields
    )
    police_indicator = IndicatorFactory(
        promise=PromiseFactory(charter=charter, owner=Party.POLICE, order=1),
        name="Hastighetsöverträdelser",
        unit="st",
    )
    kommun_indicator = IndicatorFactory(
        promise=PromiseFactory(charter=charter, owner=Party.MUNICIPALITY, order=2),
        name="Andel trygga i centrum",
    )
    measurement = MeasurementFactory(
        indicator=police_indicator, date=datetime.date(2021, 3, 31), value=Decimal("12.5")
    )
    return IndicatorSetup(charter, police_indicator, kommun_indicator, measurement)


# --- A published charter with everything a renewal carries over ------------------------------


@dataclass
class RenewalSetup:
    charter: Charter
    promise: Promise
    activity: Activity
    indicator: Indicator
    contact: Contact
    report_finding: object  # situations.models.Finding
    walk_finding: WalkFinding


def build_renewal_setup(world, promises: int = 2, activities: int = 2) -> RenewalSetup:
    """A published 2025 charter of kommun A resting on a published lägesbild, with PROMISES
    promises of ACTIVITIES dated activities and an indicator each, a contact, a published
    follow-up report that assessed the first promise, and a safety walk with one finding
    still open and one done."""
    from situations.models import Finding, Source
    from tests.followups.factories import FollowUpFactory, FollowUpRoundFactory
    from tests.situations.factories import (
        FocusAreaFactory,
        PlaceFactory,
        SituationReportFactory,
        SourceFactory,
    )

    D = datetime.date
    area = FocusAreaFactory(name="Trafik", slug="trafik")
    place = PlaceFactory(municipality=world.municipality, name="Torget")
    report = SituationReportFactory(
        municipality=world.municipality,
        title="Lägesbild 2025",
        period_start=D(2025, 1, 1),
        period_end=D(2025, 12, 31),
        published=True,
    )
    source = SourceFactory(report=report, kind=Source.Kind.CITIZEN_DIALOGUE, title="Dialoger")
    report_finding = Finding.objects.create(
        report=report,
        source=source,
        focus_area=area,
        place=place,
        text="60 % vill se mer polis på torget.",
        value=60,
        unit="%",
        order=1,
    )
    charter = CharterFactory(
        municipality=world.municipality,
        police_area=world.police_area,
        situation_report=report,
        title="Medborgarlöfte 2025",
        period_start=D(2025, 1, 1),
        period_end=D(2025, 12, 31),
        status=Charter.Status.PUBLISHED,
        signed_on=D(2025, 1, 20),
        published_at=timezone.now(),
    )
    first_promise = first_activity = first_indicator = None
    for number in range(1, promises + 1):
        promise = PromiseFactory(
            charter=charter,
            owner=Party.POLICE if number % 2 else Party.MUNICIPALITY,
            title=f"Löfte {number}",
            text=f"Vi lovar sak nummer {number}.",
            order=number,
            assessment=Promise.Assessment.FULFILLED,
        )
        promise.focus_areas.add(area)
        for index in range(1, activities + 1):
            activity = ActivityFactory(
                promise=promise,
                title=f"Aktivitet {number}.{index}",
                responsible_party=promise.owner,
                start_date=D(2025, index, 10),
                end_date=D(2025, index + 2, 28),
                order=index,
            )
            activity.places.add(place)
            first_activity = first_activity or activity
        indicator = IndicatorFactory(
            promise=promise, name=f"Indikator {number}", baseline=40, target=70
        )
        MeasurementFactory(indicator=indicator, date=D(2025, 9, 30), value=Decimal("55.5"))
        MeasurementFactory(indicator=indicator, date=D(2025, 3, 31), value=Decimal("45"))
        first_promise = first_promise or promise
        first_indicator = first_indicator or indicator
    contact = ContactFactory(
        charter=charter, name="Kim Kommunpolis", email="kim@polisen.se", phone="", order=1
    )
    round_ = FollowUpRoundFactory(
        charter=charter,
        title="Halvår 1 2025",
        period_start=D(2025, 1, 1),
        period_end=D(2025, 6, 30),
        due_on=D(2025, 7, 15),
        summary="Det mesta är gjort.",
        published_at=timezone.now(),
    )
    FollowUpFactory(
        round=round_,
        for_promise=True,
        promise=first_promise,
        assessment=Promise.Assessment.PARTLY_FULFILLED,
        narrative_public="Trafikkontroller varje månad, men färre än lovat.",
    )
    walk = SafetyWalkFactory(
        activity=ActivityFactory(
            promise=first_promise,
            kind=Activity.Kind.SAFETY_WALK,
            title="Trygghetsvandring i centrum",
            responsible_party=Party.POLICE,
            order=activities + 1,
        ),
        date=D(2025, 4, 14),
    )
    walk_finding = WalkFindingFactory(
        walk=walk, location="Gångvägen bakom sporthallen", description="Trasig lampa."
    )
    WalkFindingFactory(
        walk=walk,
        location="Busshållplatsen",
        status=WalkFinding.Status.DONE,
        done_on=D(2025, 5, 1),
    )
    return RenewalSetup(
        charter,
        first_promise,
        first_activity,
        first_indicator,
        contact,
        report_finding,
        walk_finding,
    )


def make_ready_for_review(charter: Charter) -> Charter:
    """Give CHARTER what its checklist before review asks (promises.readiness): a published
    lägesbild, an activity for every promise (and a promise if it has none), a contact with
    an email address; and, so that no link is missing, a prioritised problem of the
    lägesbild that every promise answers."""
    from tests.situations.factories import ProblemFactory, SituationReportFactory

    charter.situation_report = SituationReportFactory(
        municipality=charter.municipality,
        period_start=charter.period_start,
        period_end=charter.period_end,
        published=True,
    )
    charter.save()
    if not charter.promises.exists():
        PromiseFactory(charter=charter, order=1)
    for promise in charter.promises.filter(activities__isnull=True):
        ActivityFactory(promise=promise, order=1)
    ContactFactory(charter=charter, email="samordnare@kommun.se")
    problem = ProblemFactory(report=charter.situation_report)
    problem.promises.set(charter.promises.all())
    return charter
