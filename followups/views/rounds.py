"""The follow-up rounds of a charter, and the page where one round is entered.

The round's page lists every activity, grouped by promise and owner, as a row of its own: a
save keeps every row that is right and returns the others marked, with what was written in
them. Each promise is a section (<details>) that starts closed, its summary telling how far
it has come; it opens when it holds a row to fix or unsaved text. A row this round has no
follow-up for yet starts from the latest earlier one, as a suggestion saved only when the
person changes it or ticks that it still holds (followups.forms.FollowUpRowForm).

The page carries a version token of the round's follow-ups (config.lib.editing) and is saved
with the round's row locked, so that two people saving the round at once take turns and the
second sees what the first changed instead of overwriting it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from config.lib import editing
from config.lib.workspace import GET_AND_POST, READ_ONLY, workspace_view
from followups import services
from followups.forms import ActivityFollowUpForm
from followups.models import FollowUp, FollowUpRound
from followups.permissions import get_charter_for_rounds, get_charter_round
from followups.progress import FORMULA
from followups.rounds import plan_for
from followups.services import keeps_its_dates, off_plan
from followups.views.round_rows import RoundPage, Row, load_round_page
from promises.models import Activity, Charter


def rounds_url(charter: Charter) -> str:
    return reverse("followups:rounds", kwargs={"pk": charter.pk})


def entry_url(round_: FollowUpRound) -> str:
    return reverse(
        "followups:round_entry", kwargs={"pk": round_.charter_id, "round_pk": round_.pk}
    )


# The rounds of a charter -------------------------------------------------------------------


@dataclass
class RoundLine:
    round: FollowUpRound
    activities: int
    promises: int
    kept: bool  # written in, though the current period and cadence would not make it

    @property
    def followed(self) -> int:
        return self.activities - self.round.missing_activities

    @property
    def assessed(self) -> int:
        return self.promises - self.round.missing_assessments

    @property
    def overdue(self) -> bool:
        return self.round.is_overdue


@workspace_view(methods=READ_ONLY)
def rounds(request: HttpRequest, pk: int) -> HttpResponse:
    """Every round of the charter: when it is due, how far it has come, whether it is late."""
    access = get_charter_for_rounds(request, pk)
    charter = access.charter
    activities = Activity.objects.filter(promise__charter=charter).count()
    promises = charter.promises.count()
    planned = plan_for(charter)
    lines = [
        RoundLine(
            round=round_,
            activities=activities,
            promises=promises,
            kept=off_plan(round_, planned) and keeps_its_dates(round_, round_.follow_up_count > 0),
        )
        for round_ in charter.rounds.with_counts().order_by("period_start", "id")
    ]
    return render(
        request,
        "followups/workspace/rounds.html",
        {"charter": charter, "access": access, "lines": lines, "today": timezone.localdate()},
    )


# The page of one round ---------------------------------------------------------------------


def field_help() -> list[tuple[str, str]]:
    """What each field of an activity's row is for, said once at the top of the page."""
    fields = ActivityFollowUpForm.base_fields.values()
    return [(str(field.label), str(field.help_text)) for field in fields if field.help_text]


# The query that opens every promise's section of the page at once (the page starts with
# them closed, except those holding a row to fix or text not saved yet).
OPEN_ALL = ("visa", "alla")


@dataclass(frozen=True)
class FieldError:
    """One error of a row, for the list at the top of the page: it links to its field."""

    target: str  # the id of the field, or of the row for an error of the row as a whole
    label: str
    message: str


def field_errors(part: Row) -> list[FieldError]:
    form = part.form
    found = []
    for name, errors in form.errors.items():
        if name in form.fields:
            target, label = form[name].auto_id, str(form[name].label)
        else:
            target, label = part.anchor, ""
        found += [FieldError(target, label, str(message)) for message in errors]
    return found


def render_page(
    request: HttpRequest,
    page: RoundPage,
    state: editing.PageState,
    *,
    invalid: Sequence[Row] = (),
) -> HttpResponse:
    round_ = page.round
    activities = len(page.activity_rows)
    followed = activities - page.missing
    name, value = OPEN_ALL
    return render(
        request,
        "followups/workspace/round_entry.html",
        {
            "charter": page.access.charter,
            "round": round_,
            "page": page,
            "access": page.access,
            "may_enter": any(True for _part in page.parts()),
            "version_form": state.version,
            "conflict": state.conflict,
            "invalid": [(part, field_errors(part)) for part in invalid],
            "open_all": request.GET.get(name) == value,
            "field_help": field_help(),
            "open_all_query": f"?{name}={value}",
            "formula": FORMULA,
            "followed": followed,
            "activities": activities,
            "overdue": round_.is_past_due(timezone.localdate())
            and bool(page.missing or page.unassessed),
            "back_url": rounds_url(page.access.charter),
        },
        status=state.status,
    )


def save_rows(request: HttpRequest, page: RoundPage) -> tuple[int, list[Row]]:
    """Save every changed row that is right, each on its own; return how many were saved and
    the rows that need fixing, whose forms carry the errors and what was written in them.

    A saved row gets a fresh form of what is saved now, so that saving the page again after
    fixing the others does not enter it twice.
    """
    changed = [part for part in page.parts() if part.form.has_changed()]
    valid = [part for part in changed if part.form.is_valid()]
    invalid = [part for part in changed if not part.form.is_valid()]
    by_obj = {id(part.form.instance): part for part in valid}
    refused = services.round_entries_save(
        round_=page.round, user=request.user, entries=[part.form.instance for part in valid]
    )
    for item in refused:
        part = by_obj.pop(id(item.obj))
        if hasattr(item.error, "error_dict"):
            for name, errors in item.error.message_dict.items():
                part.form.add_error(name if name in part.form.fields else None, errors)
        else:
            part.form.add_error(None, item.error.messages)
        invalid.append(part)
    for part in by_obj.values():
        part.saved(part.form.instance)
        part.form = part.make_form(page.round)
    order = {id(part): index for index, part in enumerate(page.parts())}
    return len(by_obj), sorted(invalid, key=lambda part: order[id(part)])


def saved_message(saved: int, invalid: int) -> str:
    text = ngettext("%(count)d row is saved.", "%(count)d rows are saved.", saved) % {
        "count": saved
    }
    if invalid:
        text += " " + ngettext(
            "%(count)d row needs fixing: it is marked below, with what you wrote in it.",
            "%(count)d rows need fixing: they are marked below, with what you wrote in them.",
            invalid,
        ) % {"count": invalid}
    return text


@workspace_view(methods=GET_AND_POST)
def round_entry(request: HttpRequest, pk: int, round_pk: int) -> HttpResponse:
    """The follow-up of every activity and promise of the charter in one round."""

    def load(for_update: bool) -> RoundPage:
        round_, access = get_charter_round(request, pk, round_pk, for_update=for_update)
        return load_round_page(round_, access)

    def bind(page: RoundPage, data) -> RoundPage:
        page.bind(data)
        return page

    def save(page: RoundPage, _page: RoundPage) -> HttpResponse:
        saved, invalid = save_rows(request, page)
        if not invalid:
            if saved:
                messages.success(request, saved_message(saved, 0))
            else:
                messages.info(request, _("Nothing is saved: no row was changed."))
            return redirect(entry_url(page.round))
        if saved:
            messages.warning(request, saved_message(saved, len(invalid)))
        else:
            messages.error(
                request,
                ngettext(
                    "Nothing is saved: %(count)d row needs fixing. It is marked below, with "
                    "what you wrote in it.",
                    "Nothing is saved: %(count)d rows need fixing. They are marked below, with "
                    "what you wrote in them.",
                    len(invalid),
                )
                % {"count": len(invalid)},
            )
        # The rows that are right are saved: the next save starts from the follow-ups as they
        # are now, this one's included.
        current = list(FollowUp.objects.filter(round=page.round))
        version = editing.VersionForm(editing.with_fresh_version(request.POST, current))
        return render_page(request, page, editing.PageState(version), invalid=invalid)

    return editing.edit(
        request,
        load=load,
        objects=lambda page: page.follow_ups,
        histories=lambda page: [FollowUp.history.filter(round_id=page.round.pk)],
        bind=bind,
        save=save,
        render=lambda page, _page, state: render_page(request, page, state),
    )
