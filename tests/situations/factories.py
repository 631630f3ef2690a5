import datetime
from dataclasses import dataclass

import factory
from django.contrib.auth import get_user_model
from django.utils import timezone

from situations import services
from situations.models import (
    Answer,
    Choice,
    County,
    Finding,
    FocusArea,
    Membership,
    Municipality,
    Observation,
    Place,
    PoliceArea,
    PoliceDistrict,
    PoliceRegion,
    Problem,
    Question,
    ReportingOrganisation,
    SituationReport,
    Source,
    Survey,
)

PASSWORD = "test-password-123"


class UserFactory(factory.django.DjangoModelFactory):
    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda user: f"{user.username}@example.se")
    password = factory.django.Password(PASSWORD)

    class Meta:
        model = get_user_model()
        django_get_or_create = ["username"]


class PoliceRegionFactory(factory.django.DjangoModelFactory):
    name = factory.Sequence(lambda n: f"Testregion {n}")
    slug = factory.Sequence(lambda n: f"testregion-{n}")

    class Meta:
        model = PoliceRegion


class CountyFactory(factory.django.DjangoModelFactory):
    # Codes 90-99 are unused by SCB, so they never collide with the reference data.
    code = factory.Sequence(lambda n: f"{90 + n % 10}")
    name = factory.Sequence(lambda n: f"Testlän {n}")
    slug = factory.Sequence(lambda n: f"testlan-{n}")
    police_region = factory.SubFactory(PoliceRegionFactory)

    class Meta:
        model = County
        django_get_or_create = ["code"]


class MunicipalityFactory(factory.django.DjangoModelFactory):
    """A test municipality in a test county, clear of the 290 real ones."""

    county = factory.SubFactory(CountyFactory)
    code = factory.LazyAttributeSequence(lambda m, n: f"{m.county.code}{n % 100:02d}")
    name = factory.Sequence(lambda n: f"Testkommun {n}")
    slug = factory.Sequence(lambda n: f"testkommun-{n}")

    class Meta:
        model = Municipality
        django_get_or_create = ["code"]


class PoliceDistrictFactory(factory.django.DjangoModelFactory):
    name = factory.Sequence(lambda n: f"Polisområde Test {n}")
    slug = factory.Sequence(lambda n: f"polisomrade-test-{n}")
    region = factory.SubFactory(PoliceRegionFactory)

    class Meta:
        model = PoliceDistrict


class PoliceAreaFactory(factory.django.DjangoModelFactory):
    name = factory.Sequence(lambda n: f"Lokalpolisområde Test {n}")
    slug = factory.Sequence(lambda n: f"lpo-test-{n}")
    district = factory.SubFactory(PoliceDistrictFactory)

    class Meta:
        model = PoliceArea
        skip_postgeneration_save = True

    @factory.post_generation
    def municipalities(self, create, extracted, **kwargs):
        if create and extracted:
            self.municipalities.add(*extracted)


class ReportingOrganisationFactory(factory.django.DjangoModelFactory):
    municipality = factory.SubFactory(MunicipalityFactory)
    name = factory.Sequence(lambda n: f"Bostadsbolaget {n}")
    kind = ReportingOrganisation.Kind.HOUSING_COMPANY

    class Meta:
        model = ReportingOrganisation


class MembershipFactory(factory.django.DjangoModelFactory):
    user = factory.SubFactory(UserFactory)
    role = Membership.Role.COORDINATOR
    municipality = factory.SubFactory(MunicipalityFactory)

    class Meta:
        model = Membership


class FocusAreaFactory(factory.django.DjangoModelFactory):
    name = factory.Sequence(lambda n: f"Fokusområde {n}")
    slug = factory.Sequence(lambda n: f"fokusomrade-{n}")

    class Meta:
        model = FocusArea
        django_get_or_create = ["slug"]


class PlaceFactory(factory.django.DjangoModelFactory):
    municipality = factory.SubFactory(MunicipalityFactory)
    name = factory.Sequence(lambda n: f"Plats {n}")
    slug = factory.Sequence(lambda n: f"plats-{n}")

    class Meta:
        model = Place


class SituationReportFactory(factory.django.DjangoModelFactory):
    municipality = factory.SubFactory(MunicipalityFactory)
    title = "Lägesbild 2021"
    period_start = datetime.date(2021, 1, 1)
    period_end = datetime.date(2021, 12, 31)
    status = SituationReport.Status.DRAFT
    summary = "Invånarna vill se mer polis i centrum."

    class Meta:
        model = SituationReport

    class Params:
        published = factory.Trait(
            status=SituationReport.Status.PUBLISHED,
            published_at=factory.LazyFunction(timezone.now),
        )


class SourceFactory(factory.django.DjangoModelFactory):
    report = factory.SubFactory(SituationReportFactory)
    kind = Source.Kind.CITIZEN_DIALOGUE
    title = "Medborgardialoger hösten 2020"

    class Meta:
        model = Source


class FindingFactory(factory.django.DjangoModelFactory):
    report = factory.SubFactory(SituationReportFactory)
    source = factory.SubFactory(SourceFactory, report=factory.SelfAttribute("..report"))
    text = "60 % av de som deltagit i dialogerna vill ha en mer tillgänglig polis."

    class Meta:
        model = Finding


class ProblemFactory(factory.django.DjangoModelFactory):
    report = factory.SubFactory(SituationReportFactory)
    title = "Narkotikaförsäljning vid busstationen"
    priority = 1

    class Meta:
        model = Problem


class ObservationFactory(factory.django.DjangoModelFactory):
    municipality = factory.SubFactory(MunicipalityFactory)
    place = factory.SubFactory(PlaceFactory, municipality=factory.SelfAttribute("..municipality"))
    week = datetime.date(2026, 3, 2)  # a Monday, week 10
    category = Observation.Category.LITTERING
    level = 2
    description = "Mycket skräp vid busshållplatsen."

    class Meta:
        model = Observation


class SurveyFactory(factory.django.DjangoModelFactory):
    """A published survey, open from a week ago to three weeks ahead."""

    municipality = factory.SubFactory(MunicipalityFactory)
    title = "Trygghetsenkät 2025"
    introduction = "Hur trygg känner du dig där du bor?"
    purpose = "Svaren används i lägesbilden och för att välja var polisen och kommunen arbetar."
    opens_on = factory.LazyFunction(lambda: timezone.localdate() - datetime.timedelta(days=7))
    closes_on = factory.LazyFunction(lambda: timezone.localdate() + datetime.timedelta(days=21))
    status = Survey.Status.PUBLISHED

    class Meta:
        model = Survey

    class Params:
        draft = factory.Trait(status=Survey.Status.DRAFT)
        closed = factory.Trait(
            status=Survey.Status.CLOSED, closed_at=factory.LazyFunction(timezone.now)
        )


class QuestionFactory(factory.django.DjangoModelFactory):
    survey = factory.SubFactory(SurveyFactory)
    order = factory.Sequence(lambda n: n + 1)
    kind = Question.Kind.SAFETY_SCALE
    text = "Hur trygg känner du dig i centrum på kvällen?"

    class Meta:
        model = Question


class ChoiceFactory(factory.django.DjangoModelFactory):
    question = factory.SubFactory(QuestionFactory, kind=Question.Kind.SINGLE_CHOICE)
    order = factory.Sequence(lambda n: n + 1)
    text = factory.Sequence(lambda n: f"Alternativ {n}")

    class Meta:
        model = Choice


# --- A survey with one question of each kind, and residents' answers -----------------------


@dataclass
class Kit:
    survey: Survey
    scale: Question
    single: Question
    multiple: Question
    places: Question
    free: Question
    centrum: Place
    station: Place


def make_survey(municipality, **kwargs) -> Kit:
    """A survey of MUNICIPALITY with a question of each kind, about two of its places."""
    centrum = PlaceFactory(municipality=municipality, name="Centrum", slug="centrum")
    station = PlaceFactory(municipality=municipality, name="Stationen", slug="stationen")
    survey = SurveyFactory(municipality=municipality, **kwargs)
    scale = QuestionFactory(
        survey=survey,
        order=1,
        text="Hur trygg känner du dig i centrum på kvällen?",
        place=centrum,
        time_of_day=Question.TimeOfDay.EVENING,
        required=True,
    )
    single = QuestionFactory(
        survey=survey, order=2, kind=Question.Kind.SINGLE_CHOICE, text="Går du ut på kvällen?"
    )
    for order, text in enumerate(["Ofta", "Ibland", "Aldrig"], start=1):
        ChoiceFactory(question=single, order=order, text=text)
    multiple = QuestionFactory(
        survey=survey, order=3, kind=Question.Kind.MULTIPLE_CHOICE, text="Vad oroar dig?"
    )
    for order, text in enumerate(["Trafik", "Skadegörelse", "Narkotika"], start=1):
        ChoiceFactory(question=multiple, order=order, text=text)
    places = QuestionFactory(
        survey=survey, order=4, kind=Question.Kind.UNSAFE_PLACES, text="Var känner du dig otrygg?"
    )
    free = QuestionFactory(
        survey=survey, order=5, kind=Question.Kind.FREE_TEXT, text="Något mer du vill säga?"
    )
    return Kit(survey, scale, single, multiple, places, free, centrum, station)


def submit_response(
    kit: Kit, *, scale=None, single=None, multiple=(), places=(), other="", text=""
):
    """One resident's answers, given by the texts of the choices and names of the places."""
    rows = []
    if scale is not None:
        rows.append(Answer(question=kit.scale, scale=scale))
    if single:
        rows.append(Answer(question=kit.single, choice=kit.single.choices.get(text=single)))
    rows += [
        Answer(question=kit.multiple, choice=kit.multiple.choices.get(text=t)) for t in multiple
    ]
    names = {"Centrum": kit.centrum, "Stationen": kit.station}
    rows += [Answer(question=kit.places, place=names[name]) for name in places]
    if other:
        rows.append(Answer(question=kit.places, other_place=other))
    if text:
        rows.append(Answer(question=kit.free, text=text))
    services.response_submit(survey=kit.survey, answers=rows)
