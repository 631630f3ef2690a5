"""How long a signed-in session lasts, and ending a user's other sessions.

A session ends after SESSION_IDLE_TIMEOUT seconds without a request and, however busy, after
SESSION_ABSOLUTE_LIFETIME seconds from the sign-in. Both times are kept in the session itself,
so checking them costs no query; the last request's time is written at most once a minute,
not on every request.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from importlib import import_module

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import BACKEND_SESSION_KEY, SESSION_KEY, logout
from django.contrib.auth.base_user import AbstractBaseUser
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _

STARTED = "_signed_in_at"
SEEN = "_last_request_at"
# How stale the time of the last request may be: writing it on every request would save the
# session on every request.
SEEN_GRANULARITY = 60

# Only the pages behind a login are checked: the public pages, served from their cache, need
# no session and no user.
GUARDED_PREFIXES = ("/arbetsyta/", "/konto/", "/admin/")


def stamp(request: HttpRequest) -> None:
    """Start the clocks of REQUEST's session: called when someone signs in."""
    now = int(time.time())
    request.session[STARTED] = now
    request.session[SEEN] = now


def stamp_on_login(sender, request: HttpRequest | None, user, **kwargs) -> None:
    """The user_logged_in receiver (connected in AccountsConfig.ready)."""
    if request is not None and hasattr(request, "session"):
        stamp(request)


def expired(request: HttpRequest) -> bool:
    """Whether REQUEST's signed-in session has passed its idle time or its lifetime; if not,
    note this request as its last."""
    session = request.session
    now = int(time.time())
    started, seen = session.get(STARTED), session.get(SEEN)
    if started is None or seen is None:
        # Signed in before these clocks existed: they start now.
        stamp(request)
        return False
    if now - seen > settings.SESSION_IDLE_TIMEOUT:
        return True
    if now - started > settings.SESSION_ABSOLUTE_LIFETIME:
        return True
    if now - seen >= SEEN_GRANULARITY:
        session[SEEN] = now
    return False


class SessionLifetimeMiddleware:
    """Sign out a session that has been idle too long or has lived too long."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if (
            request.path.startswith(GUARDED_PREFIXES)
            and request.user.is_authenticated
            and expired(request)
        ):
            logout(request)
            messages.info(
                request,
                _("You were logged out because you had been away a while. Log in again."),
            )
        return self.get_response(request)


def end_other_sessions(user: AbstractBaseUser, *, keep: str | None) -> int:
    """End every session of USER but the one whose key is KEEP; return how many ended.

    Reads every unexpired session: only staff sign in (residents get no session), and this is
    a rare click, so a table of sessions per user is not worth keeping in step.
    """
    store = import_module(settings.SESSION_ENGINE).SessionStore
    sessions = (
        store.get_model_class()
        .objects.filter(expire_date__gt=timezone.now())
        .exclude(session_key=keep)
        .values_list("session_key", "session_data")
    )
    ended = 0
    for key, encoded in sessions.iterator():
        data = store().decode(encoded)
        if data.get(SESSION_KEY) == str(user.pk) and BACKEND_SESSION_KEY in data:
            # Through the store, so that a cached copy (cached_db) goes too.
            store(session_key=key).delete()
            ended += 1
    return ended
