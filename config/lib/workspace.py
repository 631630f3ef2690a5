"""View helpers every app's workspace pages share: history pages, restoring, edit conflicts.

The apps above (promises, followups) call these with their own objects and permission checks;
the helpers know nothing of charters or follow-ups.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db import models
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from config.lib import editing, history

HISTORY_PER_PAGE = 50


def history_page(
    request: HttpRequest,
    *,
    subject: models.Model,
    histories: Iterable[QuerySet],
    may_restore: Callable[[models.Model], bool],
    restore_url: Callable[[history.Entry], str],
    back_url: str,
    restorable: Iterable[type[models.Model]] = (),
) -> HttpResponse:
    """The history of SUBJECT and its parts, newest first, with a readable diff per entry.

    MAY_RESTORE says whether the user may put back a given historical record's version;
    RESTORE_URL gives the URL that does it.
    """
    entries = history.entries(histories, restorable=restorable)
    page = Paginator(entries, HISTORY_PER_PAGE).get_page(request.GET.get("sida"))
    for entry in page:
        entry.restore_url = (
            restore_url(entry) if entry.restorable and may_restore(entry.record) else ""
        )
    return render(
        request,
        "workspace/history.html",
        {"subject": subject, "page_obj": page, "back_url": back_url},
    )


def find_record(histories: dict[str, QuerySet], model_name: str, history_id: int):
    """The historical record HISTORY_ID among the querysets of the subject, else 404."""
    queryset = histories.get(model_name)
    if queryset is None:
        raise Http404
    record = queryset.filter(history_id=history_id).first()
    if record is None:
        raise Http404
    return record


@require_POST
def restore_record(
    request: HttpRequest,
    record: models.Model,
    *,
    back_url: str,
    keep: Sequence[str] = (),
    save: Callable[[models.Model], object] | None = None,
) -> HttpResponse:
    """Put RECORD's version back (see history.restore) and go back to the history page."""
    try:
        history.restore(record, keep=keep, save=save)
    except ValidationError as error:
        messages.error(
            request,
            _("The version could not be restored: %(reasons)s")
            % {"reasons": " ".join(error.messages)},
        )
    else:
        messages.success(
            request,
            _("The version of %(when)s is restored. The change is in the history.")
            % {"when": history.formats.localize(record.history_date)},
        )
    return redirect(back_url)


def conflict_context(
    data, objects: Sequence[models.Model], histories: Iterable[QuerySet]
) -> dict | None:
    """None when OBJECTS are unchanged since the form in DATA was loaded; else what the page
    shows instead of saving: the other changes, and DATA with a fresh version to bind to.
    """
    found = editing.conflict(data, objects)
    if found is None:
        return None
    found.entries = history.entries(histories, since=found.since) if found.since else []
    return {"conflict": found, "data": editing.with_fresh_version(data, objects)}
