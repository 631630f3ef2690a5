"""What every app's workspace pages share: the decorator of every view, history pages, restoring.

Every app calls these with its own objects and permission checks; the helpers know nothing of
lägesbilder, charters or follow-ups. Edit pages save through config.lib.editing.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable, Sequence

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db import models
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from config.lib import history

HISTORY_PER_PAGE = 50

# The methods a workspace view accepts. HEAD goes with GET, as in require_safe.
READ_ONLY = ("GET", "HEAD")  # a page that only shows
GET_AND_POST = ("GET", "HEAD", "POST")  # a page with a form, and what its form posts
POST_ONLY = ("POST",)  # a step that saves, publishes, restores, deletes or sends

View = Callable[..., HttpResponse]


def workspace_view(*, methods: Collection[str]) -> Callable[[View], View]:
    """Login required, never cached, only METHODS: how every view under /arbetsyta/ starts.

    The view it returns carries its methods as `workspace_methods`, so that a test can find
    every workspace URL whose view lacks it.
    """
    allowed = tuple(methods)
    if "GET" in allowed and "HEAD" not in allowed:
        allowed += ("HEAD",)

    def decorate(view: View) -> View:
        wrapped = never_cache(login_required(require_http_methods(list(allowed))(view)))
        wrapped.workspace_methods = frozenset(allowed)  # type: ignore[attr-defined]
        return wrapped

    return decorate


def history_page(
    request: HttpRequest,
    *,
    subject: models.Model,
    histories: Iterable[QuerySet],
    may_restore: Callable[[history.Record], bool],
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


def find_record(
    histories: dict[str, QuerySet], model_name: str, history_id: int
) -> history.Record:
    """The historical record HISTORY_ID among the querysets of the subject, else 404."""
    queryset = histories.get(model_name)
    if queryset is None:
        raise Http404
    record = queryset.filter(history_id=history_id).first()
    if record is None:
        raise Http404
    return record


def restore_record(
    request: HttpRequest,
    record: history.Record,
    *,
    back_url: str,
    keep: Sequence[str] = (),
    save: Callable[[models.Model], object] | None = None,
) -> HttpResponse:
    """Put RECORD's version back (see history.restore) and go back to the history page.

    A helper of the views that restore, which accept POST only (workspace_view).
    """
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
