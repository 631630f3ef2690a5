"""The site's URLs plus views that fail on purpose, for tests/test_error_pages.py.

The error handlers are read from the root URL configuration, so this one names the same.
"""

from django.core.exceptions import PermissionDenied, SuspiciousOperation
from django.http import Http404, HttpRequest, HttpResponse
from django.urls import path

from config.urls import handler400, handler403, handler404, handler500
from config.urls import urlpatterns as site

__all__ = ["handler400", "handler403", "handler404", "handler500", "urlpatterns"]


def bad_request(request: HttpRequest) -> HttpResponse:
    raise SuspiciousOperation("a forged request")


def forbidden(request: HttpRequest) -> HttpResponse:
    raise PermissionDenied


def not_found(request: HttpRequest) -> HttpResponse:
    raise Http404("no such thing")


def broken(request: HttpRequest) -> HttpResponse:
    raise RuntimeError("a bug")


FAILING = [
    ("400/", bad_request),
    ("403/", forbidden),
    ("404/", not_found),
    ("500/", broken),
]

urlpatterns = [
    *(path(f"prov/{route}", view) for route, view in FAILING),
    *(path(f"api/v1/prov/{route}", view) for route, view in FAILING),
    *site,
]
