"""What the tests share besides fixtures and factories: pages and forms read as a person would,
messages as a Swedish reader sees them, URLs, dates, constraint checks and the admin sample.

Fixtures live in the conftest.py files, factories in tests/<app>/factories.py.
"""

from __future__ import annotations

import csv
import datetime
import io
import os
import zoneinfo
from collections.abc import Iterator
from contextlib import contextmanager
from html.parser import HTMLParser

import pytest
from django import forms
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AnonymousUser, Group
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, models, transaction
from django.http import HttpResponse
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.html import escape

from followups.models import CouncilReport, FollowUp, FollowUpRound, Reminder, Review
from followups.notices.models import Announcement, Delivery, Subscription
from promises.models import (
    Activity,
    Charter,
    CharterCorrection,
    CollaborationAgreement,
    Contact,
    Indicator,
    Measurement,
    Promise,
    SafetyWalk,
    Signatory,
    WalkFinding,
)
from situations.models import (
    Answer,
    Choice,
    County,
    ExternalIdentity,
    Finding,
    FocusArea,
    Membership,
    Municipality,
    Observation,
    PageFeedback,
    Place,
    PoliceArea,
    PoliceDistrict,
    PoliceRegion,
    Problem,
    Question,
    ReferenceCoverage,
    ReportingOrganisation,
    Response,
    SituationReport,
    Source,
    Survey,
    Tip,
)
from tests.followups import factories as notice_factories
from tests.followups.factories import FollowUpFactory, FollowUpRoundFactory, ReviewFactory
from tests.promises.factories import (
    ActivityFactory,
    CharterFactory,
    CollaborationAgreementFactory,
    ContactFactory,
    IndicatorFactory,
    MeasurementFactory,
    PromiseFactory,
    SafetyWalkFactory,
    SignatoryFactory,
    WalkFindingFactory,
)
from tests.situations.factories import (
    ChoiceFactory,
    FindingFactory,
    FocusAreaFactory,
    ObservationFactory,
    PlaceFactory,
    ProblemFactory,
    QuestionFactory,
    ReportingOrganisationFactory,
    SituationReportFactory,
    SourceFactory,
    SurveyFactory,
)

# --- Forms as a browser submits them ---------------------------------------------------------


class FormParser(HTMLParser):
    """The fields of each form of a page, as a browser would submit them unchanged."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.forms: list[list[tuple[str, str]]] = []
        self._fields: list[tuple[str, str]] | None = None
        self._textarea: str | None = None
        self._text: list[str] = []
        self._select: str | None = None
        self._options: list[tuple[str, bool]] = []
        self._multiple = False

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form":
            self._fields = []
            return
        if self._fields is None or "disabled" in a:
            return
        name = a.get("name")
        if tag == "input" and name:
            kind = a.get("type", "text")
            if kind in ("checkbox", "radio"):
                if "checked" in a:
                    self._fields.append((name, a.get("value", "on")))
            elif kind not in ("submit", "button", "file", "reset"):
                self._fields.append((name, a.get("value", "")))
        elif tag == "textarea" and name:
            self._textarea, self._text = name, []
        elif tag == "select" and name:
            self._select, self._options, self._multiple = name, [], "multiple" in a
        elif tag == "option" and self._select is not None:
            self._options.append((a.get("value", ""), "selected" in a))

    def handle_data(self, data):
        if self._textarea is not None:
            self._text.append(data)

    def handle_endtag(self, tag):
        if self._fields is None:
            return
        if tag == "textarea" and self._textarea is not None:
            text = "".join(self._text)
            self._fields.append((self._textarea, text[1:] if text.startswith("\n") else text))
            self._textarea = None
        elif tag == "select" and self._select is not None:
            chosen = [value for value, selected in self._options if selected]
            if not chosen and not self._multiple and self._options:
                chosen = [self._options[0][0]]
            self._fields.extend((self._select, value) for value in chosen)
            self._select = None
        elif tag == "form":
            self.forms.append(self._fields)
            self._fields = None


def forms_of(response) -> list[list[tuple[str, str]]]:
    parser = FormParser()
    parser.feed(response.content.decode())
    return parser.forms


def form_data(response, containing: str = "csrfmiddlewaretoken", index: int | None = None) -> dict:
    """The fields of a form in the page's HTML that has a field named CONTAINING, as a dict:
    the one at INDEX among those, or else the one with the most fields (the page's main form).

    Fields that occur several times (checkboxes of a multiple choice) become lists.
    """
    candidates = [form for form in forms_of(response) if any(n == containing for n, _ in form)]
    fields = candidates[index] if index is not None else max(candidates, key=len)
    data: dict = {}
    for name, value in fields:
        if name in data:
            if not isinstance(data[name], list):
                data[name] = [data[name]]
            data[name].append(value)
        else:
            data[name] = value
    return data


def context_form_data(response: HttpResponse, *names: str) -> dict:
    """What the browser would send back unchanged from the bound forms and formsets NAMES of
    the response's context, rather than from its HTML.

    NAMES are paths in the response's context ("forms.form", "forms.sources", "formset");
    the page's version field is included.
    """
    data: dict = {}
    for name in names:
        obj = response.context
        for part in name.split("."):
            obj = obj[part] if hasattr(obj, "__getitem__") else getattr(obj, part)
        parts = [obj.management_form, *obj.forms] if hasattr(obj, "management_form") else [obj]
        for form in parts:
            for bound in form:
                value = bound.value()
                if isinstance(bound.field.widget, forms.CheckboxInput):
                    if value:
                        data[bound.html_name] = "on"
                    continue
                if getattr(bound.field.widget, "allow_multiple_selected", False):
                    # The test client sends a list as one value per item, as a browser does.
                    data[bound.html_name] = [str(item) for item in value or []]
                    continue
                data[bound.html_name] = "" if value is None else str(value)
    data["version"] = response.context["version"]["version"].value()
    return data


def field_errors(response: HttpResponse, form: forms.Form, name: str) -> str:
    """The HTML that crispy renders next to field NAME of FORM: its error block."""
    html = response.content.decode()
    marker = f'id="{form[name].auto_id}_error"'
    start = html.index(marker)
    return html[start : html.index("</div>", start)]


def get_json(client, url: str, **params) -> dict:
    """The JSON that URL answers with PARAMS, which must be a 200."""
    response = client.get(url, params)
    assert response.status_code == 200, response.content
    return response.json()


def csv_rows(response) -> list[list[str]]:
    """The rows of a CSV download, which must start with a byte order mark for Excel."""
    text = response.getvalue().decode("utf-8")
    assert text.startswith("\ufeff")
    return list(csv.reader(io.StringIO(text[1:]), delimiter=";"))


# --- Swedish messages ------------------------------------------------------------------------


def sv(message: str, **params) -> str:
    """MESSAGE as a Swedish reader sees it in a page's HTML: translated, HTML-escaped.

    Messages are compared with what gettext gives in Swedish, the site's default language, so
    the tests hold before and after the Swedish catalog has them.
    """
    with translation.override("sv"):
        text = translation.gettext(message)
    return escape(text % params if params else text)


def swedish_errors(instance: models.Model) -> dict[str, list[str]]:
    """The messages full_clean() gives a Swedish user, by field; empty when the row is valid."""
    with translation.override("sv"):
        try:
            instance.full_clean()
        except ValidationError as error:
            return error.message_dict
    return {}


# --- The clock -------------------------------------------------------------------------------

# The Redis the cache tests use (README, Configuration: TEST_REDIS_URL).
REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/0")

STOCKHOLM = zoneinfo.ZoneInfo("Europe/Stockholm")  # settings.TIME_ZONE
# Tests whose outcome depends on the date, the week or the hour travel to a fixed moment with
# time-machine, @pytest.mark.time_machine(WEDNESDAY_NOON, tick=False), so that they pass at
# any moment: noon on a Wednesday in Stockholm is far from midnight there and in UTC, and from
# the turn of a week or a year. tick=True where the test needs the clock to move from there
# (the latest of two rows is the one created last).
WEDNESDAY_NOON = datetime.datetime(2026, 12, 9, 12, 0, tzinfo=STOCKHOLM)


# --- URLs and dates --------------------------------------------------------------------------


def situations_url(name: str, municipality: Municipality) -> str:
    """The URL of the situations workspace page NAME of MUNICIPALITY ("places", "est_grid")."""
    return reverse(f"situations:{name}", kwargs={"slug": municipality.slug})


def public_kommun_url(municipality: Municipality) -> str:
    """The public page of MUNICIPALITY, where residents read its charter."""
    return reverse("public:municipality", kwargs={"slug": municipality.slug})


def this_year() -> tuple[datetime.date, datetime.date]:
    """The first and last day of the current year in Stockholm, the site's time zone."""
    year = timezone.localdate().year
    return datetime.date(year, 1, 1), datetime.date(year, 12, 31)


# --- Constraints -----------------------------------------------------------------------------


@contextmanager
def refused_by(model: type[models.Model], name: str) -> Iterator[None]:
    """Expect the database to refuse the write in the block because of constraint NAME."""
    constraint = next(c for c in model._meta.constraints if c.name == name)
    with pytest.raises(IntegrityError) as caught, transaction.atomic():
        yield
    if connection.vendor == "sqlite" and isinstance(constraint, models.UniqueConstraint):
        # SQLite names the columns of a unique index rather than the index.
        table = model._meta.db_table
        expected = ", ".join(
            f"{table}.{model._meta.get_field(field).column}" for field in constraint.fields
        )
    else:
        expected = name
    assert expected in str(caught.value)


# --- The role matrix for reading -------------------------------------------------------------

# (world attribute, reads unpublished content of kommun A, ... of kommun B): the role matrix
# of the README (Workspace) as the `world` fixture builds it.
READERS = [
    pytest.param("anonymous", False, False, id="anonymous_visitor_sees_no_draft"),
    pytest.param("coordinator", True, False, id="coordinator_of_the_kommun_sees_its_drafts"),
    pytest.param(
        "other_coordinator", False, True, id="coordinator_of_another_kommun_cannot_see_a_draft"
    ),
    pytest.param("police", True, False, id="police_of_the_lpo_sees_the_drafts"),
    pytest.param("other_police", False, True, id="police_of_another_lpo_cannot_see_a_draft"),
    pytest.param("police_manager", True, False, id="police_manager_of_the_lpo_sees_the_drafts"),
    pytest.param("district_manager", True, False, id="district_manager_sees_the_drafts"),
    pytest.param("reporter", False, False, id="reporter_cannot_see_a_draft"),
    pytest.param("viewer", True, False, id="viewer_of_the_kommun_sees_its_drafts"),
    pytest.param("superuser", True, True, id="superuser_sees_every_draft"),
    pytest.param("outsider", False, False, id="user_without_membership_cannot_see_a_draft"),
]


def user_in(world, role: str):
    """The user who plays ROLE in the world; "anonymous" is a visitor who is not logged in."""
    return AnonymousUser() if role == "anonymous" else getattr(world, role)


def charter_of(world, kommun: str, year: int, **kwargs) -> Charter:
    """A charter of kommun "a" or "b" of the world for a calendar year, under the kommun's LPO."""
    municipality, area = {
        "a": (world.municipality, world.police_area),
        "b": (world.other_municipality, world.other_police_area),
    }[kommun]
    return CharterFactory(
        municipality=municipality,
        police_area=area,
        period_start=datetime.date(year, 1, 1),
        period_end=datetime.date(year, 12, 31),
        **kwargs,
    )


# --- Indicators (tests/promises/test_indicator_*.py) ------------------------------------------


def indicators_url(charter: Charter) -> str:
    return reverse("promises:indicators", kwargs={"pk": charter.pk})


def indicator_create_url(promise: Promise) -> str:
    return reverse("promises:indicator_create", kwargs={"pk": promise.pk})


def indicator_edit_url(indicator: Indicator) -> str:
    return reverse("promises:indicator_edit", kwargs={"pk": indicator.pk})


def indicator_delete_url(indicator: Indicator) -> str:
    return reverse("promises:indicator_delete", kwargs={"pk": indicator.pk})


def indicator_history_url(indicator: Indicator) -> str:
    return reverse("promises:indicator_history", kwargs={"pk": indicator.pk})


def indicator_restore_url(indicator: Indicator, record) -> str:
    return reverse(
        "promises:indicator_restore",
        kwargs={
            "pk": indicator.pk,
            "model": record.instance_type._meta.model_name,
            "history_id": record.history_id,
        },
    )


def new_indicator_data(**fields) -> dict[str, str]:
    """The new indicator form filled in with "Trafikkontroller", changed by FIELDS."""
    return {
        "name": "Trafikkontroller",
        "unit": "st",
        "direction": Indicator.Direction.INCREASE,
        "baseline": "",
        "baseline_date": "",
        "target": "",
        "source": "",
        "description": "",
        "measurements-TOTAL_FORMS": "1",
        "measurements-INITIAL_FORMS": "0",
        "measurements-MIN_NUM_FORMS": "0",
        "measurements-MAX_NUM_FORMS": "500",
        "measurements-0-date": "",
        "measurements-0-value": "",
        "measurements-0-source": "",
        "measurements-0-note": "",
        **fields,
    }


def post_indicator_edit(client, indicator: Indicator, **changes):
    """Save INDICATOR's edit page as CLIENT loads it, with CHANGES made to the form."""
    data = form_data(client.get(indicator_edit_url(indicator)))
    data.update(changes)
    return client.post(indicator_edit_url(indicator), data)


# --- Follow-up rounds (tests/followups/test_round*.py) ----------------------------------------


def round_entry_url(setup) -> str:
    """The page where the round of SETUP (a RoundSetup) is entered."""
    return reverse(
        "followups:round_entry", kwargs={"pk": setup.charter.pk, "round_pk": setup.round.pk}
    )


def rounds_url(charter: Charter) -> str:
    return reverse("followups:rounds", kwargs={"pk": charter.pk})


def entry_row(prefix: str, obj, **fields) -> dict[str, str]:
    """FIELDS of OBJ's row on a round's entry page, as the form names them."""
    return {f"{prefix}-{obj.pk}-{name}": value for name, value in fields.items()}


# --- The admin -------------------------------------------------------------------------------


def admin_url(model: type[models.Model], view: str, *args) -> str:
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{view}", args=args)


def change_form_data(response) -> dict[str, str | list[str]]:
    """What a browser would post back from an admin change page left as it is."""
    forms_on_page = [response.context["adminform"].form]
    for inline in response.context["inline_admin_formsets"]:
        forms_on_page += [inline.formset.management_form, *inline.formset.forms]
    data: dict[str, str | list[str]] = {}
    for form in forms_on_page:
        for bound in form:
            widget = getattr(bound.field.widget, "widget", bound.field.widget)
            value = bound.value()
            if bound.field.disabled or isinstance(widget, forms.FileInput):
                continue
            if isinstance(widget, forms.MultiWidget):
                for suffix, part in zip(
                    widget.widgets_names, widget.decompress(value), strict=True
                ):
                    data[bound.html_name + suffix] = "" if part is None else str(part)
            elif isinstance(widget, forms.CheckboxInput):
                if value:
                    data[bound.html_name] = "on"
            elif isinstance(value, list | tuple):
                data[bound.html_name] = [str(item) for item in value]
            else:
                data[bound.html_name] = "" if value is None else str(value)
    return data


def build_sample(world) -> dict[type[models.Model], models.Model]:
    """One object of every registered model, linked so that every inline has a row to show."""
    municipality, area = world.municipality, world.police_area
    place = PlaceFactory(municipality=municipality, name="Resecentrum", slug="resecentrum")
    focus_area = FocusAreaFactory(name="Trafik", slug="trafik")
    report = SituationReportFactory(municipality=municipality, police_area=area)
    source = SourceFactory(report=report)
    finding = FindingFactory(
        report=report, source=source, focus_area=focus_area, place=place, value=60, unit="%"
    )
    problem = ProblemFactory(report=report, focus_area=focus_area)
    problem.places.add(place)
    problem.findings.add(finding)
    agreement = CollaborationAgreementFactory(police_area=area, municipalities=[municipality])
    SignatoryFactory(charter=None, agreement=agreement, name="Anna Polischef")
    charter = CharterFactory(
        municipality=municipality, police_area=area, agreement=agreement, situation_report=report
    )
    promise = PromiseFactory(charter=charter, title="Trafiken")
    promise.focus_areas.add(focus_area)
    activity = ActivityFactory(promise=promise)
    activity.places.add(place)
    indicator = IndicatorFactory(promise=promise)
    follow_up_round = FollowUpRoundFactory(charter=charter)
    follow_up = FollowUpFactory(round=follow_up_round, activity=activity, author=world.police)
    FollowUpFactory(round=follow_up_round, for_promise=True, promise=promise)
    walk = SafetyWalkFactory(activity=ActivityFactory(promise=promise, kind="safety_walk"))
    survey = SurveyFactory(municipality=municipality, created_by=world.coordinator)
    question = QuestionFactory(survey=survey, place=place)
    choice = ChoiceFactory(question__survey=survey)
    response = Response.objects.create(survey=survey, submitted_on=datetime.date(2025, 3, 2))
    answer = Answer.objects.create(response=response, question=question, scale=4)
    subscription = notice_factories.SubscriptionFactory(municipality=municipality)
    announcement = Announcement.objects.create(
        municipality=municipality, kind=Announcement.Kind.CHARTER, object_id=charter.pk
    )
    return {
        Group: Group.objects.create(name="Redaktörer"),
        get_user_model(): world.coordinator,
        PoliceRegion: area.district.region,
        County: municipality.county,
        PoliceDistrict: area.district,
        Municipality: municipality,
        PoliceArea: area,
        ReferenceCoverage: ReferenceCoverage.objects.create(
            area_key="A",
            district_key="Test",
            municipality_code=municipality.code,
            municipality_name=municipality.name,
            police_area=area,
            source_url="https://polisen.se/",
            as_of="2024",
        ),
        ReportingOrganisation: ReportingOrganisationFactory(
            municipality=municipality, name="Säffle bostäder"
        ),
        Membership: world.coordinator.memberships.get(),
        FocusArea: focus_area,
        Place: place,
        SituationReport: report,
        Source: source,
        Finding: finding,
        Problem: problem,
        CollaborationAgreement: agreement,
        Charter: charter,
        Signatory: SignatoryFactory(charter=charter),
        Contact: ContactFactory(charter=charter),
        CharterCorrection: CharterCorrection.objects.create(
            charter=charter, reason="Fel veckodag", party="municipality"
        ),
        Promise: promise,
        Activity: activity,
        Indicator: indicator,
        Measurement: MeasurementFactory(indicator=indicator, recorded_by=world.superuser),
        FollowUpRound: follow_up_round,
        FollowUp: follow_up,
        Review: ReviewFactory(follow_up=follow_up, reviewer=world.police),
        Reminder: Reminder.objects.create(
            user=world.coordinator, round=follow_up_round, sent_on=datetime.date(2021, 4, 16)
        ),
        Tip: Tip.objects.create(
            municipality=municipality, message="Det är mörkt vid resecentrum.", place=place
        ),
        CouncilReport: CouncilReport.objects.create(
            municipality=municipality, year=2021, foreword="Ett år av samverkan."
        ),
        Subscription: subscription,
        Announcement: announcement,
        Delivery: Delivery.objects.create(announcement=announcement, subscription=subscription),
        PageFeedback: PageFeedback.objects.create(page="/kommuner/kommun-a/", yes_count=3),
        Observation: ObservationFactory(
            municipality=municipality, place=place, reporter=world.reporter
        ),
        SafetyWalk: walk,
        WalkFinding: WalkFindingFactory(walk=walk, place=place),
        Survey: survey,
        Question: question,
        Choice: choice,
        Response: response,
        Answer: answer,
        ExternalIdentity: ExternalIdentity.objects.create(
            provider="saffle", subject="f3a1-77", user=world.coordinator
        ),
    }


# --- Browser tests ---------------------------------------------------------------------------

WCAG_21_AA = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}}


# A signatory for each party, as the police manager records them when approving.
SIGNATORIES = [
    ("Anna Ordförande", "Kommunstyrelsens ordförande", "municipality", "Kommun A"),
    ("Per Polischef", "Lokalpolisområdeschef", "police", "LPO A"),
]


def approve_with_the_browser(page, signatories=SIGNATORIES) -> None:
    """On the approval page, record SIGNATORIES (name, title, party, organisation), one per
    row, and approve: the charter is signed and published."""
    for row, (name, title, party, organisation) in enumerate(signatories):
        page.fill(f"[name='signatories-{row}-name']", name)
        page.fill(f"[name='signatories-{row}-title']", title)
        page.select_option(f"[name='signatories-{row}-party']", party)
        page.fill(f"[name='signatories-{row}-organisation']", organisation)
    page.get_by_role("button", name="Godkänn, registrera undertecknandet och publicera").click()
    page.get_by_text("Medborgarlöftet är godkänt").wait_for()


# Signing in with the browser, the second factor included, lives in tests/signing_in.py.
from tests.signing_in import log_in_with_the_browser, logged_in, totp_code  # noqa: E402, F401
