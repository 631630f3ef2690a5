"""Kommuner and charters as plain dicts in the open data schema, version 1.

charter_export() holds exactly what residents may read on the charter page: public activities,
public sources and findings of a published situation report, follow-ups of published rounds,
and never an internal narrative.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Callable, Iterable
from decimal import Decimal
from typing import Any

from django.db.models import Prefetch, prefetch_related_objects
from django.urls import reverse
from django.utils import timezone

from followups.models import FollowUp
from followups.progress import LinkShares
from followups.public import reads
from followups.public.display import ActivityView
from followups.public.selectors import (
    CharterFigures,
    CharterPage,
    load_charter_page,
)
from promises.models import Charter, Indicator, current_of
from situations.models import Municipality, Place, Problem, SituationReport

SCHEMA_VERSION = 1

UrlBuilder = Callable[[str], str]


def _as_is(path: str) -> str:
    return path


def _date(value: datetime.date | None) -> str | None:
    return value.isoformat() if value else None


def _datetime(value: datetime.datetime | None) -> str | None:
    return timezone.localtime(value).isoformat() if value else None


def _number(value: Decimal | None) -> int | float | None:
    """A decimal as a JSON number: 60 rather than "60.00"; at most 12 digits, so exact."""
    if value is None:
        return None
    return int(value) if value == value.to_integral_value() else float(value)


def _period(obj: Any) -> dict:
    return {"start": _date(obj.period_start), "end": _date(obj.period_end)}


def charter_path(charter: Charter, municipality: Municipality) -> str:
    """The charter's public page, without loading its municipality again."""
    return reverse("public:charter_detail", kwargs={"slug": municipality.slug, "pk": charter.pk})


def charter_api_path(charter: Charter) -> str:
    return reverse("opendata:api_charter", kwargs={"pk": charter.pk})


def current_charters(charters: Iterable[Charter]) -> dict[int, Charter]:
    """For each municipality, the charter current_of() picks among CHARTERS, in one pass."""
    by_municipality: dict[int, list[Charter]] = defaultdict(list)
    for charter in charters:
        by_municipality[charter.municipality_id].append(charter)
    today = timezone.localdate()
    return {
        municipality_id: current
        for municipality_id, group in by_municipality.items()
        if (current := current_of(group, today)) is not None
    }


def municipality_dict(
    municipality: Municipality, *, current: Charter | None, absolute: UrlBuilder = _as_is
) -> dict:
    """A kommun with its county, police region and current charter; needs with_geography()."""
    county = municipality.county
    region = county.police_region
    return {
        "code": municipality.code,
        "name": municipality.name,
        "slug": municipality.slug,
        "county": {"code": county.code, "name": county.name},
        "police_region": {"name": region.name, "slug": region.slug},
        "url": absolute(municipality.get_absolute_url()),
        "api_url": absolute(
            reverse("opendata:api_municipality", kwargs={"slug": municipality.slug})
        ),
        "current_charter": None
        if current is None
        else {
            "id": current.pk,
            "title": current.title,
            "period": _period(current),
            "url": absolute(charter_path(current, municipality)),
            "api_url": absolute(charter_api_path(current)),
        },
    }


def charter_summary(
    charter: Charter,
    *,
    figures: CharterFigures,
    links: LinkShares,
    absolute: UrlBuilder = _as_is,
) -> dict:
    """A charter as the lists show it, with its progress (figures_of()) and how its promises
    answer its problems (links_of()); needs its municipality and police area loaded."""
    municipality = charter.municipality
    return {
        "id": charter.pk,
        "title": charter.title,
        "municipality": {
            "code": municipality.code,
            "name": municipality.name,
            "slug": municipality.slug,
        },
        "police_area": {"name": charter.police_area.name},
        "period": _period(charter),
        "status": charter.status,
        "signed_on": _date(charter.signed_on),
        "published_at": _datetime(charter.published_at),
        "progress": figures.progress.as_dict(),
        "problem_links": links.as_dict(),
        "url": absolute(charter_path(charter, municipality)),
        "api_url": absolute(charter_api_path(charter)),
    }


def charter_export(
    charter: Charter, *, absolute: UrlBuilder = _as_is, page: CharterPage | None = None
) -> dict:
    """The whole charter as residents may read it, in the JSON that charter_import() reads.

    The caller decides whether the charter may be shown (Charter.objects.published()).
    """
    page = page or load_charter_page(charter, all_follow_ups=True)
    _load_problem_details(page)
    municipality = charter.municipality
    promises = sorted(page.promises, key=lambda view: (view.promise.order, view.promise.pk))
    order_of_promise = {view.promise.pk: view.promise.order for view in promises}
    return {
        "schema_version": SCHEMA_VERSION,
        "id": charter.pk,
        "url": absolute(charter_path(charter, municipality)),
        "api_url": absolute(charter_api_path(charter)),
        "updated_at": _datetime(page.last_updated),
        "municipality": {
            "code": municipality.code,
            "name": municipality.name,
            "slug": municipality.slug,
        },
        "police_area": {"name": charter.police_area.name},
        "title": charter.title,
        "period": _period(charter),
        "status": charter.status,
        "summary": charter.summary,
        "background": charter.background,
        "followup_method": charter.followup_method,
        "reporting_channels": charter.reporting_channels,
        "participation": charter.participation,
        "signed_on": _date(charter.signed_on),
        "published_at": _datetime(charter.published_at),
        "progress": page.progress.as_dict(),
        "signatories": [
            {
                "name": signatory.name,
                "title": signatory.title,
                "party": signatory.party,
                "organisation": signatory.organisation,
                "signed_on": _date(signatory.signed_on),
                "order": signatory.order,
            }
            for signatory in page.signatories
        ],
        "contacts": [
            {
                "name": contact.name,
                "role": contact.role,
                "party": contact.party,
                "email": contact.email,
                "phone": contact.phone,
                "order": contact.order,
            }
            for contact in page.contacts
        ],
        "agreement": _agreement_export(charter, absolute),
        "situation_report": _report_export(page),
        "promises": [
            {
                "order": view.promise.order,
                "owner": view.promise.owner,
                "title": view.promise.title,
                "text": view.promise.text,
                # The verdict of its latest published report, as its page shows it.
                "assessment": view.progress.assessment,
                "progress": view.progress.as_dict(),
                "focus_areas": sorted(view.focus_areas),
                # The public problems it answers, and through them their public findings.
                "problems": [
                    {"id": problem.pk, "title": problem.title} for problem in view.problems
                ],
                "findings": _findings_of(view.problems),
                "activities": [_activity_export(item) for item in view.activities],
                "indicators": [_indicator_export(indicator) for indicator in view.indicators],
            }
            for view in promises
        ],
        "corrections": _corrections_export(charter, absolute),
        "follow_up_rounds": [
            {
                "title": report.round.title,
                "period": _period(report.round),
                "due_on": _date(report.round.due_on),
                "summary": report.round.summary,
                "published_at": _datetime(report.round.published_at),
                "follow_ups": [
                    _follow_up_export(follow_up, order_of_promise)
                    for follow_up in report.follow_ups
                ],
            }
            for report in page.reports
        ],
    }


def _agreement_export(charter: Charter, absolute: UrlBuilder) -> dict | None:
    """The collaboration agreement the charter rests on: its parties, period, signatories and
    document (an uploaded file as the address it is downloaded from). Two queries, its
    kommuner and its signatories, and none for a charter without one."""
    agreement = charter.agreement
    if agreement is None:
        return None
    link = agreement.document_link
    return {
        "title": agreement.title,
        "period": _period(agreement),
        "signed_on": _date(agreement.signed_on),
        "description": agreement.description,
        "municipalities": [
            {"code": municipality.code, "name": municipality.name}
            for municipality in agreement.municipalities.order_by("name", "id")
        ],
        "police_area": {"name": agreement.police_area.name},
        "document_url": absolute(link) if agreement.document else link,
        "signatories": [
            {
                "name": signatory.name,
                "title": signatory.title,
                "party": signatory.party,
                "organisation": signatory.organisation,
                "signed_on": _date(signatory.signed_on),
                "order": signatory.order,
            }
            for signatory in agreement.signatories.order_by("order", "id")
        ],
    }


def _corrections_export(charter: Charter, absolute: UrlBuilder) -> list[dict]:
    """The change log of CHARTER, newest first: each correction's date, party (a code),
    reason and its public fields before and after (promises.corrections)."""
    page = reverse(
        "public:charter_changes", kwargs={"slug": charter.municipality.slug, "pk": charter.pk}
    )
    return [
        {
            "id": correction.pk,
            "url": absolute(f"{page}#andring-{correction.pk}"),
            "made_at": _datetime(correction.made_at),
            "party": correction.party,
            "reason": correction.reason,
            "changes": [
                {key: change.get(key, "") for key in CHANGE_KEYS} for change in correction.changes
            ],
        }
        for correction in reads.CORRECTIONS.objects(charter=charter.pk)
    ]


CHANGE_KEYS = ("part", "item", "action", "field", "before", "after")


def _load_problem_details(page: CharterPage) -> None:
    """The places and focus areas of the page's public problems: a query each, and none when
    the report has no public problem. The links to the promises came with the page
    (load_charter_page() gives each promise the public problems it answers, by priority)."""
    if page.problems:
        prefetch_related_objects(
            page.problems,
            Prefetch("places", queryset=Place.objects.order_by("name", "id")),
            "focus_area",
        )


def _findings_of(problems: list[Problem]) -> list[dict]:
    """The public findings of PROBLEMS, each once, in the report's order."""
    findings = {f.pk: f for problem in problems for f in problem.public_findings}
    return [
        {"id": finding.pk, "text": finding.text}
        for finding in sorted(findings.values(), key=lambda f: (f.order, f.pk))
    ]


def _problem_export(problem: Problem) -> dict:
    return {
        "id": problem.pk,
        "priority": problem.priority,
        "title": problem.title,
        "description": problem.description,
        "focus_area": problem.focus_area.name if problem.focus_area else None,
        "places": [place.name for place in problem.places.all()],
        "cause_situation": problem.cause_situation,
        "cause_offenders": problem.cause_offenders,
        "cause_victims": problem.cause_victims,
        "finding_ids": [finding.pk for finding in problem.public_findings],
    }


def _report_export(page: CharterPage) -> dict | None:
    report = page.charter.situation_report
    if report is None or report.status != SituationReport.Status.PUBLISHED:
        return None
    index_of_source = {source.pk: index for index, source in enumerate(page.sources)}
    return {
        "title": report.title,
        "period": _period(report),
        "summary": report.summary,
        "selection_rationale": report.selection_rationale,
        "limitations": report.limitations,
        "published_at": _datetime(report.published_at),
        "sources": [
            {
                "kind": source.kind,
                "title": source.title,
                "date": _date(source.date),
                "url": source.url,
                "description": source.description,
            }
            for source in page.sources
        ],
        "findings": [
            {
                "id": finding.pk,
                "order": finding.order,
                "text": finding.text,
                "value": _number(finding.value),
                "unit": finding.unit,
                "focus_area": finding.focus_area.name if finding.focus_area else None,
                "place": finding.place.name if finding.place else None,
                "source_index": index_of_source.get(finding.source_id),
            }
            for finding in page.findings
        ],
        # Only public problems, each with only its public findings (load_charter_page()).
        "problems": [_problem_export(problem) for problem in page.problems],
    }


def _activity_export(view: ActivityView) -> dict:
    activity = view.activity
    return {
        "id": activity.pk,
        "order": activity.order,
        "title": activity.title,
        "description": activity.description,
        "kind": activity.kind,
        "responsible_party": activity.responsible_party,
        "responsible_function": activity.responsible_function,
        "places": sorted(view.places),
        "start_date": _date(activity.start_date),
        "end_date": _date(activity.end_date),
        "recurrence": activity.recurrence,
        "repeats": activity.repeats,
        "dates": activity.dates,
        "expected_effect": activity.expected_effect,
    }


def _indicator_export(indicator: Indicator) -> dict:
    return {
        "name": indicator.name,
        "description": indicator.description,
        "unit": indicator.unit,
        "baseline": _number(indicator.baseline),
        "baseline_date": _date(indicator.baseline_date),
        "target": _number(indicator.target),
        "direction": indicator.direction,
        "source": indicator.source,
        "measurements": [
            {"date": _date(m.date), "value": _number(m.value), "source": m.source}
            for m in indicator.measurements.all()
        ],
    }


def _follow_up_export(follow_up: FollowUp, order_of_promise: dict[int, int]) -> dict:
    activity = follow_up.activity
    return {
        "promise_order": order_of_promise.get(
            activity.promise_id if activity else follow_up.promise_id
        ),
        "activity_order": activity.order if activity else None,
        "activity_id": activity.pk if activity else None,
        "status": follow_up.status,
        "assessment": follow_up.assessment,
        # Residents read the reason only for a cancelled activity; for a delay it is internal.
        "reason": follow_up.reason if follow_up.status == FollowUp.Status.CANCELLED else "",
        "narrative_public": follow_up.narrative_public,
        "reported_on": _date(follow_up.reported_on),
    }
