"""The shapes of the demo's seed charters (plain frozen data, loaded by followups.demo.seeds)
and the choices their data names."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal

from promises.models import Activity, Party
from situations.models import Source

# The choices the seed data names, short.
Kind = Activity.Kind
SourceKind = Source.Kind

# The focus areas of the seeds, in the order the taxonomy lists them.
FOCUS_AREAS = ["Trafik", "Alkohol och droger", "Stölder och inbrott", "Utemiljö", "Synlighet"]


@dataclass(frozen=True)
class SeedPoliceArea:
    """An LPO of the reference data (situations/data/lokalpolisomraden.csv), by its key there."""

    reference_key: str


@dataclass(frozen=True)
class SeedSource:
    kind: str
    title: str
    description: str = ""
    date: datetime.date | None = None


@dataclass(frozen=True)
class SeedFinding:
    text: str
    focus_area: str | None = None
    value: Decimal | None = None
    unit: str = ""
    source: str | None = None  # the title of one of the report's sources


@dataclass(frozen=True)
class SeedProblem:
    """A prioritised problem of the lägesbild, in priority order; FINDINGS are the texts of the
    report's findings that show it. A cause text stays empty where the charter gives none."""

    title: str
    focus_area: str
    description: str = ""
    findings: tuple[str, ...] = ()
    places: tuple[str, ...] = ()
    cause_situation: str = ""
    cause_offenders: str = ""
    cause_victims: str = ""


@dataclass(frozen=True)
class SeedActivity:
    title: str
    description: str
    kind: str
    party: str
    expected_effect: str = ""
    responsible_function: str = ""
    recurrence: str = ""
    places: tuple[str, ...] = ()


@dataclass(frozen=True)
class SeedPromise:
    owner: str
    text: str
    title: str = ""
    focus_areas: tuple[str, ...] = ()
    activities: tuple[SeedActivity, ...] = ()
    problems: tuple[str, ...] = ()  # the titles of the problems it answers


@dataclass(frozen=True)
class SeedPerson:
    name: str
    title: str
    party: str
    organisation: str = ""


@dataclass(frozen=True)
class SeedCharter:
    municipality_code: str
    police_area: SeedPoliceArea
    year: int
    title: str
    summary: str
    background: str
    followup_method: str
    reporting_channels: str
    participation: str
    report_title: str
    report_summary: str
    promises: tuple[SeedPromise, ...]
    report_limitations: str = ""
    report_selection_rationale: str = ""
    sources: tuple[SeedSource, ...] = ()
    findings: tuple[SeedFinding, ...] = ()
    problems: tuple[SeedProblem, ...] = ()
    places: tuple[str, ...] = ()
    signatories: tuple[SeedPerson, ...] = ()
    contacts: tuple[SeedPerson, ...] = ()
    focus_areas: tuple[str, ...] = ()

    @property
    def period_start(self) -> datetime.date:
        return datetime.date(self.year, 1, 1)

    @property
    def period_end(self) -> datetime.date:
        return datetime.date(self.year, 12, 31)


__all__ = [
    "FOCUS_AREAS",
    "Kind",
    "Party",
    "SeedActivity",
    "SeedCharter",
    "SeedFinding",
    "SeedPerson",
    "SeedPoliceArea",
    "SeedProblem",
    "SeedPromise",
    "SeedSource",
    "SourceKind",
]
