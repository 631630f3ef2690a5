"""The queries of a kommun's and a charter's public pages, each compiled once per process
(config.lib.compiled).

Every one has the same SQL whatever the kommun or charter: they, the situation report and the
day are parameters, and what would be a list of ids is a join. Each orders by the columns of its
own table: the models' default orderings follow foreign keys (a promise by its charter's
kommun's name) and would join for it.
"""

from __future__ import annotations

from django.db.models import Count, F, Max, OuterRef, Q, StringAgg, Subquery, Value, Window
from django.db.models.functions import RowNumber

from config.lib.compiled import CompiledQuery, Param
from followups.council.models import CouncilReport
from followups.models import FollowUp, FollowUpRound
from promises.models import (
    Activity,
    Charter,
    CharterCorrection,
    CollaborationAgreement,
    Contact,
    Indicator,
    Measurement,
    Promise,
    Signatory,
    WalkFinding,
)
from situations.models import Finding, Municipality, PoliceArea, Problem, Source, Survey

CHARTER = Param("charter")
REPORT = Param("report")
MUNICIPALITY = Param("municipality")

# --- A kommun's page -----------------------------------------------------------------------------

MUNICIPALITY_BY_SLUG = CompiledQuery(
    lambda: Municipality.objects.with_geography().filter(slug=Param("slug")).order_by()
)
# The kommuner of a charter's collaboration agreement, as one text: a subquery of
# the charter's own row rather than a query of its own (the page shows them as a list).
AGREEMENT_MUNICIPALITIES = Subquery(
    CollaborationAgreement.municipalities.through.objects.filter(
        collaborationagreement_id=OuterRef("agreement_id")
    )
    .order_by()
    .values("collaborationagreement_id")
    # One name a line, sorted by public_charters(): SQLite cannot order an aggregate.
    .annotate(names=StringAgg("municipality__name", delimiter=Value("\n")))
    .values("names")
)
# Its published and closed charters, newest first, with the agreement each rests on.
PUBLIC_CHARTERS = CompiledQuery(
    lambda: (
        Charter.objects.published()
        .filter(municipality_id=MUNICIPALITY)
        .select_related("police_area", "situation_report", "agreement__police_area")
        .annotate(agreement_municipalities=AGREEMENT_MUNICIPALITIES)
        .order_by("-period_start", "-id")
    )
)
# The LPOs it works with (none, one, or several as in Stockholm), by name.
POLICE_AREAS = CompiledQuery(
    lambda: (
        PoliceArea.objects.filter(municipalities=MUNICIPALITY)
        .select_related("district__region")
        .order_by("name", "id")
    )
)
COUNCIL_REPORTS = CompiledQuery(
    lambda: (
        CouncilReport.objects.published().filter(municipality_id=MUNICIPALITY).order_by("-year")
    )
)
OPEN_SURVEYS = CompiledQuery(
    lambda: (
        Survey.objects.open_on(Param("day"))
        .filter(municipality_id=MUNICIPALITY)
        .order_by("closes_on", "id")
    )
)

# --- A charter -----------------------------------------------------------------------------------

SIGNATORIES = CompiledQuery(
    lambda: Signatory.objects.filter(charter_id=CHARTER).order_by("order", "id")
)
CONTACTS = CompiledQuery(
    lambda: Contact.objects.filter(charter_id=CHARTER).order_by("order", "id")
)
PROMISES = CompiledQuery(
    lambda: Promise.objects.filter(charter_id=CHARTER).order_by("order", "id")
)
# The public activities; a safety walk comes with its activity, with how many of its findings
# are fixed and when they last changed.
ACTIVITIES = CompiledQuery(
    lambda: (
        Activity.objects.filter(promise__charter_id=CHARTER, is_public=True)
        .order_by("promise_id", "order", "id")
        .select_related("safety_walk")
        .annotate(
            walk_findings=Count("safety_walk__findings"),
            walk_fixed=Count(
                "safety_walk__findings",
                filter=Q(safety_walk__findings__status=WalkFinding.Status.DONE),
            ),
            walk_findings_changed=Max("safety_walk__findings__updated_at"),
        )
    )
)
# The pages show only the names of the focus areas and places: read as names.
FOCUS_AREAS = CompiledQuery(
    lambda: Promise.focus_areas.through.objects.filter(promise__charter_id=CHARTER).order_by(
        "focusarea__order", "focusarea__name", "focusarea_id"
    ),
    "promise_id",
    "focusarea__name",
)
PLACES = CompiledQuery(
    lambda: Activity.places.through.objects.filter(
        activity__promise__charter_id=CHARTER, activity__is_public=True
    ).order_by("place__name", "place_id"),
    "activity_id",
    "place__name",
)
INDICATORS = CompiledQuery(
    lambda: Indicator.objects.filter(promise__charter_id=CHARTER).order_by(
        "promise_id", "name", "id"
    )
)
MEASUREMENTS = CompiledQuery(
    lambda: Measurement.objects.filter(indicator__promise__charter_id=CHARTER).order_by(
        "indicator_id", "date", "id"
    )
)
PUBLISHED_ROUNDS = CompiledQuery(
    lambda: FollowUpRound.objects.filter(charter_id=CHARTER, published_at__isnull=False).order_by(
        "period_start", "id"
    )
)
LATEST_FIRST = ("-round__period_start", "-round_id", "-id")
# The latest follow-up in the charter's published rounds of each public activity and each
# promise (what a page shows), with when any of them last changed (its "last updated" counts
# the ones it does not show too); only the columns a page shows.
LATEST_FOLLOW_UPS = CompiledQuery(
    lambda: (
        FollowUp.objects.filter(round__charter_id=CHARTER, round__published_at__isnull=False)
        # A LEFT JOIN; exclude() would scan every non-public activity in a subquery.
        .filter(Q(activity__isnull=True) | Q(activity__is_public=True))
        .order_by()
        .only(
            "round_id",
            "activity_id",
            "promise_id",
            "status",
            "assessment",
            "narrative_public",
            "reason",
        )
        .annotate(
            rank=Window(
                RowNumber(),
                partition_by=[F("activity_id"), F("promise_id")],
                order_by=[F(name[1:]).desc() for name in LATEST_FIRST],
            ),
            changed=Window(Max("updated_at")),
        )
        .filter(rank=1)
    )
)
FINDINGS = CompiledQuery(
    lambda: (
        Finding.objects.filter(report_id=REPORT)
        .public()
        .select_related("source", "focus_area", "place")
        .order_by("order", "id")
    )
)
SOURCES = CompiledQuery(
    lambda: Source.objects.filter(report_id=REPORT, is_internal=False).order_by("date", "id")
)
PROBLEMS = CompiledQuery(
    lambda: Problem.objects.filter(report_id=REPORT).public().order_by("priority", "id")
)
# Which findings show each public problem of the report (a problem's findings are of its own
# report: its edit form checks it).
PROBLEM_FINDINGS = CompiledQuery(
    lambda: Problem.findings.through.objects.filter(
        problem__report_id=REPORT, problem__is_internal=False
    ).order_by(),
    "problem_id",
    "finding_id",
)
# The links between the charter's promises and its report's public problems; an internal
# problem, or one of another report, is not among them and stays unseen.
PROMISE_PROBLEMS = CompiledQuery(
    lambda: Promise.problems.through.objects.filter(
        promise__charter_id=CHARTER, problem__report_id=REPORT, problem__is_internal=False
    ).order_by(),
    "promise_id",
    "problem_id",
)
# The corrections of a published charter, newest first (its change log).
CORRECTIONS = CompiledQuery(
    lambda: CharterCorrection.objects.filter(charter_id=CHARTER).order_by("-made_at", "-id")
)
