"""While the database is down: cached public pages, otherwise a clean 503 page.

A view that needs the database raises OperationalError (no connection) or InterfaceError (a
connection lost mid-request). Residents then get the page from the public cache if it is there
and unchanged, and everyone else a short Swedish page asking them to try again, with
Retry-After. Nothing is restarted: a later request opens a new connection (CONN_MAX_AGE with
health checks), so the site recovers by itself when the database is back.
"""

from __future__ import annotations

import logging
import sys
from collections.abc import Callable

from django.db import InterfaceError, OperationalError
from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse

from config.errors import server_error
from config.lib import cache

logger = logging.getLogger("medborgarloften.unavailable")

DATABASE_ERRORS = (OperationalError, InterfaceError)
RETRY_AFTER_SECONDS = 30


def unavailable_response(request: HttpRequest) -> HttpResponse:
    """The cached page if there is one, else the 503 page."""
    cached = cache.current_copy(request)
    if cached is not None:
        logger.warning("database unavailable: served the cached page")
        return cached
    logger.error("database unavailable: answered 503")
    response = TemplateResponse(request, "503.html", status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    response.render()
    return response


class DatabaseUnavailableMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if isinstance(exception, DATABASE_ERRORS):
            return unavailable_response(request)
        return None


def handler500(request: HttpRequest) -> HttpResponse:
    """A database error outside a view (a middleware, a session save) is a 503 too."""
    if isinstance(sys.exc_info()[1], DATABASE_ERRORS):
        return unavailable_response(request)
    return server_error(request)
