"""Whether a draft charter is ready for review: the checklist "Skicka för granskning" shows,
each item with where to fix it. promises.services.charter_submit refuses while one is unmet.

Besides the checklist, warnings that do not block (link_warnings): a prioritised problem of the
lägesbild that no promise answers, a promise that answers no problem. The coordinator may send
the charter anyway, saying why (Charter.unlinked_reason).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, Q
from django.urls import reverse
from django.utils.translation import gettext as _

from promises.models import Charter
from situations.models import Problem, SituationReport


@dataclass(frozen=True)
class Item:
    """One condition of the checklist: what it asks, whether it holds, where to fix it."""

    label: str
    met: bool
    detail: str = ""
    fix_url: str = ""
    fix_label: str = ""


def _report_item(charter: Charter) -> Item:
    label = _("The situation report is published")
    report = charter.situation_report
    if report is None:
        return Item(
            label,
            False,
            _("No situation report is chosen for the citizen promise."),
            reverse("promises:charter_edit", kwargs={"pk": charter.pk}),
            _("Choose the situation report"),
        )
    if report.status != SituationReport.Status.PUBLISHED:
        return Item(
            label,
            False,
            _("%(title)s is a draft.") % {"title": report.title},
            reverse("situations:report_edit", kwargs={"pk": report.pk}),
            _("Publish the situation report"),
        )
    return Item(label, True, report.title)


def _activities_item(charter: Charter) -> Item:
    label = _("Every promise has at least one activity")
    promises = list(charter.promises.annotate(n=Count("activities")).order_by("order", "id"))
    if not promises:
        fix_url = reverse("promises:promise_create", kwargs={"pk": charter.pk})
        return Item(label, False, _("There are no promises yet."), fix_url, _("Add a promise"))
    without = [promise for promise in promises if promise.n == 0]
    if without:
        # One promise: its own page; several: the list, which counts each one's activities.
        fix_url = (
            reverse("promises:promise_edit", kwargs={"pk": without[0].pk})
            if len(without) == 1
            else reverse("promises:promises_edit", kwargs={"pk": charter.pk})
        )
        return Item(
            label,
            False,
            _("Without an activity: %(promises)s") % {"promises": "; ".join(map(str, without))},
            fix_url,
            _("Add activities"),
        )
    return Item(label, True)


def _contacts_item(charter: Charter) -> Item:
    label = _("There are contacts with a way to reach them")
    reachable = charter.contacts.filter(~Q(email="") | ~Q(phone="")).exists()
    if reachable:
        return Item(label, True)
    return Item(
        label,
        False,
        _("Add a contact with an email address or a phone number for residents."),
        reverse("promises:charter_edit", kwargs={"pk": charter.pk}) + "#contacts",
        _("Add a contact"),
    )


def _period_item(charter: Charter) -> Item:
    label = _("The period is set")
    if charter.period_start and charter.period_end:
        return Item(label, True, charter.period_label)
    return Item(
        label,
        False,
        _("Give the first and the last day of the period."),
        reverse("promises:charter_edit", kwargs={"pk": charter.pk}),
        _("Set the period"),
    )


def charter_readiness(charter: Charter) -> list[Item]:
    """The checklist of CHARTER before it is sent for review, in the order of the work."""
    return [
        _period_item(charter),
        _report_item(charter),
        _activities_item(charter),
        _contacts_item(charter),
    ]


def unmet(charter: Charter) -> list[Item]:
    return [item for item in charter_readiness(charter) if not item.met]


@dataclass(frozen=True)
class LinkWarning:
    """Something missing in the chain from the lägesbild's problems to the promises: it does
    not stop the charter from being sent, but the coordinator then says why."""

    label: str
    detail: str
    fix_url: str
    fix_label: str


def _numbered(problems: list[Problem]) -> str:
    return "; ".join(f"{problem.priority}. {problem.title}" for problem in problems)


def link_warnings(charter: Charter) -> list[LinkWarning]:
    """What links are missing between CHARTER's promises and its lägesbild's problems.

    Nothing without a lägesbild (the checklist asks for one first); a single warning when the
    lägesbild has no prioritised problem at all, as then no promise can answer one.
    """
    report = charter.situation_report
    if report is None:
        return []
    promises_url = reverse("promises:promises_edit", kwargs={"pk": charter.pk})
    problems = list(
        Problem.objects.filter(report=report)
        .annotate(answered=Count("promises", filter=Q(promises__charter=charter)))
        .order_by("priority", "id")
    )
    if not problems:
        return [
            LinkWarning(
                _("The situation report has no prioritised problems"),
                _(
                    "Without them the promises cannot say which problems they answer, and "
                    "residents do not see why they were made."
                ),
                reverse("situations:report_edit", kwargs={"pk": report.pk}) + "#problems",
                _("Add the prioritised problems"),
            )
        ]
    warnings = []
    unanswered = [problem for problem in problems if problem.answered == 0]
    if unanswered:
        warnings.append(
            LinkWarning(
                _("A prioritised problem has no promise"),
                _("No promise answers: %(problems)s") % {"problems": _numbered(unanswered)},
                promises_url,
                _("Link the promises to the problems they answer"),
            )
        )
    unlinked = list(
        charter.promises.annotate(answers=Count("problems", filter=Q(problems__report=report)))
        .filter(answers=0)
        .order_by("order", "id")
    )
    if unlinked:
        warnings.append(
            LinkWarning(
                _("A promise answers no problem"),
                _("Answers no prioritised problem: %(promises)s")
                % {"promises": "; ".join(map(str, unlinked))},
                # One promise: its own page, where the problems are ticked; several: the list.
                reverse("promises:promise_edit", kwargs={"pk": unlinked[0].pk})
                if len(unlinked) == 1
                else promises_url,
                _("Choose the problems it answers")
                if len(unlinked) == 1
                else _("Link the promises to the problems they answer"),
            )
        )
    return warnings
