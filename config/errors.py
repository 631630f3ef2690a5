"""The error pages: 400, 403, 404, 500 and a refused form (CSRF), in the site's layout.

Each is Swedish unless the reader chose English (ChosenLanguageMiddleware has run by the time
a view fails), carries noindex and offers a way back. Under /api/ the answer is the API's JSON
error instead, as its other errors are, so a client never has to parse a page.

The 500 page reads neither the session nor the user: the error may be the database's. It is
rendered without context processors, and if even that fails a fixed page is sent.
"""

from __future__ import annotations

import json
import logging

from django.db import InterfaceError, OperationalError
from django.http import HttpRequest, HttpResponse
from django.middleware.csrf import get_token
from django.shortcuts import render
from django.template import loader
from django.utils.translation import get_language
from django.utils.translation import gettext as _

logger = logging.getLogger("medborgarloften.errors")

API_PREFIX = "/api/"
JSON_CONTENT_TYPE = "application/json; charset=utf-8"


def is_api(request: HttpRequest) -> bool:
    return request.path.startswith(API_PREFIX)


def api_error(message: str, status: int) -> HttpResponse:
    """The API's error shape (followups.opendata.views.error_response), open to any origin."""
    response = HttpResponse(
        json.dumps({"error": {"status": status, "message": message}}, ensure_ascii=False),
        content_type=JSON_CONTENT_TYPE,
        status=status,
    )
    response["Access-Control-Allow-Origin"] = "*"
    return response


def _logged_in(request: HttpRequest) -> bool:
    """Whether to offer the workspace; reading the session needs the database."""
    user = getattr(request, "user", None)
    try:
        return bool(user is not None and user.is_authenticated)
    except (OperationalError, InterfaceError):
        return False


def _page(request: HttpRequest, template: str, status: int) -> HttpResponse:
    return render(
        request, template, {"logged_in": _logged_in(request), "status": status}, status=status
    )


def bad_request(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    if is_api(request):
        return api_error(_("The request could not be understood."), 400)
    return _page(request, "400.html", 400)


def permission_denied(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    if is_api(request):
        return api_error(_("You may not read this address."), 403)
    return _page(request, "403.html", 403)


def page_not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    if is_api(request):
        return api_error(_("There is nothing at this address. The index is /api/v1/."), 404)
    return _page(request, "404.html", 404)


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    """A form sent without its valid token: most often a page left open too long."""
    if is_api(request):
        # The API only answers GET, which needs no token: this is a POST (or the like).
        return api_error(_("The open data is read with GET; nothing can be sent to it."), 403)
    return _page(request, "403_csrf.html", 403)


# What is sent if even the 500 template fails: no template, no translation, no URL lookup.
FALLBACK_500 = """<!doctype html>
<html lang="sv">
<head><meta charset="utf-8"><meta name="robots" content="noindex">
<title>Något gick fel – Medborgarlöften</title></head>
<body><main><h1>Något gick fel hos oss</h1>
<p>Felet är vårt, inte ditt. Försök igen om en stund.</p>
<p><a href="/">Till startsidan</a></p></main></body>
</html>
"""


def server_error(request: HttpRequest) -> HttpResponse:
    if is_api(request):
        return api_error(_("Something went wrong on our side. Please try again later."), 500)
    try:
        # No context processors: they could read the session or the user from the database.
        # The page needs only the request (for the language switch) and a CSRF token.
        html = loader.get_template("500.html").render(
            {"request": request, "csrf_token": get_token(request), "status": 500}
        )
    except Exception:
        logger.exception("the 500 page failed; sent the fixed page")
        return HttpResponse(FALLBACK_500, status=500, headers={"Content-Language": "sv"})
    return HttpResponse(html, status=500, headers={"Content-Language": get_language()})
