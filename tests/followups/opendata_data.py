"""Charters for the open data tests: one rich public charter, and everything that must stay hidden.

Every text that must never reach residents contains SECRET, so that one assertion per surface
proves it absent; texts residents may read contain SHOWN.
"""

import datetime
from decimal import Decimal

from django.utils import timezone

from followups.models import FollowUp, FollowUpRound
from promises.models import Activity, Charter, Party, Promise
from situations.models import FocusArea, Municipality, Place, PoliceArea, Source
from tests.followups.factories import FollowUpFactory, FollowUpRoundFactory
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
    PoliceAreaFactory,
    ProblemFactory,
    SituationReportFactory,
    SourceFactory,
)

SECRET = "HEMLIG"
SHOWN = "SYNLIG"
# The CSV files of the open data, by the name in their URL.
DATASETS = ["kommuner", "medborgarloften", "loften", "aktiviteter", "uppfoljningar", "kopplingar"]


def secrets_in(text: str) -> list[str]:
    """The words around each SECRET in TEXT, for a readable failure."""
    found = []
    start = text.find(SECRET)
    while start != -1:
        found.append(text[start : start + 40])
        start = text.find(SECRET, start + 1)
    return found


def public_charter(
    municipality: Municipality,
    police_area: PoliceArea,
    *,
    year: int = 2021,
    promises: int = 1,
) -> Charter:
    """A published charter with everything a public page shows, and internal parts beside it."""
    focus_area, _ = FocusArea.objects.get_or_create(slug="trafik", defaults={"name": "Trafik"})
    place, _ = Place.objects.get_or_create(
        municipality=municipality, slug="resecentrum", defaults={"name": "Resecentrum"}
    )
    report = SituationReportFactory(
        municipality=municipality,
        police_area=police_area,
        published=True,
        title=f"Lägesbild {year}",
        period_start=datetime.date(year, 1, 1),
        period_end=datetime.date(year, 12, 31),
        summary=f"{SHOWN}-LÄGESBILD: invånarna vill se mer polis i centrum.",
        analysis=f"{SECRET}-ANALYS",
        selection_rationale="Trafiken nämndes oftast i dialogerna.",
        limitations="Få unga svarade.",
    )
    survey = SourceFactory(
        report=report,
        kind=Source.Kind.CITIZEN_SURVEY,
        title=f"{SHOWN}-KÄLLA trygghetsenkät",
        date=datetime.date(year - 1, 10, 1),
        url="https://example.se/enkat",
        description="Enkät till alla hushåll.",
    )
    internal = SourceFactory(
        report=report, kind=Source.Kind.STAFF_DIALOGUE, title=f"{SECRET}-INTERN-KÄLLA"
    )
    internal.is_internal = True
    internal.save()
    intelligence = SourceFactory(
        report=report, kind=Source.Kind.POLICE_INTELLIGENCE, title=f"{SECRET}-UNDERRÄTTELSE"
    )
    shown = FindingFactory(
        report=report,
        source=survey,
        text=f"{SHOWN}-IAKTTAGELSE: 60 % vill ha en mer tillgänglig polis.",
        value=Decimal("60"),
        unit="%",
        focus_area=focus_area,
        place=place,
        order=1,
    )
    hidden = FindingFactory(
        report=report, source=internal, text=f"{SECRET}-INTERN-IAKTTAGELSE", order=2
    )
    FindingFactory(
        report=report, source=intelligence, text=f"{SECRET}-UNDERRÄTTELSE-IAKTTAGELSE", order=3
    )
    burglaries = FindingFactory(
        report=report, source=None, text="Inbrotten ökade.", value=Decimal("12.5"), order=4
    )
    # A public problem shown by a public and an internal finding, an internal problem, and a
    # problem no promise answers.
    problem = ProblemFactory(
        report=report,
        title=f"{SHOWN}-PROBLEM: otrygg trafik vid resecentrum",
        description="Bilar kör fort förbi resecentrum.",
        focus_area=focus_area,
        priority=1,
        cause_situation="Lång raksträcka utan övergångsställen.",
        cause_victims="Barn och äldre som går till bussen.",
    )
    problem.findings.add(shown, hidden)
    problem.places.add(place)
    internal_problem = ProblemFactory(
        report=report,
        title=f"{SECRET}-INTERNT-PROBLEM",
        cause_offenders=f"{SECRET}-GÄRNINGSPERSONER",
        priority=2,
        is_internal=True,
    )
    internal_problem.findings.add(shown)
    unanswered = ProblemFactory(report=report, title="Fler bostadsinbrott", priority=3)
    unanswered.findings.add(burglaries)

    charter = CharterFactory(
        municipality=municipality,
        police_area=police_area,
        published=True,
        situation_report=report,
        title=f"Medborgarlöfte {year}",
        period_start=datetime.date(year, 1, 1),
        period_end=datetime.date(year, 12, 31),
        summary=f"{SHOWN}-SAMMANFATTNING: fokus på trafik och trygghet i centrum.",
        background="Medborgarlöften är en del av polisens styrmodell.",
        followup_method="Lokala BRÅ följer upp varje halvår.",
        reporting_channels="Kommunens webbplats och lokaltidningen.",
        participation="Kom med på trygghetsvandringen i april.",
    )
    SignatoryFactory(charter=charter, order=1)
    SignatoryFactory(
        charter=charter,
        name="Åsa Öberg",
        title="Lokalpolisområdeschef",
        party=Party.POLICE,
        organisation=police_area.name,
        signed_on=None,
        order=2,
    )
    ContactFactory(charter=charter, email="kommunpolis@example.se", phone="010-123 45 67")

    half_year = FollowUpRoundFactory(
        charter=charter,
        title=f"Halvår 1 {year}",
        period_start=datetime.date(year, 1, 1),
        period_end=datetime.date(year, 6, 30),
        due_on=datetime.date(year, 7, 31),
        summary=f"{SHOWN}-OMGÅNG: det mesta är genomfört.",
        published_at=timezone.now(),
    )
    unpublished = FollowUpRoundFactory(
        charter=charter,
        title=f"{SECRET}-OPUBLICERAD-OMGÅNG",
        period_start=datetime.date(year, 7, 1),
        period_end=datetime.date(year, 12, 31),
        due_on=datetime.date(year + 1, 1, 31),
        summary=f"{SECRET}-OPUBLICERAD-SAMMANFATTNING",
    )

    for number in range(1, promises + 1):
        promise = PromiseFactory(
            charter=charter,
            owner=[Party.POLICE, Party.MUNICIPALITY, Party.JOINT][number % 3],
            title=f"Trafik {number}",
            text=f"{SHOWN}-LÖFTE {number}: vi ska arbeta för en tryggare trafikmiljö.",
            order=number,
            assessment=Promise.Assessment.ONGOING,
        )
        promise.focus_areas.add(focus_area)
        promise.problems.add(problem, internal_problem)
        walk = ActivityFactory(
            promise=promise,
            title=f"{SHOWN}-TRYGGHETSVANDRING {number}",
            description="Vi går genom centrum och letar otrygga platser.",
            kind=Activity.Kind.SAFETY_WALK,
            responsible_party=Party.JOINT,
            responsible_function="Kommunpolisen och fritidsförvaltningen",
            start_date=datetime.date(year, 4, number),
            end_date=datetime.date(year, 4, number),
            expected_effect=f"{SHOWN}-EFFEKT: färre otrygga platser.",
            order=1,
        )
        walk.places.add(place)
        patrol = ActivityFactory(
            promise=promise,
            title=f"{SHOWN}-PATRULL {number}",
            recurrence="Varje fredag",
            order=2,
        )
        meeting = ActivityFactory(
            promise=promise,
            title=f"{SHOWN}-DIALOGMÖTE {number}",
            kind=Activity.Kind.DIALOGUE_MEETING,
            responsible_party=Party.MUNICIPALITY,
            start_date=datetime.date(year, 9, number),
            end_date=datetime.date(year, 9, number + 1),
            order=3,
        )
        hidden = ActivityFactory(
            promise=promise,
            title=f"{SECRET}-DOLD-AKTIVITET {number}",
            description=f"{SECRET}-DOLD-BESKRIVNING",
            is_public=False,
            start_date=datetime.date(year, 5, number),
            order=4,
        )
        indicator = IndicatorFactory(
            promise=promise,
            name=f"Andel trygga i centrum {number}",
            baseline=Decimal("60"),
            baseline_date=datetime.date(year - 1, 10, 1),
            target=Decimal("70"),
            source="Polisens trygghetsmätning",
        )
        MeasurementFactory(
            indicator=indicator,
            date=datetime.date(year, 3, 1),
            value=Decimal("62.5"),
            note=f"{SECRET}-ANTECKNING",
        )
        MeasurementFactory(indicator=indicator, date=datetime.date(year, 6, 1), value=64)

        FollowUpFactory(
            round=half_year,
            activity=walk,
            status=FollowUp.Status.DONE,
            narrative_public=f"{SHOWN}-BERÄTTELSE {number}: vandringen gjordes med 40 boende.",
            narrative_internal=f"{SECRET}-INTERN-BERÄTTELSE",
            reported_on=datetime.date(year, 6, 20),
        )
        FollowUpFactory(
            round=half_year,
            activity=patrol,
            status=FollowUp.Status.CANCELLED,
            reason=f"{SHOWN}-ORSAK: personalbrist.",
            narrative_public="",
            narrative_internal=f"{SECRET}-INTERN-BERÄTTELSE",
            reported_on=datetime.date(year, 6, 21),
        )
        FollowUpFactory(
            round=half_year,
            activity=meeting,
            status=FollowUp.Status.DELAYED,
            reason=f"{SECRET}-FÖRSENINGSORSAK",
            narrative_public="Mötet flyttas till hösten.",
            narrative_internal=f"{SECRET}-INTERN-BERÄTTELSE",
            reported_on=datetime.date(year, 6, 22),
        )
        FollowUpFactory(
            round=half_year,
            activity=hidden,
            narrative_public=f"{SECRET}-DOLD-UPPFÖLJNING",
            narrative_internal=f"{SECRET}-INTERN-BERÄTTELSE",
        )
        FollowUpFactory(
            round=half_year,
            for_promise=True,
            promise=promise,
            narrative_public="Löftet är på god väg.",
            narrative_internal=f"{SECRET}-INTERN-BERÄTTELSE",
            reported_on=datetime.date(year, 6, 23),
        )
        FollowUpFactory(
            round=unpublished,
            activity=walk,
            narrative_public=f"{SECRET}-OPUBLICERAD-BERÄTTELSE",
            narrative_internal=f"{SECRET}-INTERN-BERÄTTELSE",
        )
    return charter


def charters_in_the_making(municipality: Municipality, police_area: PoliceArea) -> None:
    """A draft and a charter in review, each with a public activity and a "published" round."""
    for status, tag, year in (
        (Charter.Status.DRAFT, f"{SECRET}-UTKAST", 2022),
        (Charter.Status.REVIEW, f"{SECRET}-GRANSKNING", 2023),
    ):
        charter = CharterFactory(
            municipality=municipality,
            police_area=police_area,
            status=status,
            title=tag,
            summary=f"{tag}-SAMMANFATTNING",
            period_start=datetime.date(year, 1, 1),
            period_end=datetime.date(year, 12, 31),
        )
        promise = PromiseFactory(charter=charter, text=f"{tag}-LÖFTE", order=1)
        activity = ActivityFactory(
            promise=promise, title=f"{tag}-AKTIVITET", start_date=datetime.date(year, 3, 1)
        )
        round_ = FollowUpRound.objects.create(
            charter=charter,
            title=f"{tag}-OMGÅNG",
            period_start=datetime.date(year, 1, 1),
            period_end=datetime.date(year, 6, 30),
            due_on=datetime.date(year, 7, 31),
            published_at=timezone.now(),
        )
        FollowUpFactory(round=round_, activity=activity, narrative_public=f"{tag}-UPPFÖLJNING")


def charter_with_draft_report(municipality: Municipality, police_area: PoliceArea) -> Charter:
    """A published charter whose situation report is still a draft: none of it is shown."""
    report = SituationReportFactory(
        municipality=municipality,
        police_area=police_area,
        summary=f"{SECRET}-UTKAST-LÄGESBILD",
    )
    source = SourceFactory(report=report, title=f"{SECRET}-UTKAST-KÄLLA")
    FindingFactory(report=report, source=source, text=f"{SECRET}-UTKAST-IAKTTAGELSE")
    charter = CharterFactory(
        municipality=municipality,
        police_area=police_area,
        published=True,
        situation_report=report,
        title="Medborgarlöfte med lägesbild i arbete",
    )
    promise = PromiseFactory(charter=charter, text=f"{SHOWN}-LÖFTE B", order=1)
    ActivityFactory(
        promise=promise, title=f"{SHOWN}-AKTIVITET B", start_date=datetime.date(2021, 5, 5)
    )
    return charter


def national(size: int) -> list[Charter]:
    """SIZE kommuner, each with a public charter of SIZE promises, and drafts beside them."""
    charters = []
    for _number in range(size):
        municipality = MunicipalityFactory()
        area = PoliceAreaFactory(municipalities=[municipality])
        charters.append(public_charter(municipality, area, promises=size))
        charters_in_the_making(municipality, area)
    return charters
