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
