"""The site's URLs plus /bench/floor/, mounted only by bench.settings.

The floor is the least a Django page costs here: the same middleware as every page (request
log, security headers, sessions, CSRF, authentication, messages) and a tiny template, no query.
"""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import path

from config.urls import handler500
from config.urls import urlpatterns as site_urlpatterns

__all__ = ["handler500", "urlpatterns"]


def floor(request: HttpRequest) -> HttpResponse:
    return render(request, "floor.html", {"greeting": "Hej"})


urlpatterns = [path("bench/floor/", floor), *site_urlpatterns]
