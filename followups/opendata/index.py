"""The API index at /api/v1/: every address of the open data, absolute, with its format, its
filters and what it holds, so that a client finds them without reading the documentation page.
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from config.lib import cache
from followups.opendata import SCHEMA_VERSION
from followups.opendata.datasets import CHARTER_FILTERS, DATASETS, MUNICIPALITY_FILTERS
from followups.opendata.views import PAGE_SIZE, cached_open, json_response


def _template(request: HttpRequest, name: str, **placeholders: str) -> str:
    """The absolute URL NAME with each keyword as an RFC 6570 placeholder: {slug}, {id}."""
    # Sentinels that pass the URL converters (<slug:>, <int:>), swapped for the placeholders
    # after build_absolute_uri, which would quote the braces.
    sentinels = {key: "0" if key == "pk" else "slug" for key in placeholders}
    url = request.build_absolute_uri(reverse(name, kwargs=sentinels))
    for key, placeholder in placeholders.items():
        url = url.replace(f"/{sentinels[key]}/", f"/{{{placeholder}}}/")
    return url


@require_safe
def api_index(request: HttpRequest) -> HttpResponse:
    """Every address of the open data with what it holds, so that a client can find them."""

    def build() -> HttpResponse:
        absolute = request.build_absolute_uri

        def endpoint(name, url, data_format, description, filters=()) -> dict:
            return {
                "name": name,
                "url": url if "{" in url else absolute(url),
                "format": data_format,
                "description": str(description),
                "filters": list(filters),
            }

        endpoints = [
            endpoint(
                "kommuner",
                reverse("opendata:api_municipalities"),
                "json",
                _(
                    "Every municipality with its county, police region and current citizen "
                    "promise."
                ),
                MUNICIPALITY_FILTERS,
            ),
            endpoint(
                "kommun",
                _template(request, "opendata:api_municipality", slug="slug"),
                "json",
                _(
                    "One municipality with its local police areas and every published or "
                    "closed citizen promise."
                ),
            ),
            endpoint(
                "medborgarloften",
                reverse("opendata:api_charters"),
                "json",
                _("Published and closed citizen promises, %(page_size)s a page.")
                % {"page_size": PAGE_SIZE},
                (*CHARTER_FILTERS, "sida"),
            ),
            endpoint(
                "medborgarlofte",
                _template(request, "opendata:api_charter", pk="id"),
                "json",
                _(
                    "One citizen promise in full: situation picture, promises, activities, "
                    "indicators and published follow-ups."
                ),
            ),
            *(
                endpoint(
                    f"{dataset.slug}.csv",
                    reverse("opendata:api_csv", kwargs={"dataset": dataset.slug}),
                    "csv",
                    dataset.description,
                    dataset.filters,
                )
                for dataset in DATASETS.values()
            ),
            *(
                endpoint(
                    f"{dataset.slug}.xlsx",
                    reverse("opendata:api_xlsx", kwargs={"dataset": dataset.slug}),
                    "xlsx",
                    dataset.description,
                    dataset.filters,
                )
                for dataset in DATASETS.values()
            ),
            endpoint(
                "flode",
                reverse("opendata:national_feed"),
                "atom",
                _("New citizen promises and follow-up reports of every municipality."),
            ),
            endpoint(
                "kommunens-flode",
                _template(request, "opendata:municipality_feed", slug="slug"),
                "atom",
                _("New citizen promises and follow-up reports of one municipality."),
            ),
            endpoint(
                "aktiviteter.ics",
                _template(request, "opendata:activities_ical", slug="slug"),
                "icalendar",
                _("The public activities of one municipality that have a date."),
            ),
            endpoint(
                "dokumentation",
                reverse("opendata:api_docs"),
                "html",
                _("The documentation: every address, filter, JSON field and CSV column."),
            ),
        ]
        return json_response(
            {
                "schema_version": SCHEMA_VERSION,
                "documentation": absolute(reverse("opendata:api_docs")),
                "endpoints": endpoints,
            }
        )

    return cached_open(request, [cache.NATIONAL], build)
