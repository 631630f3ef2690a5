"""The two real medborgarlöften of the demo, Säffle 2017 and Essunga 2021, and their loading.

The charters are Python data in saffle.py and essunga.py, in the shapes of seed_types.py. The
texts are copied from the charters as the kommuner published them, word for word and typos
included ("aktiviter", "trygghetfrågor", "främja den fysiska och psykiska ohälsan"): the demo
shows real charters, so nothing is corrected or added. Where a model needs a value the text does
not give, the choice is named in a comment next to it.
"""

from __future__ import annotations

import datetime

from django.utils import timezone
from django.utils.text import slugify

from followups.demo import upsert
from followups.demo.essunga import ESSUNGA_2021, LPO_VASTRA_SKARABORG
from followups.demo.saffle import LPO_ARVIKA, SAFFLE_2017, SAFFLE_VISIBILITY_EFFECT
from followups.demo.seed_types import FOCUS_AREAS, SeedCharter, SeedPoliceArea
from followups.models import FollowUpRound
from promises.models import Activity, Charter, Contact, Promise, Signatory
from situations.models import (
    Finding,
    FocusArea,
    Municipality,
    Place,
    PoliceArea,
    Problem,
    SituationReport,
    Source,
)

Kind = Activity.Kind
SourceKind = Source.Kind

__all__ = [
    "ESSUNGA_2021",
    "LPO_ARVIKA",
    "LPO_VASTRA_SKARABORG",
    "SAFFLE_2017",
    "SAFFLE_VISIBILITY_EFFECT",
    "SEEDS",
]

SEEDS = (SAFFLE_2017, ESSUNGA_2021)


# --- Loading -------------------------------------------------------------------------------


def focus_areas(names: list[str] | tuple[str, ...]) -> dict[str, FocusArea]:
    """Get or create the focus areas NAMES, giving new ones the order of FOCUS_AREAS."""
    order = {name: index for index, name in enumerate(FOCUS_AREAS, start=1)}
    return {
        name: FocusArea.objects.get_or_create(
            name=name, defaults={"slug": slugify(name), "order": order.get(name, 100)}
        )[0]
        for name in names
    }


def noon(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(12)))


def seed_status(municipality: Municipality, period_start: datetime.date) -> str:
    """Published, so residents find the seed on its kommun page; closed once a later one is.

    Both periods are long over, which would make them "closed", but the kommun page shows the
    current published charter first and closed ones only in its archive: a seed that is its
    kommun's latest charter stays published so that it is what residents see. When the national
    generator gives the kommun later charters, the seed moves to the archive like any other.
    """
    later = Charter.objects.published().filter(
        municipality=municipality, period_start__gt=period_start
    )
    return Charter.Status.CLOSED if later.exists() else Charter.Status.PUBLISHED


def settle_seed_statuses() -> None:
    """Give each seed charter the status seed_status() names, for after national data."""
    for seed in SEEDS:
        charter = Charter.objects.select_related("municipality").get(
            municipality__code=seed.municipality_code, period_start=seed.period_start
        )
        status = seed_status(charter.municipality, charter.period_start)
        if charter.status != status:
            charter.status = status
            charter.save(update_fields=["status", "updated_at"])


def load_seeds() -> list[Charter]:
    """Create or update both seed charters with everything they hold; return them."""
    return [load_charter(seed) for seed in SEEDS]


def load_police_area(seed: SeedPoliceArea) -> PoliceArea:
    """The LPO the reference data loaded (migrate does), as the administrators left it."""
    return PoliceArea.objects.get(reference_key=seed.reference_key)


def load_charter(seed: SeedCharter) -> Charter:
    municipality = Municipality.objects.get(code=seed.municipality_code)
    area = load_police_area(seed.police_area)
    names = {*seed.focus_areas, *(f.focus_area for f in seed.findings if f.focus_area)}
    names.update(problem.focus_area for problem in seed.problems)
    for promise in seed.promises:
        names.update(promise.focus_areas)
    focus = focus_areas(sorted(names))
    places = {
        name: upsert(
            Place,
            lookup={"municipality": municipality, "slug": slugify(name)},
            values={"name": name},
        )
        for name in seed.places
    }
    # The text gives no date of signing, so none is recorded (the page then shows none). It
    # gives no publish date either, which a public charter needs: the period's first day
    # stands in, as it is never shown to residents.
    signed_on = seed.period_start
    report = load_report(seed, municipality, area, focus, signed_on)
    problems = load_problems(seed, report, focus, places)
    charter = upsert(
        Charter,
        lookup={"municipality": municipality, "period_start": seed.period_start},
        values={
            "period_end": seed.period_end,
            "followup_cadence": Charter.FollowUpCadence.HALF_YEAR,
            "police_area": area,
            "agreement": None,
            "situation_report": report,
            "title": seed.title,
            "status": seed_status(municipality, seed.period_start),
            "summary": seed.summary,
            "background": seed.background,
            "followup_method": seed.followup_method,
            "reporting_channels": seed.reporting_channels,
            "participation": seed.participation,
            "signed_on": None,
            "published_at": noon(signed_on),
        },
    )
    load_promises(seed, charter, focus, places, problems)
    load_people(seed, charter)
    load_rounds(seed, charter)
    return charter


def load_report(
    seed: SeedCharter,
    municipality: Municipality,
    area: PoliceArea,
    focus: dict[str, FocusArea],
    published_on: datetime.date,
) -> SituationReport:
    report = upsert(
        SituationReport,
        lookup={"municipality": municipality, "period_start": seed.period_start},
        values={
            "period_end": seed.period_end,
            "police_area": area,
            "title": seed.report_title,
            "status": SituationReport.Status.PUBLISHED,
            "summary": seed.report_summary,
            "analysis": "",
            "selection_rationale": seed.report_selection_rationale,
            "limitations": seed.report_limitations,
            "published_at": noon(published_on),
        },
    )
    sources = {
        source.title: upsert(
            Source,
            lookup={"report": report, "title": source.title},
            values={
                "kind": source.kind,
                "description": source.description,
                "date": source.date,
                "url": "",
                "is_internal": False,
            },
        )
        for source in seed.sources
    }
    findings = [
        upsert(
            Finding,
            lookup={"report": report, "order": order},
            values={
                "text": finding.text,
                "value": finding.value,
                "unit": finding.unit,
                "focus_area": focus[finding.focus_area] if finding.focus_area else None,
                "source": sources[finding.source] if finding.source else None,
                "place": None,
            },
        )
        for order, finding in enumerate(seed.findings, start=1)
    ]
    # Findings go before sources: a finding protects its source from deletion.
    report.findings.exclude(pk__in=[f.pk for f in findings]).delete()
    report.sources.exclude(pk__in=[s.pk for s in sources.values()]).delete()
    return report


def load_problems(
    seed: SeedCharter,
    report: SituationReport,
    focus: dict[str, FocusArea],
    places: dict[str, Place],
) -> dict[str, Problem]:
    """The report's prioritised problems by title, each with the findings that show it."""
    findings = {finding.text: finding for finding in report.findings.all()}
    problems = {}
    for priority, seed_problem in enumerate(seed.problems, start=1):
        problem = upsert(
            Problem,
            lookup={"report": report, "priority": priority},
            values={
                "title": seed_problem.title,
                "description": seed_problem.description,
                "focus_area": focus[seed_problem.focus_area],
                "cause_situation": seed_problem.cause_situation,
                "cause_offenders": seed_problem.cause_offenders,
                "cause_victims": seed_problem.cause_victims,
                "is_internal": False,
            },
        )
        shown_by = [findings[text] for text in seed_problem.findings]
        where = [places[name] for name in seed_problem.places]
        problem.check_links(findings=shown_by, places=where)
        problem.findings.set(shown_by)
        problem.places.set(where)
        problems[problem.title] = problem
    report.problems.exclude(pk__in=[p.pk for p in problems.values()]).delete()
    return problems


def load_promises(
    seed: SeedCharter,
    charter: Charter,
    focus: dict[str, FocusArea],
    places: dict[str, Place],
    problems: dict[str, Problem],
) -> None:
    kept = []
    for order, seed_promise in enumerate(seed.promises, start=1):
        promise = upsert(
            Promise,
            lookup={"charter": charter, "order": order},
            values={
                "owner": seed_promise.owner,
                "title": seed_promise.title,
                "text": seed_promise.text,
            },
        )
        promise.focus_areas.set([focus[name] for name in seed_promise.focus_areas])
        answers = [problems[title] for title in seed_promise.problems]
        promise.check_problems(answers)
        promise.problems.set(answers)
        activities = []
        for activity_order, seed_activity in enumerate(seed_promise.activities, start=1):
            activity = upsert(
                Activity,
                lookup={"promise": promise, "order": activity_order},
                values={
                    "title": seed_activity.title,
                    "description": seed_activity.description,
                    "kind": seed_activity.kind,
                    "responsible_party": seed_activity.party,
                    "responsible_function": seed_activity.responsible_function,
                    "recurrence": seed_activity.recurrence,
                    "expected_effect": seed_activity.expected_effect,
                    "is_public": True,
                },
            )
            activity.places.set([places[name] for name in seed_activity.places])
            activities.append(activity.pk)
        promise.activities.exclude(pk__in=activities).delete()
        kept.append(promise.pk)
    charter.promises.exclude(pk__in=kept).delete()


def load_people(seed: SeedCharter, charter: Charter) -> None:
    signatories = [
        upsert(
            Signatory,
            lookup={"charter": charter, "order": order},
            values={
                "name": person.name,
                "title": person.title,
                "party": person.party,
                "organisation": person.organisation,
                "signed_on": None,
            },
        ).pk
        for order, person in enumerate(seed.signatories, start=1)
    ]
    charter.signatories.exclude(pk__in=signatories).delete()
    contacts = [
        upsert(
            Contact,
            lookup={"charter": charter, "order": order},
            values={"name": person.name, "role": person.title, "party": person.party},
        ).pk
        for order, person in enumerate(seed.contacts, start=1)
    ]
    charter.contacts.exclude(pk__in=contacts).delete()


def load_rounds(seed: SeedCharter, charter: Charter) -> None:
    """Two half-year rounds, left unreported: the texts tell nothing of what came of it.

    The charters say only that the work is followed up continuously; a half-year is the
    interval chosen for the demo. No follow-up is recorded, since inventing outcomes for real
    kommuner would be worse than showing an empty round.
    """
    year = seed.year
    halves = [
        ("Halvår 1", datetime.date(year, 1, 1), datetime.date(year, 6, 30)),
        ("Halvår 2", datetime.date(year, 7, 1), datetime.date(year, 12, 31)),
    ]
    rounds = [
        upsert(
            FollowUpRound,
            lookup={"charter": charter, "period_start": start},
            values={
                "title": f"{title} {year}",
                "period_end": end,
                "due_on": end + datetime.timedelta(days=31),
                "summary": "",
                "published_at": None,
            },
        ).pk
        for title, start, end in halves
    ]
    charter.rounds.exclude(pk__in=rounds).delete()
