"""The generator of one kommun's demo charters, year by year: its lägesbild, promises,
activities, rounds and follow-ups, drawn from its own random.Random so that the kommun gets the
same data whichever others are generated with it (see national.py)."""

from __future__ import annotations

import datetime
import random
from dataclasses import dataclass
from decimal import Decimal

from followups.demo.bulk import ActivityRow, FollowUpRow, PromiseRow
from followups.demo.seeds import noon
from followups.demo.texts import (
    ASSESSMENT_TEXTS,
    CANCEL_REASONS,
    DELAY_REASONS,
    DONE_TEXTS,
    FINDINGS,
    FIRST_NAMES,
    FOCUS_NAMES,
    JOINT,
    KOMMUN,
    LAST_NAMES,
    NOT_STARTED_TEXTS,
    ONGOING_TEXTS,
    POLICE,
    PROBLEMS,
    PROMISES,
    SOURCE_TITLES,
)
from followups.models import FollowUp, FollowUpRound
from promises.models import (
    Activity,
    Charter,
    Contact,
    Promise,
    Signatory,
)
from situations.models import (
    Finding,
    Place,
    Problem,
    SituationReport,
    Source,
)

MARKER = " (exempeldata)"

Kind = Activity.Kind
Status = FollowUp.Status
Assessment = Promise.Assessment

# Of the promises whose focus area has a prioritised problem, the share left unlinked, as a
# coordinator in a hurry leaves one.
FORGOTTEN_LINK = 0.05
# The chance that the lägesbild prioritises a problem no promise answers, and the most
# prioritised problems a lägesbild has.
PROBLEM_WITHOUT_PROMISE = 0.5
MOST_PROBLEMS = 5


def person(rng: random.Random) -> str:
    return f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}"


def quarters(year: int) -> list[tuple[int, datetime.date, datetime.date]]:
    ends = [
        datetime.date(year, 3, 31),
        datetime.date(year, 6, 30),
        datetime.date(year, 9, 30),
        datetime.date(year, 12, 31),
    ]
    return [
        (number, datetime.date(year, 3 * number - 2, 1), end)
        for number, end in enumerate(ends, start=1)
    ]


@dataclass
class Plan:
    """How one activity goes over the four quarters of its year."""

    start: int
    done: int | None = None
    delayed: int | None = None
    cancelled: int | None = None

    @classmethod
    def draw(cls, rng: random.Random) -> Plan:
        start = rng.choices((1, 2, 3), weights=(6, 3, 1))[0]
        roll = rng.random()
        if roll < 0.06:
            return cls(start, cancelled=rng.randint(start, 4))
        if roll < 0.2:
            delayed = rng.randint(start, 4)
            done = rng.choice((None, *range(delayed + 1, 5)))
            return cls(start, done=done, delayed=delayed)
        return cls(start, done=rng.choice((None, *range(start, 5), *range(start + 1, 5))))

    def status(self, quarter: int) -> str:
        if quarter < self.start:
            return Status.NOT_STARTED
        if self.cancelled and quarter >= self.cancelled:
            return Status.CANCELLED
        if self.done and quarter >= self.done:
            return Status.DONE
        if self.delayed and quarter >= self.delayed:
            return Status.DELAYED
        return Status.ONGOING


def assessment_of(statuses: list[str]) -> str:
    done = sum(status == Status.DONE for status in statuses)
    if done == len(statuses):
        return Assessment.FULFILLED
    return Assessment.PARTLY_FULFILLED if done * 2 >= len(statuses) else Assessment.NOT_FULFILLED


class KommunGenerator:
    """Generates the charters of one kommun, one year at a time, into a Batch."""

    def __init__(self, *, municipality, area, places, focus, today, seed, batch) -> None:
        self.municipality = municipality
        self.area = area
        self.places = places
        self.focus = focus
        self.today = today
        self.batch = batch
        self.rng = random.Random(f"{seed}-kommun-{municipality.code}")
        self.chair = person(self.rng)
        self.coordinator = person(self.rng)
        area_rng = random.Random(f"{seed}-lpo-{area.slug}")
        self.area_chief = person(area_rng)
        self.community_officer = person(area_rng)

    def place(self) -> Place:
        return self.rng.choice(self.places)

    def fill(self, text: str, place: Place | None = None) -> str:
        place_name = place.name if place else ""
        return text.replace("{kommun}", self.municipality.name).replace("{plats}", place_name)

    def year(self, year: int) -> None:
        rng = self.rng
        start, end = datetime.date(year, 1, 1), datetime.date(year, 12, 31)
        if year < self.today.year:
            status = Charter.Status.CLOSED
        elif year == self.today.year:
            status = Charter.Status.PUBLISHED
        else:
            status = Charter.Status.DRAFT
        is_public = status != Charter.Status.DRAFT
        signed_on = min(datetime.date(year, 1, rng.randint(10, 31)), self.today)
        published_at = noon(signed_on + datetime.timedelta(days=rng.randint(1, 7)))
        templates, answered = self.templates()
        report, problems = self.report(year, published_at if is_public else None, answered)
        focus_names = sorted({template[1] for template in templates})
        charter = Charter(
            municipality=self.municipality,
            police_area=self.area,
            situation_report=report,
            title=f"Medborgarlöfte {year}{MARKER}",
            period_start=start,
            period_end=end,
            followup_cadence=Charter.FollowUpCadence.QUARTER,
            status=status,
            summary=(
                f"Polisen och {self.municipality.name} kommun lovar för {year} att arbeta med "
                f"{', '.join(name.lower() for name in focus_names)}. Löftena bygger på den "
                "gemensamma lägesbilden och följs upp varje kvartal."
            ),
            background=(
                "Medborgarlöftet är en del av samverkansöverenskommelsen mellan "
                f"{self.municipality.name} kommun och {self.area.name}. Det utgår från en "
                "lägesbild som tagits fram genom medborgardialoger, medarbetardialoger, enkäter "
                "och statistik."
            ),
            followup_method=(
                "Aktiviteterna följs upp varje kvartal i det lokala brottsförebyggande rådet och "
                "i lokalpolisområdets ledningsgrupp."
            ),
            reporting_channels=(
                "Kvartalsrapporter på kommunens webbplats, polisens sida på Facebook och lokala "
                "medier."
            ),
            participation=(
                "Gå med på en trygghetsvandring, kom till en medborgardialog eller svara på "
                "medborgarenkäten."
            ),
            signed_on=signed_on if is_public else None,
            published_at=published_at if is_public else None,
        )
        self.batch.charters.append(charter)
        if is_public:
            self.batch.signatories += [
                Signatory(
                    charter=charter,
                    name=self.chair,
                    title="kommunstyrelsens ordförande",
                    party=KOMMUN,
                    organisation=f"{self.municipality.name} kommun",
                    signed_on=signed_on,
                    order=1,
                ),
                Signatory(
                    charter=charter,
                    name=self.area_chief,
                    title="lokalpolisområdeschef",
                    party=POLICE,
                    organisation=self.area.name,
                    signed_on=signed_on,
                    order=2,
                ),
            ]
        self.batch.contacts += [
            Contact(
                charter=charter,
                name=self.community_officer,
                role="kommunpolis",
                party=POLICE,
                order=1,
            ),
            Contact(
                charter=charter,
                name=self.coordinator,
                role="brottsförebyggande samordnare",
                party=KOMMUN,
                order=2,
            ),
        ]
        rounds = self.rounds(charter, year)
        for order, template in enumerate(templates, start=1):
            self.promise(charter, order, template, rounds, status, problems.get(template[1]))

    def report(
        self, year: int, published_at: datetime.datetime | None, answered: list[str]
    ) -> tuple[SituationReport, dict[str, Problem]]:
        """The lägesbild of the year, with its findings and its prioritised problems by focus
        area: those of ANSWERED, and now and then one that no promise answers."""
        rng = self.rng
        report = SituationReport(
            municipality=self.municipality,
            police_area=self.area,
            title=f"Lägesbild {year}{MARKER}",
            period_start=datetime.date(year, 1, 1),
            period_end=datetime.date(year, 12, 31),
            status=(
                SituationReport.Status.PUBLISHED if published_at else SituationReport.Status.DRAFT
            ),
            summary=(
                f"Lägesbilden för {self.municipality.name} bygger på dialoger, enkäter och "
                f"statistik från {year - 1}."
            ),
            selection_rationale=(
                "De prioriterade problemen är de som flest invånare nämner och som statistiken "
                "bekräftar."
            ),
            published_at=published_at,
        )
        self.batch.reports.append(report)
        problem_areas = list(answered)
        unanswered = [name for name in FOCUS_NAMES if name not in answered]
        if len(problem_areas) < MOST_PROBLEMS and rng.random() < PROBLEM_WITHOUT_PROMISE:
            problem_areas.append(rng.choice(unanswered))
        others = [f for f in FINDINGS if f[0] not in problem_areas]
        picked = [next(f for f in FINDINGS if f[0] == area) for area in problem_areas]
        picked += rng.sample(others, max(0, rng.randint(3, 5) - len(picked)))
        kinds = [Source.Kind.STAFF_DIALOGUE, *dict.fromkeys(f[2] for f in picked)]
        if rng.random() < 0.5:
            kinds.append(Source.Kind.POLICE_INTELLIGENCE)
        sources = {}
        for kind in kinds:
            sources[kind] = Source(
                report=report,
                kind=kind,
                title=SOURCE_TITLES[kind].format(year=year, last=year - 1),
                date=datetime.date(year - 1, rng.randint(9, 11), rng.randint(1, 28)),
                is_internal=kind == Source.Kind.POLICE_INTELLIGENCE,
            )
        self.batch.sources += sources.values()
        problems = {}
        for order, (focus, text, kind, unit, low, high) in enumerate(picked, start=1):
            place = self.place() if "{plats}" in text else None
            value = rng.randint(low, high)
            finding = Finding(
                report=report,
                source=sources[kind],
                focus_area_id=self.focus[focus],
                place=place,
                text=self.fill(text, place).replace("{v}", str(value)),
                value=Decimal(value),
                unit=unit,
                order=order,
            )
            self.batch.findings.append(finding)
            if focus in problem_areas:
                problems[focus] = self.problem(report, order, focus, finding, place)
        return report, problems

    def templates(self) -> tuple[list, list[str]]:
        """The promise templates of a charter, and the focus areas its prioritised problems
        have, in priority order: all the promises of a few areas, and one or two others."""
        rng = self.rng
        count = rng.randint(8, 12)
        # How many promises are meant to answer a problem; about one in six ends up unlinked.
        answering = count - rng.choice((0, 0, 1, 1, 2))
        areas: list[str] = []
        picked: list = []
        for area in rng.sample(FOCUS_NAMES, len(FOCUS_NAMES)):
            of_area = [template for template in PROMISES if template[1] == area]
            if len(picked) + len(of_area) > answering:
                continue
            areas.append(area)
            picked += of_area
            if len(picked) >= answering or len(areas) == MOST_PROBLEMS:
                break
        picked += rng.sample([t for t in PROMISES if t[1] not in areas], count - len(picked))
        templates = sorted(
            picked,
            key=lambda template: (
                [POLICE, KOMMUN, JOINT].index(template[0]),
                PROMISES.index(template),
            ),
        )
        return templates, areas

    def problem(
        self, report: SituationReport, priority: int, focus: str, finding: Finding, place
    ) -> Problem:
        title, description, situation, offenders, victims = PROBLEMS[focus]
        problem = Problem(
            report=report,
            title=self.fill(title, place) if place else title.replace(" vid {plats}", ""),
            description=description,
            focus_area_id=self.focus[focus],
            priority=priority,
            cause_situation=situation,
            cause_offenders=offenders,
            cause_victims=victims,
        )
        self.batch.problems.append(problem)
        self.batch.problem_findings.append((problem, finding))
        if place is not None:
            self.batch.problem_places.append((problem, place.pk))
        return problem

    def rounds(self, charter: Charter, year: int) -> list[tuple[int, FollowUpRound]]:
        rounds = []
        for number, start, end in quarters(year):
            due_on = end + datetime.timedelta(days=15)
            published = charter.status != Charter.Status.DRAFT and due_on < self.today
            round_ = FollowUpRound(
                charter=charter,
                title=f"Kvartal {number} {year}",
                period_start=start,
                period_end=end,
                due_on=due_on,
                published_at=noon(due_on) if published else None,
            )
            self.batch.rounds.append(round_)
            rounds.append((number, round_))
        return rounds

    def promise(self, charter, order, template, rounds, charter_status, problem) -> None:
        rng = self.rng
        owner, focus, text, activity_templates = template
        if problem is not None and rng.random() < FORGOTTEN_LINK:
            problem = None
        promise = PromiseRow(
            charter=charter,
            owner=owner,
            title=focus,
            text=self.fill(text),
            order=order,
            focus_area_id=self.focus[focus],
            problem=problem,
        )
        self.batch.promises.append(promise)
        chosen = sorted(rng.sample(range(4), rng.randint(2, 4)))
        final_statuses = []
        year = charter.period_start.year
        for activity_order, index in enumerate(chosen, start=1):
            kind, party, title, when, effect = activity_templates[index]
            place = self.place() if "{plats}" in title else None
            plan = Plan.draw(rng)
            activity = ActivityRow(
                promise=promise,
                title=self.fill(title, place),
                kind=kind,
                party=party,
                recurrence=when,
                expected_effect=effect,
                start_date=quarters(year)[plan.start - 1][1],
                end_date=charter.period_end,
                is_public=kind != Kind.PATROL or rng.random() < 0.8,
                order=activity_order,
                place_id=place.pk if place else None,
            )
            self.batch.activities.append(activity)
            for number, round_ in rounds:
                if charter_status == Charter.Status.DRAFT or round_.period_end >= self.today:
                    continue
                self.follow_up(round_, activity, plan.status(number))
            final_statuses.append(plan.status(4))
        if charter_status == Charter.Status.CLOSED:
            promise.assessment = assessment_of(final_statuses)
            last_round = rounds[-1][1]
            self.batch.follow_ups.append(
                FollowUpRow(
                    last_round,
                    None,
                    promise,
                    "",
                    promise.assessment,
                    "",
                    ASSESSMENT_TEXTS[promise.assessment],
                    last_round.due_on,
                )
            )
        elif charter_status == Charter.Status.PUBLISHED:
            promise.assessment = Assessment.ONGOING

    def follow_up(self, round_: FollowUpRound, activity: ActivityRow, status: str) -> None:
        rng = self.rng
        reason = ""
        if status == Status.CANCELLED:
            reason = rng.choice(CANCEL_REASONS)
            text = "Aktiviteten är inställd."
        elif status == Status.DELAYED:
            reason = rng.choice(DELAY_REASONS)
            text = "Aktiviteten är försenad. En ny tidplan tas fram."
        elif status == Status.DONE:
            text = rng.choice(DONE_TEXTS)
        elif status == Status.ONGOING:
            text = rng.choice(ONGOING_TEXTS)
        else:
            text = rng.choice(NOT_STARTED_TEXTS)
        reported_on = min(
            round_.period_end + datetime.timedelta(days=rng.randint(1, 14)), self.today
        )
        self.batch.follow_ups.append(
            FollowUpRow(round_, activity, None, status, "", reason, text, reported_on)
        )
