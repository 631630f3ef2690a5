"""Open data: versioned, documented JSON and CSV of kommuner, charters, promises and follow-ups.

Everything here is public, cached through config.lib.cache and readable from any origin. A bad
filter value answers 400 and an unknown object 404, both with a JSON error; never a 500. Each
endpoint runs the same queries whatever the amount of data: the lookups of its filters, then
one query per kind of row it lists.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse, QueryDict, StreamingHttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import translation
from django.utils.cache import get_conditional_response
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_safe

from config.lib import cache
from followups import progress
from followups.opendata import (
    SCHEMA_VERSION,
    charter_export,
    charter_summary,
    current_charters,
    municipality_dict,
    streaming,
)
from followups.opendata.datasets import (
    CHARTER_FILTERS,
    DATASETS,
    FOLLOW_UP_ROWS,
    MUNICIPALITY_FILTERS,
    Filters,
    published_charters_of,
)
from followups.opendata.import_format import import_rows
from followups.opendata.schema import LIST_ENVELOPE, SCHEMA, code_docs
from followups.progress import LinkShares
from followups.public import seo
from followups.public.links import links_of
from followups.public.selectors import figures_of
from promises.models import Charter
from situations.models import County, Municipality, PoliceRegion

PAGE_SIZE = 100
JSON_CONTENT_TYPE = "application/json; charset=utf-8"
SLUG = re.compile(r"[-\w]{1,100}")


def json_response(data: Any, status: int = 200) -> HttpResponse:
    return HttpResponse(
        json.dumps(data, ensure_ascii=False), content_type=JSON_CONTENT_TYPE, status=status
    )


def error_response(message: str, *, status: int, parameter: str | None = None) -> HttpResponse:
    error = {"status": status, "message": str(message)}
    if parameter:
        error["parameter"] = parameter
    return json_response({"error": error}, status=status)


def open_to_all[R: HttpResponse | StreamingHttpResponse](response: R) -> R:
    """Let any web page read the response: the data is public and needs no credentials."""
    response["Access-Control-Allow-Origin"] = "*"
    return response


# --- Filters --------------------------------------------------------------------------------


class BadFilter(Exception):
    def __init__(self, parameter: str, message: str) -> None:
        super().__init__(message)
        self.parameter = parameter
        self.message = message

    def response(self) -> HttpResponse:
        return error_response(self.message, status=400, parameter=self.parameter)


FILTER_DOCS = {
    "kommun": gettext_lazy("The municipality, by its name in addresses: ?kommun=saffle."),
    "lan": gettext_lazy("The county, by its two-digit code: ?lan=17."),
    "polisregion": gettext_lazy("The police region, by its name in addresses: ?polisregion=syd."),
    "status": gettext_lazy("published (in force) or closed (archived): ?status=published."),
    "ar": gettext_lazy("Citizen promises whose period touches the year: ?ar=2021."),
    "sida": gettext_lazy("The page, from 1, with 100 citizen promises a page: ?sida=2."),
}


def parse_filters(request: HttpRequest, allowed: Iterable[str]) -> Filters:
    """The ALLOWED filters of REQUEST, looked up; BadFilter names the first bad one.

    An empty value means no filter, as an empty choice in a form does; other parameters are
    ignored.
    """
    filters = Filters()
    for name in allowed:
        value = request.GET.get(name, "").strip()
        if not value:
            continue
        if name == "kommun":
            filters.municipality = _lookup(
                name,
                value,
                Municipality.objects.filter(slug=value) if SLUG.fullmatch(value) else None,
                _("No municipality has the address name “%(value)s”."),
            )
        elif name == "lan":
            if not re.fullmatch(r"\d{2}", value):
                raise BadFilter(name, _("A county code is two digits, for example 17."))
            filters.county = _lookup(
                name,
                value,
                County.objects.filter(code=value),
                _("No county has the code “%(value)s”."),
            )
        elif name == "polisregion":
            filters.police_region = _lookup(
                name,
                value,
                PoliceRegion.objects.filter(slug=value) if SLUG.fullmatch(value) else None,
                _("No police region has the address name “%(value)s”."),
            )
        elif name == "status":
            if value not in Charter.Status.public_values():
                raise BadFilter(name, _("The status is published or closed."))
            filters.status = value
        elif name == "ar":
            if not re.fullmatch(r"\d{4}", value) or int(value) < 1900:
                raise BadFilter(name, _("A year is four digits, for example 2021."))
            filters.year = int(value)
    return filters


def _lookup(name: str, value: str, queryset: QuerySet | None, message: str) -> Any:
    found = queryset.first() if queryset is not None else None
    if found is None:
        # Only a value that has passed the slug or code pattern is echoed back in full.
        shown = value if queryset is not None else value[:40]
        raise BadFilter(name, message % {"value": shown})
    return found


def parse_page(request: HttpRequest) -> int:
    value = request.GET.get("sida", "").strip() or "1"
    if not re.fullmatch(r"\d{1,6}", value) or int(value) < 1:
        raise BadFilter("sida", _("The page is a whole number from 1."))
    return int(value)


def cached_open(
    request: HttpRequest,
    scopes: list,
    build: Callable[[], HttpResponse],
    params: Iterable[str] = (),
) -> HttpResponse:
    """BUILD's response from the cache, a bad filter as 400, and open to every origin.

    PARAMS names the query parameters BUILD reads: the others are not part of the cache key.
    """

    def page(extra: dict) -> HttpResponse:
        try:
            return build()
        except BadFilter as bad:
            return bad.response()

    return open_to_all(cache.cached_response(request, scopes, page, params=params))


# --- JSON -----------------------------------------------------------------------------------


@require_safe
def municipality_list(request: HttpRequest) -> HttpResponse:
    """Every kommun with its county, police region and current charter."""

    def build() -> HttpResponse:
        filters = parse_filters(request, MUNICIPALITY_FILTERS)
        municipalities = list(filters.municipalities(Municipality.objects.with_geography()))
        current = current_charters(
            published_charters_of(filters.municipalities(Municipality.objects.all()))
        )
        results = [
            municipality_dict(
                municipality,
                current=current.get(municipality.pk),
                absolute=request.build_absolute_uri,
            )
            for municipality in municipalities
        ]
        return json_response(
            {"schema_version": SCHEMA_VERSION, "count": len(results), "results": results}
        )

    return cached_open(request, [cache.NATIONAL], build, params=MUNICIPALITY_FILTERS)


@require_safe
def municipality_detail(request: HttpRequest, slug: str) -> HttpResponse:
    """One kommun with its police areas and every published or closed charter."""
    municipality = Municipality.objects.with_geography().filter(slug=slug).first()
    if municipality is None:
        return open_to_all(error_response(_("No municipality has that address."), status=404))

    def build() -> HttpResponse:
        charters = list(
            Charter.objects.published()
            .filter(municipality=municipality)
            .select_related("police_area")
            .order_by("-period_start", "-id")
        )
        for charter in charters:
            charter.municipality = municipality
        areas = list(municipality.police_areas.order_by("name", "id"))
        figures = figures_of(charters)
        links = links_of([charter.pk for charter in charters])
        absolute = request.build_absolute_uri
        data = {
            "schema_version": SCHEMA_VERSION,
            **municipality_dict(
                municipality,
                current=current_charters(charters).get(municipality.pk),
                absolute=absolute,
            ),
            "police_areas": [{"name": area.name, "slug": area.slug} for area in areas],
            "charters": [
                charter_summary(
                    charter,
                    figures=figures[charter.pk],
                    links=links.get(charter.pk, LinkShares()),
                    absolute=absolute,
                )
                for charter in charters
            ],
        }
        return json_response(data)

    return cached_open(request, [municipality.pk], build)


@require_safe
def charter_list(request: HttpRequest) -> HttpResponse:
    """Published and closed charters, 100 a page, filtered by kommun, län, status and year."""

    def build() -> HttpResponse:
        filters = parse_filters(request, CHARTER_FILTERS)
        number = parse_page(request)
        charters = filters.charters(
            Charter.objects.published().select_related("municipality", "police_area")
        ).order_by("municipality__name", "-period_start", "id")
        paginator = Paginator(charters, PAGE_SIZE)
        if number > paginator.num_pages:
            return error_response(
                _("There is no page %(page)s; the last page is %(pages)s.")
                % {"page": number, "pages": paginator.num_pages},
                status=404,
                parameter="sida",
            )
        page = paginator.page(number)
        figures = figures_of(list(page.object_list))
        links = links_of([charter.pk for charter in page.object_list])

        def page_url(other: int) -> str:
            params = QueryDict(mutable=True)
            for name in CHARTER_FILTERS:
                if name in request.GET:
                    params.setlist(name, request.GET.getlist(name))
            params["sida"] = str(other)
            return request.build_absolute_uri(f"{request.path}?{params.urlencode()}")

        return json_response(
            {
                "schema_version": SCHEMA_VERSION,
                "count": paginator.count,
                "page": number,
                "pages": paginator.num_pages,
                "page_size": PAGE_SIZE,
                "next": page_url(number + 1) if page.has_next() else None,
                "previous": page_url(number - 1) if page.has_previous() else None,
                "results": [
                    charter_summary(
                        charter,
                        figures=figures[charter.pk],
                        links=links.get(charter.pk, LinkShares()),
                        absolute=request.build_absolute_uri,
                    )
                    for charter in page.object_list
                ],
            }
        )

    return cached_open(
        request, [cache.NATIONAL, progress.CACHE_SCOPE], build, params=(*CHARTER_FILTERS, "sida")
    )


@require_safe
def charter_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """The whole charter as residents may read it; drafts and charters in review are 404."""
    charter = (
        Charter.objects.published()
        .select_related(
            "municipality", "police_area", "situation_report", "agreement__police_area"
        )
        .filter(pk=pk)
        .first()
    )
    if charter is None:
        return open_to_all(
            error_response(_("No published citizen promise has that number."), status=404)
        )

    def build() -> HttpResponse:
        return json_response(charter_export(charter, absolute=request.build_absolute_uri))

    return cached_open(request, [charter.municipality_id], build)


# --- CSV ------------------------------------------------------------------------------------


@require_safe
def csv_download(request: HttpRequest, dataset: str) -> HttpResponse | StreamingHttpResponse:
    """One dataset as CSV for spreadsheets: UTF-8 with a byte order mark, semicolons.

    The file is streamed as its rows are read (the follow-ups of the whole country run to tens
    of megabytes and take a worker the better part of a minute), and a gzipped copy is kept in
    the cache for the next readers, a twentieth of the size. Its ETag comes from the versions
    of the data it is made of, so that a client that has the current file gets a 304, and a
    copy is found, before any row is read.
    """
    found = DATASETS.get(dataset)
    if found is None:
        return open_to_all(error_response(_("There is no such dataset."), status=404))
    etag = cache.version_etag(request, [cache.NATIONAL, FOLLOW_UP_ROWS], params=found.filters)
    if etag is not None and (unchanged := get_conditional_response(request, etag=etag)):
        unchanged["ETag"] = etag
        return open_to_all(unchanged)
    copy = cache.file_copy(etag) if etag is not None else None
    response: HttpResponse | StreamingHttpResponse
    if etag is not None and copy is not None:
        response = streaming.from_copy(request, copy, etag)
    else:
        try:
            filters = parse_filters(request, found.filters)
        except BadFilter as bad:
            return open_to_all(bad.response())
        rows = found.rows(filters)
        if isinstance(rows, QuerySet):
            rows = rows.iterator(chunk_size=streaming.CSV_CHUNK_ROWS)
        chunks = streaming.csv_chunks(
            found, rows, request.build_absolute_uri, translation.get_language()
        )
        response = StreamingHttpResponse(
            streaming.keeping_a_copy(chunks, etag) if etag is not None else chunks,
            content_type=streaming.CSV_CONTENT_TYPE,
        )
    if etag is not None and not response.has_header("ETag"):
        response["ETag"] = etag
    parts = [found.slug]
    parts += [request.GET[name].strip() for name in found.filters if request.GET.get(name)]
    response["Content-Disposition"] = content_disposition_header(
        as_attachment=True, filename="-".join(parts) + ".csv"
    )
    return open_to_all(response)


# --- Documentation --------------------------------------------------------------------------


# The complete example of the import format: shown on the open data page, downloadable, and
# imported by a test, so that the documentation cannot drift from what the importer reads.
EXAMPLE_CHARTER = Path(__file__).with_name("example_charter.json")


@require_safe
def example_charter(request: HttpRequest) -> HttpResponse:
    """The example file of the import format, to download."""
    response = HttpResponse(
        EXAMPLE_CHARTER.read_bytes(), content_type="application/json; charset=utf-8"
    )
    response["Content-Disposition"] = 'attachment; filename="exempel-medborgarlofte.json"'
    return open_to_all(response)


@require_safe
def docs(request: HttpRequest) -> HttpResponse:
    """The open data page: every endpoint, filter, JSON field and CSV column."""

    def page(extra: dict) -> HttpResponse:
        example = (
            Charter.objects.published()
            .select_related("municipality__county")
            .order_by("-published_at", "-id")
            .first()
        )
        municipality = (
            example.municipality
            if example
            else Municipality.objects.select_related("county").order_by("name").first()
        )
        slug = municipality.slug if municipality else "saffle"
        county = municipality.county.code if municipality else "17"
        context = {
            "schema_version": SCHEMA_VERSION,
            "page_size": PAGE_SIZE,
            "objects": SCHEMA,
            "list_envelope": LIST_ENVELOPE,
            "codes": code_docs(),
            "import_rows": import_rows(),
            "import_example": EXAMPLE_CHARTER.read_text(encoding="utf-8"),
            "filters": [(name, FILTER_DOCS[name]) for name in FILTER_DOCS],
            "municipality_filters": MUNICIPALITY_FILTERS,
            "charter_filters": CHARTER_FILTERS,
            "datasets": DATASETS.values(),
            "example": {
                "slug": slug,
                "county": county,
                "charter_id": example.pk if example else 1,
                "municipalities": reverse("opendata:api_municipalities"),
                "municipality": reverse("opendata:api_municipality", kwargs={"slug": slug}),
                "charters": reverse("opendata:api_charters"),
                "charter": reverse(
                    "opendata:api_charter", kwargs={"pk": example.pk if example else 1}
                ),
                "csv": reverse("opendata:api_csv", kwargs={"dataset": "aktiviteter"}),
                "national_feed": reverse("opendata:national_feed"),
                "municipality_feed": reverse("opendata:municipality_feed", kwargs={"slug": slug}),
                "ical": reverse("opendata:activities_ical", kwargs={"slug": slug}),
            },
            "seo": seo.page_meta(
                request,
                _("Open data"),
                _(
                    "The citizen promises of every municipality as open data: JSON, CSV, Atom "
                    "feeds and calendars, free to use."
                ),
            ),
            **extra,
        }
        return render(request, "opendata/docs.html", context)

    return cache.cached_response(request, [cache.NATIONAL], page)
