"""Who may see and change what in the situations app.

The roles a user holds over one kommun (roles_in) are the start of every answer here; which
kommuner and LPOs a user covers are queryset methods, Municipality.objects.in_scope() and
PoliceArea.objects.in_scope(), so that the models need not ask this module.

The workspace pages of this app ask the helpers at the end (docs/design.md, Roles):

- a lägesbild with its sources and findings, and the kommun's places: the coordinator of the
  kommun, police and police managers of an LPO that covers it (the lägesbild is joint work),
  and superusers edit them; viewers read them;
- a draft lägesbild is seen only by those who read the kommun; published ones, places and
  kommuner are public, so others get 403 there rather than 404;
- tips from residents: only the kommun's coordinator (and superusers). The privacy notice
  tells residents that the municipality handles their tip and shares it with the police only
  when needed, so no one else learns that a tip exists: 404;
- EST: the kommun's reporters submit observations and see and change only their own; those who
  read the kommun see every observation in the grid and the quarterly summary, and those who
  edit the lägesbild attach a summary to it; the coordinator manages the reporting
  organisations and sees which reporters belong to which;
- surveys: the kommun's coordinator builds, publishes, closes and copies them and reads the
  free-text answers; everyone who reads the kommun reads the results; those who edit the
  lägesbild (coordinator, police, police managers) make a source and findings of them. Others
  get 404 for a survey, 403 for the kommun's list.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import Http404, HttpRequest
from django.shortcuts import get_object_or_404

from situations.models import (
    Membership,
    Municipality,
    Observation,
    PoliceArea,
    ReportingOrganisation,
    SituationReport,
    Survey,
    Tip,
)

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractBaseUser, AnonymousUser


def roles_in(user: AbstractBaseUser | AnonymousUser, municipality: Municipality) -> set[str]:
    """The roles USER holds over MUNICIPALITY, directly or through its LPOs and districts.

    A superuser holds every role everywhere. One query.
    """
    if not user.is_authenticated:
        return set()
    if user.is_superuser:
        return {role.value for role in Membership.Role}
    return set(
        Membership.objects.filter(user=user)
        .filter(
            Q(municipality=municipality)
            | Q(police_area__municipalities=municipality)
            | Q(police_district__areas__municipalities=municipality)
        )
        .values_list("role", flat=True)
        .distinct()
    )


def roles_by_municipality(
    user: AbstractBaseUser | AnonymousUser, municipality_ids: Iterable[int]
) -> dict[int, frozenset[str]]:
    """The roles USER holds over each of MUNICIPALITY_IDS, as roles_in() answers for one.

    For a page that acts on many kommuner' objects at once: two queries, however many.
    """
    ids = set(municipality_ids)
    if not user.is_authenticated:
        return dict.fromkeys(ids, frozenset())
    if user.is_superuser:
        return dict.fromkeys(ids, frozenset(role.value for role in Membership.Role))
    memberships = list(
        Membership.objects.filter(user=user).values_list(
            "role", "municipality_id", "police_area_id", "police_district_id"
        )
    )
    roles: dict[int, set[str]] = {pk: set() for pk in ids}
    if not memberships or not ids:
        return {pk: frozenset(found) for pk, found in roles.items()}
    covering = PoliceArea.municipalities.through.objects.filter(
        municipality_id__in=ids
    ).values_list("municipality_id", "policearea_id", "policearea__district_id")
    areas: dict[int, set[int]] = {pk: set() for pk in ids}
    districts: dict[int, set[int]] = {pk: set() for pk in ids}
    for municipality_id, area_id, district_id in covering:
        areas[municipality_id].add(area_id)
        districts[municipality_id].add(district_id)
    for role, municipality_id, area_id, district_id in memberships:
        for pk in ids:
            if municipality_id == pk or area_id in areas[pk] or district_id in districts[pk]:
                roles[pk].add(role)
    return {pk: frozenset(found) for pk, found in roles.items()}


def may_read(roles: set[str]) -> bool:
    """Whether ROLES let a user read everything of a municipality, drafts included."""
    return bool(roles & Membership.READ_ROLES)


def may_edit(roles: set[str]) -> bool:
    """Whether ROLES let a user edit a municipality's shared content (the lägesbild, places)."""
    return bool(roles & Membership.EDIT_ROLES)


def check(allowed: bool, visible: bool) -> None:
    """The answer of every workspace object (docs/design.md, Roles).

    404 for what the user may not see, so that its existence is not given away; 403 for what
    they may see but not change.
    """
    if allowed:
        return
    if not visible:
        raise Http404
    raise PermissionDenied


# --- Workspace objects of this app -----------------------------------------------------------

COORDINATOR = Membership.Role.COORDINATOR.value
REPORTER = Membership.Role.REPORTER.value


@dataclass(frozen=True)
class ReportAccess:
    """What one user may do with one lägesbild."""

    report: SituationReport
    roles: frozenset[str]

    @property
    def can_view(self) -> bool:
        """Whether the report exists for the user at all: published, or a reader's draft."""
        return self.report.status == SituationReport.Status.PUBLISHED or self.can_read

    @property
    def can_read(self) -> bool:
        """The workspace pages (history with internal sources, drafts)."""
        return may_read(self.roles)

    @property
    def can_edit(self) -> bool:
        """The texts, sources and findings, publishing and restoring."""
        return may_edit(self.roles)


def report_access(user: AbstractBaseUser | AnonymousUser, report: SituationReport) -> ReportAccess:
    return ReportAccess(report, frozenset(roles_in(user, report.municipality)))


def get_report(request: HttpRequest, pk: int, need: str, *, for_update=False) -> ReportAccess:
    """The lägesbild PK with what the user may do, if they may do NEED ("can_…"), else 404/403.

    With FOR_UPDATE the report's row is locked until the transaction ends, so that two saves
    of its page (texts, sources, findings) take turns.
    """
    reports = SituationReport.objects.select_related("municipality", "police_area")
    if for_update:
        reports = reports.select_for_update(of=("self",))
    report = get_object_or_404(reports, pk=pk)
    access = report_access(request.user, report)
    check(getattr(access, need), access.can_view)
    return access


def get_report_for_view(request: HttpRequest, pk: int) -> ReportAccess:
    """The workspace pages of a lägesbild that only read, such as its history."""
    return get_report(request, pk, "can_read")


def get_report_for_edit(request: HttpRequest, pk: int, *, for_update=False) -> ReportAccess:
    """The edit page of a lägesbild, its publishing and its restores."""
    return get_report(request, pk, "can_edit", for_update=for_update)


def get_municipality(request: HttpRequest, slug: str, *, edit: bool, for_update=False):
    """The public kommun SLUG with the user's roles there; 403 unless they may read (or EDIT)."""
    municipalities = Municipality.objects.all()
    if for_update:
        municipalities = municipalities.select_for_update()
    municipality = get_object_or_404(municipalities, slug=slug)
    roles = roles_in(request.user, municipality)
    check(may_edit(roles) if edit else may_read(roles), visible=True)
    return municipality, frozenset(roles)


def get_municipality_for_view(request: HttpRequest, slug: str) -> Municipality:
    """A kommun's workspace pages that only read, such as the history of its places."""
    return get_municipality(request, slug, edit=False)[0]


def get_municipality_for_edit(
    request: HttpRequest, slug: str, *, for_update=False
) -> Municipality:
    """A kommun whose shared content (a new lägesbild, its places) the user changes.

    With FOR_UPDATE the kommun's row is locked until the transaction ends: the places page
    edits many rows, and this one lock makes two saves of it take turns.
    """
    return get_municipality(request, slug, edit=True, for_update=for_update)[0]


def may_handle_tips(roles: set[str] | frozenset[str]) -> bool:
    return COORDINATOR in roles


def get_municipality_for_tips(request: HttpRequest, slug: str) -> Municipality:
    """The kommun whose tips inbox the user opens: its coordinator's, else 404."""
    municipality = get_object_or_404(Municipality, slug=slug)
    check(may_handle_tips(roles_in(request.user, municipality)), visible=False)
    return municipality


def get_tip_for_handling(request: HttpRequest, pk: int) -> Tip:
    """A tip the user marks handled or reopens: the kommun's coordinator's, else 404."""
    tip = get_object_or_404(Tip.objects.select_related("municipality"), pk=pk)
    check(may_handle_tips(roles_in(request.user, tip.municipality)), visible=False)
    return tip


# --- EST ------------------------------------------------------------------------------------


def get_municipality_for_reporting(request: HttpRequest, slug: str) -> Municipality:
    """The kommun a reporter submits EST observations for; kommuner are public, so others 403."""
    municipality = get_object_or_404(Municipality, slug=slug)
    check(REPORTER in roles_in(request.user, municipality), visible=True)
    return municipality


def reporter_organisation(
    user: AbstractBaseUser | AnonymousUser, municipality: Municipality
) -> ReportingOrganisation | None:
    """The organisation USER reports for in MUNICIPALITY, if their membership names one."""
    membership = (
        Membership.objects.filter(user=user, role=REPORTER, municipality=municipality)
        .select_related("organisation")
        .first()
    )
    return membership.organisation if membership else None


def get_observation_for_edit(request: HttpRequest, pk: int) -> Observation:
    """An observation its own reporter changes; the kommun's readers see it (403), others 404."""
    observation = get_object_or_404(
        Observation.objects.select_related("municipality", "place", "organisation"), pk=pk
    )
    roles = roles_in(request.user, observation.municipality)
    own = observation.reporter_id == request.user.pk and REPORTER in roles
    check(own or request.user.is_superuser, visible=may_read(roles))
    return observation


def get_municipality_for_organisations(request: HttpRequest, slug: str) -> Municipality:
    """The kommun whose reporting organisations the user manages: its coordinator's."""
    municipality = get_object_or_404(Municipality, slug=slug)
    check(COORDINATOR in roles_in(request.user, municipality), visible=True)
    return municipality


def get_organisation_for_edit(request: HttpRequest, pk: int) -> ReportingOrganisation:
    """A reporting organisation its kommun's coordinator edits; readers 403, others 404."""
    organisation = get_object_or_404(
        ReportingOrganisation.objects.select_related("municipality"), pk=pk
    )
    roles = roles_in(request.user, organisation.municipality)
    check(COORDINATOR in roles, visible=may_read(roles))
    return organisation


# --- Surveys ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class SurveyAccess:
    """What one user may do with one survey."""

    survey: Survey
    roles: frozenset[str]

    @property
    def can_read(self) -> bool:
        """The results, the figures and the CSV."""
        return may_read(self.roles)

    @property
    def can_edit(self) -> bool:
        """The texts and questions; publishing, closing, copying."""
        return COORDINATOR in self.roles

    @property
    def can_read_free_text(self) -> bool:
        """What residents wrote in their own words: only the coordinator, like tips."""
        return COORDINATOR in self.roles

    @property
    def can_use_in_report(self) -> bool:
        """A source and findings in a lägesbild, which those who edit the lägesbild write."""
        return may_edit(self.roles)


def get_survey(request: HttpRequest, pk: int, need: str, *, for_update=False) -> SurveyAccess:
    """The survey PK with what the user may do, if they may do NEED ("can_…"), else 404/403."""
    surveys = Survey.objects.select_related("municipality")
    if for_update:
        surveys = surveys.select_for_update(of=("self",))
    survey = get_object_or_404(surveys, pk=pk)
    access = SurveyAccess(survey, frozenset(roles_in(request.user, survey.municipality)))
    check(getattr(access, need), access.can_read)
    return access


def get_survey_for_view(request: HttpRequest, pk: int) -> SurveyAccess:
    return get_survey(request, pk, "can_read")


def get_survey_for_edit(request: HttpRequest, pk: int, *, for_update=False) -> SurveyAccess:
    return get_survey(request, pk, "can_edit", for_update=for_update)


def get_municipality_for_surveys(request: HttpRequest, slug: str, *, create: bool):
    """The kommun whose surveys the user lists (its readers) or adds to (its coordinator),
    with the user's roles there; 403 otherwise (kommuner are public).
    """
    municipality = get_object_or_404(Municipality, slug=slug)
    roles = frozenset(roles_in(request.user, municipality))
    check(COORDINATOR in roles if create else may_read(roles), visible=True)
    return municipality, roles
