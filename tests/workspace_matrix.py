"""The role matrix of the workspace (docs/design.md, Roles): for every URL under /arbetsyta/,
the answer each role of the test world gets to GET and to POST, and the objects the URLs are
tried with. tests/test_workspace_permissions.py checks every URL against it; the fuzz tests
send hostile input to the same URLs.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.utils import timezone

from promises.models import Activity, Charter, Party
from situations.models import Answer, Question, Response, Tip, monday_of
from tests.followups.factories import FollowUpFactory, FollowUpRoundFactory, ReviewFactory
from tests.promises.factories import (
    ActivityFactory,
    CharterFactory,
    CollaborationAgreementFactory,
    IndicatorFactory,
    MeasurementFactory,
    PromiseFactory,
    SafetyWalkFactory,
    SignatoryFactory,
    WalkFindingFactory,
)
from tests.situations.factories import (
    ObservationFactory,
    PlaceFactory,
    QuestionFactory,
    ReportingOrganisationFactory,
    SituationReportFactory,
    SourceFactory,
    SurveyFactory,
)

ROLES = [
    "anonymous",
    "coordinator",
    "other_coordinator",
    "police",
    "other_police",
    "police_manager",
    "reporter",
    "viewer",
    "superuser",
]
LOGIN = "login"  # a redirect to the login page
OK = (200, 302)  # the page, or a redirect after the step was taken


def answers(ok=(), forbidden=(), hidden=(), **status) -> dict:
    """Expected answers per role: OK roles get 200/302, FORBIDDEN 403, HIDDEN 404."""
    result = {"anonymous": LOGIN}
    result.update(dict.fromkeys(ok, OK))
    result.update(dict.fromkeys(forbidden, 403))
    result.update(dict.fromkeys(hidden, 404))
    result.update(status)
    missing = set(ROLES) - set(result)
    assert not missing, f"no answer for {missing}"
    return result


EVERYONE = ROLES[1:]
OTHERS = ("other_coordinator", "other_police", "reporter")

# A draft of the kommun: readable by its readers, hidden from everyone else.
READ_DRAFT = answers(
    ok=("coordinator", "police", "police_manager", "viewer", "superuser"), hidden=OTHERS
)
EDIT_AS_COORDINATOR = answers(
    ok=("coordinator", "superuser"),
    forbidden=("police", "police_manager", "viewer"),
    hidden=OTHERS,
)
EDIT_JOINTLY = answers(
    ok=("coordinator", "police", "police_manager", "superuser"),
    forbidden=("viewer",),
    hidden=OTHERS,
)
MANAGER_STEP = answers(
    ok=("police_manager", "superuser"),
    forbidden=("coordinator", "police", "viewer"),
    hidden=OTHERS,
)
# A published charter is public, so everyone logged in sees it: refusals are 403.
MANAGER_STEP_ON_PUBLIC = answers(
    ok=("police_manager", "superuser"),
    forbidden=("coordinator", "police", "viewer", *OTHERS),
)
CLOSE_PUBLIC = answers(
    ok=("coordinator", "police_manager", "superuser"),
    forbidden=("police", "viewer", *OTHERS),
)
RENEW_PUBLIC = answers(
    ok=("coordinator", "superuser"),
    forbidden=("police", "police_manager", "viewer", *OTHERS),
)
# Kommuner are public: a user without a role there gets 403.
READ_KOMMUN = answers(
    ok=("coordinator", "police", "police_manager", "viewer", "superuser"), forbidden=OTHERS
)
EDIT_KOMMUN = answers(
    ok=("coordinator", "police", "police_manager", "superuser"),
    forbidden=("viewer", *OTHERS),
)
# Tips are never public: only the kommun's coordinator reads them.
TIPS = answers(
    ok=("coordinator", "superuser"),
    hidden=("police", "police_manager", "viewer", *OTHERS),
)
COORDINATOR_OF_KOMMUN = answers(
    ok=("coordinator", "superuser"),
    forbidden=("police", "police_manager", "viewer", *OTHERS),
)
# Every follow-up of the kommuner one reads; a reporter reads none, so the page is 403.
REVIEW_DASHBOARD = answers(
    ok=tuple(role for role in EVERYONE if role != "reporter"), forbidden=("reporter",)
)
# EST: a kommun's reporters report; others are refused (kommuner are public: 403).
REPORTER_OF_KOMMUN = answers(
    ok=("reporter", "superuser"),
    forbidden=(
        "coordinator",
        "other_coordinator",
        "police",
        "other_police",
        "police_manager",
        "viewer",
    ),
)
# A reporter's own observation: its readers see it in the grid (403), others never (404).
OWN_OBSERVATION = answers(
    ok=("reporter", "superuser"),
    forbidden=("coordinator", "police", "police_manager", "viewer"),
    hidden=("other_coordinator", "other_police"),
)
# An agreement of kommun A and LPO A: its coordinator and police manager change it.
EDIT_AGREEMENT = answers(
    ok=("coordinator", "police_manager", "superuser"),
    forbidden=("police", "viewer"),
    hidden=OTHERS,
)
# Who coordinates a kommun or manages an LPO starts agreements; the others may not.
START_AGREEMENT = answers(
    ok=("coordinator", "other_coordinator", "police_manager", "superuser"),
    forbidden=("police", "other_police", "viewer", "reporter"),
)
GET_ONLY = 405


@dataclass
class Rule:
    kwargs: str  # the Objects attribute whose kwargs the URL takes
    get: dict
    post: dict = field(default_factory=dict)

    def __post_init__(self):
        if not self.post:
            self.post = self.get


def post_only(kwargs: str, post: dict) -> Rule:
    """A step taken only by POST: GET is 405 for everyone logged in, before any lookup, so
    it gives nothing away.
    """
    return Rule(kwargs, get=answers(**dict.fromkeys(EVERYONE, GET_ONLY)), post=post)


def read_only(kwargs: str, get: dict) -> Rule:
    """A page that only shows: POST is 405 for everyone logged in, before any lookup."""
    return Rule(kwargs, get=get, post=answers(**dict.fromkeys(EVERYONE, GET_ONLY)))


RULES: dict[str, Rule] = {
    "followups:dashboard": read_only("none", answers(ok=EVERYONE)),
    "followups:municipality_workspace": read_only("kommun", READ_KOMMUN),
    "followups:charter_preview": read_only("draft", READ_DRAFT),
    # An unpublished round is internal: its kommun's readers see it, others get 404.
    "followups:round_publish": Rule("round", EDIT_AS_COORDINATOR),
    "followups:round_csv": read_only("round", READ_DRAFT),
    # The council report of the published charter's year: its readers read it (drafts too),
    # its coordinator writes the foreword and publishes it.
    "followups:council_report": Rule("council", READ_KOMMUN, post=COORDINATOR_OF_KOMMUN),
    "followups:council_report_csv": read_only("council", READ_KOMMUN),
    # Its bulk review is posted by those who review somewhere; a viewer only reads.
    "followups:review": Rule(
        "none",
        REVIEW_DASHBOARD,
        post=answers(
            ok=tuple(role for role in EVERYONE if role not in ("reporter", "viewer")),
            forbidden=("reporter", "viewer"),
        ),
    ),
    # The area at a glance reads the same kommuner as the review dashboard.
    "followups:area": read_only("none", REVIEW_DASHBOARD),
    # An internal follow-up (its round's report is not published): its readers read it, the
    # police and the coordinator review it, a viewer may not.
    "followups:follow_up": Rule("follow_up", get=READ_DRAFT, post=EDIT_JOINTLY),
    "followups:follow_up_history": read_only("follow_up", READ_DRAFT),
    # Put back by those who enter it: the follow-up is of a police promise's activity.
    "followups:follow_up_restore": post_only("follow_up_record", EDIT_JOINTLY),
    "followups:rounds": read_only("draft", READ_DRAFT),
    # Read by the kommun's readers; entered by those who edit a promise (the page's rows).
    "followups:round_entry": Rule("draft_round", get=READ_DRAFT, post=EDIT_JOINTLY),
    "promises:charter_create": Rule("kommun", COORDINATOR_OF_KOMMUN),
    # An import is a new charter: whoever may start one for the kommun.
    "followups:charter_import": Rule("kommun", COORDINATOR_OF_KOMMUN),
    "promises:charter": read_only("draft", READ_DRAFT),
    "promises:charter_edit": Rule("draft", EDIT_AS_COORDINATOR),
    "promises:promises_edit": Rule("draft", EDIT_JOINTLY),
    "promises:promise_create": Rule("draft", EDIT_JOINTLY),
    # The draft's promise is the police's: the police edit it as the coordinator does.
    "promises:promise_edit": Rule("promise", EDIT_JOINTLY),
    # The checklist before review, and the step it ends with.
    "promises:charter_submit": Rule("draft", EDIT_AS_COORDINATOR),
    "promises:charter_send_back": post_only("review", MANAGER_STEP),
    "promises:charter_approve": Rule("review", MANAGER_STEP),
    "promises:charter_withdraw": Rule("published", MANAGER_STEP_ON_PUBLIC),
    "promises:charter_close": post_only("published", CLOSE_PUBLIC),
    # Who may start a charter may start the next one from a published charter.
    "promises:charter_renew": post_only("published", RENEW_PUBLIC),
    "promises:charter_history": read_only("draft", READ_DRAFT),
    "promises:charter_restore": post_only("charter_record", EDIT_AS_COORDINATOR),
    "promises:indicators": read_only("draft", READ_DRAFT),
    "promises:indicator_create": Rule("promise", EDIT_JOINTLY),
    "promises:indicator_edit": Rule("indicator", EDIT_JOINTLY),
    "promises:indicator_delete": Rule("indicator", EDIT_JOINTLY),
    "promises:indicator_history": read_only("indicator", READ_DRAFT),
    "promises:indicator_restore": post_only("indicator_record", EDIT_JOINTLY),
    # Collaboration agreements: listed for whoever reads a kommun, read by the readers of its
    # kommuner (it rests under no public charter: others get 404), changed by its kommuner's
    # coordinators and its LPO's police managers, who also link charters to it.
    "promises:agreements": read_only("none", REVIEW_DASHBOARD),
    "promises:agreement_create": Rule("none", START_AGREEMENT),
    "promises:agreement": read_only("agreement", READ_DRAFT),
    "promises:agreement_edit": Rule("agreement", EDIT_AGREEMENT),
    "promises:agreement_charters": post_only("agreement", EDIT_AGREEMENT),
    "promises:agreement_history": read_only("agreement", READ_DRAFT),
    "situations:report_create": Rule("kommun", EDIT_KOMMUN),
    "situations:report_edit": Rule("report", EDIT_JOINTLY),
    "situations:report_publish": post_only("report", EDIT_JOINTLY),
    "situations:report_history": read_only("report", READ_DRAFT),
    "situations:report_restore": post_only("report_record", EDIT_JOINTLY),
    "situations:places": Rule("kommun", EDIT_KOMMUN),
    "situations:places_history": read_only("kommun", READ_KOMMUN),
    "situations:places_restore": post_only("place_record", EDIT_KOMMUN),
    "situations:tips": read_only("kommun", TIPS),
    "situations:tip_handle": post_only("tip", TIPS),
    "situations:est_report": Rule("kommun", REPORTER_OF_KOMMUN),
    "situations:est_observation_edit": Rule("observation", OWN_OBSERVATION),
    "situations:est_grid": read_only("kommun", READ_KOMMUN),
    # Read by the kommun's readers; attached to a lägesbild by those who edit it.
    "situations:est_summary": Rule("kommun", get=READ_KOMMUN, post=EDIT_KOMMUN),
    "situations:est_organisations": Rule("kommun", COORDINATOR_OF_KOMMUN),
    "situations:est_organisation_edit": Rule("organisation", EDIT_AS_COORDINATOR),
    # A walk of the published charter's police promise: recorded by those who edit it.
    "promises:safety_walk": Rule("walk_activity", EDIT_KOMMUN),
    "promises:safety_walk_history": read_only("walk_activity", READ_KOMMUN),
    "promises:safety_walk_restore": post_only("walk_record", EDIT_KOMMUN),
    # Surveys: the kommun's coordinator builds them; its readers read the results; those who
    # edit the lägesbild use them there; free texts are the coordinator's alone.
    "situations:surveys": read_only("kommun", READ_KOMMUN),
    "situations:survey_create": Rule("kommun", COORDINATOR_OF_KOMMUN),
    "situations:survey_edit": Rule("survey", EDIT_AS_COORDINATOR),
    "situations:survey_publish": post_only("survey", EDIT_AS_COORDINATOR),
    "situations:survey_close": post_only("survey", EDIT_AS_COORDINATOR),
    "situations:survey_copy": post_only("survey", EDIT_AS_COORDINATOR),
    "situations:survey_history": read_only("survey", READ_DRAFT),
    "situations:survey_results": read_only("survey", READ_DRAFT),
    "situations:survey_free_text": read_only("survey_question", EDIT_AS_COORDINATOR),
    "situations:survey_csv": read_only("survey", READ_DRAFT),
    "situations:survey_attach": Rule("survey", EDIT_JOINTLY),
    "situations:survey_finding": Rule("survey", EDIT_JOINTLY),
}


@dataclass
class Objects:
    """One of everything a workspace URL points at, in kommun A (covered by LPO A)."""

    kommun: dict
    draft: dict
    review: dict
    published: dict
    charter_record: dict
    promise: dict
    indicator: dict
    indicator_record: dict
    report: dict
    report_record: dict
    place_record: dict
    tip: dict
    round: dict
    follow_up: dict
    follow_up_record: dict
    draft_round: dict
    observation: dict
    organisation: dict
    walk_activity: dict
    walk_record: dict
    survey: dict
    survey_question: dict
    council: dict
    agreement: dict
    none: dict = field(default_factory=dict)


def workspace_objects(world) -> Objects:
    """One object of each kind a workspace URL names, in kommun A of WORLD."""

    def charter(year: int, **kwargs) -> Charter:
        created = CharterFactory(
            municipality=world.municipality,
            police_area=world.police_area,
            period_start=datetime.date(year, 1, 1),
            period_end=datetime.date(year, 12, 31),
            **kwargs,
        )
        PromiseFactory(charter=created, owner=Party.POLICE, order=1)
        return created

    draft = charter(2027)
    review = charter(2026, status=Charter.Status.REVIEW)
    published = charter(
        2025,
        status=Charter.Status.PUBLISHED,
        signed_on=datetime.date(2025, 1, 10),
        published_at=timezone.now(),
    )
    report = SituationReportFactory(municipality=world.municipality)
    SourceFactory(report=report)
    place = PlaceFactory(municipality=world.municipality)
    tip = Tip.objects.create(municipality=world.municipality, message="Lampan är trasig.")
    indicator = IndicatorFactory(promise=draft.promises.get())
    MeasurementFactory(indicator=indicator)
    # A round of the published charter, complete and reviewed: ready for its report.
    round_ = FollowUpRoundFactory(
        charter=published,
        period_start=datetime.date(2025, 1, 1),
        period_end=datetime.date(2025, 4, 30),
        due_on=datetime.date(2025, 5, 15),
    )
    ReviewFactory(
        follow_up=FollowUpFactory(round=round_, for_promise=True, promise=published.promises.get())
    )
    # A follow-up of an activity in that round, approved too, so the round stays complete.
    # Explicit orders: the factories' sequences grow through the suite, past what the promises
    # page accepts (1–999), and the fuzz tests save these pages as they are loaded.
    follow_up = FollowUpFactory(
        round=round_, activity__promise=published.promises.get(), activity__order=1
    )
    ReviewFactory(follow_up=follow_up)
    draft_round = FollowUpRoundFactory(
        charter=draft,
        period_start=datetime.date(2027, 1, 1),
        period_end=datetime.date(2027, 6, 30),
        due_on=datetime.date(2027, 7, 31),
    )
    FollowUpFactory(
        round=draft_round, activity=ActivityFactory(promise=draft.promises.get(), order=1)
    )
    organisation = ReportingOrganisationFactory(municipality=world.municipality, name="Skolan")
    observation = ObservationFactory(
        municipality=world.municipality,
        place=place,
        organisation=organisation,
        reporter=world.reporter,
        week=monday_of(timezone.localdate()),
    )
    walk_activity = ActivityFactory(
        promise=published.promises.get(), kind=Activity.Kind.SAFETY_WALK, order=2
    )
    agreement = CollaborationAgreementFactory(
        police_area=world.police_area,
        municipalities=[world.municipality],
        period_start=datetime.date(2027, 1, 1),
        period_end=datetime.date(2027, 12, 31),
    )
    SignatoryFactory(charter=None, agreement=agreement, party=Party.POLICE, order=1)
    draft.agreement = agreement
    draft.save()
    walk_finding = WalkFindingFactory(walk=SafetyWalkFactory(activity=walk_activity))
    # A draft survey with a free-text question and one answer (made as the service would).
    survey = SurveyFactory(municipality=world.municipality, draft=True)
    free_text = QuestionFactory(survey=survey, kind=Question.Kind.FREE_TEXT)
    answer = Answer(question=free_text, text="Mer ljus i parken.")
    answer.response = Response.objects.create(survey=survey, submitted_on=datetime.date.today())
    answer.save()
    return Objects(
        kommun={"slug": world.municipality.slug},
        draft={"pk": draft.pk},
        review={"pk": review.pk},
        published={"pk": published.pk},
        charter_record={
            "pk": draft.pk,
            "model": "charter",
            "history_id": draft.history.earliest().history_id,
        },
        promise={"pk": indicator.promise_id},
        indicator={"pk": indicator.pk},
        indicator_record={
            "pk": indicator.pk,
            "model": "indicator",
            "history_id": indicator.history.earliest().history_id,
        },
        report={"pk": report.pk},
        report_record={
            "pk": report.pk,
            "model": "situationreport",
            "history_id": report.history.earliest().history_id,
        },
        place_record={
            "slug": world.municipality.slug,
            "model": "place",
            "history_id": place.history.earliest().history_id,
        },
        tip={"pk": tip.pk},
        round={"round_pk": round_.pk},
        follow_up={"pk": follow_up.pk},
        follow_up_record={
            "pk": follow_up.pk,
            "history_id": follow_up.history.earliest().history_id,
        },
        draft_round={"pk": draft.pk, "round_pk": draft_round.pk},
        observation={"pk": observation.pk},
        organisation={"pk": organisation.pk},
        walk_activity={"pk": walk_activity.pk},
        walk_record={
            "pk": walk_activity.pk,
            "model": "walkfinding",
            "history_id": walk_finding.history.earliest().history_id,
        },
        survey={"pk": survey.pk},
        survey_question={"pk": survey.pk, "question_pk": free_text.pk},
        council={"slug": world.municipality.slug, "year": 2025},
        agreement={"pk": agreement.pk},
    )
