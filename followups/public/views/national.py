"""The national pages: the start page, where residents find their kommun, and the overview of
every kommun and the state of its charter."""

from django.core.paginator import EmptyPage, Page, PageNotAnInteger, Paginator
from django.db.models import Count
from django.http import Http404, HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.utils import timezone

from config.lib import cache
from followups import progress
from followups.progress import LINKS_EXPLAINED, LinkShares
from followups.public import seo
from followups.public.filters import MunicipalityOverviewFilter
from followups.public.links import links_of
from followups.public.selectors import (
    figures_of,
    municipalities_with_charter_state,
    search_municipalities,
)
from promises.models import Charter

OVERVIEW_PAGE_SIZE = 50
# The query parameters the overview reads: its filters and its page. Any other (?utm_source=)
# neither changes the page nor gets a cache entry of its own.
OVERVIEW_PARAMS = (*MunicipalityOverviewFilter.base_filters, "sida")


def home(request: HttpRequest) -> HttpResponse:
    # No kommun has a NUL in its name, and PostgreSQL refuses one in a query.
    query = request.GET.get("q", "").replace("\x00", "").strip()[:100]
    if query:
        matches = list(search_municipalities(query)[:50])
        if len(matches) == 1:
            return redirect("public:municipality", slug=matches[0].slug)
        return render(
            request,
            "public/home_search.html",
            {"query": query, "matches": matches, "seo": seo.search_meta(request, query)},
        )

    def page(extra: dict) -> HttpResponse:
        municipalities = list(municipalities_with_charter_state().order_by("county__code", "name"))
        published = [m for m in municipalities if m.has_published]
        # The charters in force or announced: one whose period is over no longer counts.
        charters = Charter.objects.filter(
            status=Charter.Status.PUBLISHED, period_end__gte=timezone.localdate()
        )
        followed_up = charters.filter(rounds__published_at__isnull=False).distinct()
        counts = charters.aggregate(total=Count("pk"))
        counts["followed_up"] = followed_up.count()
        share = round(100 * counts["followed_up"] / counts["total"]) if counts["total"] else None
        # Each kommun's current charter, as on the overview: two queries.
        links = links_of([m.charter_pk for m in municipalities if m.charter_pk])
        return render(
            request,
            "public/home.html",
            {
                "municipalities": municipalities,
                "published_count": len(published),
                "municipality_count": len(municipalities),
                "charter_count": counts["total"],
                "followed_up_share": share,
                "links": LinkShares.total(links.values()),
                "seo": seo.home_meta(request, published=len(published), total=len(municipalities)),
                **extra,
            },
        )

    return cache.cached_response(request, [cache.NATIONAL], page)


def overview(request: HttpRequest) -> HttpResponse:
    def page(extra: dict) -> HttpResponse:
        filterset = MunicipalityOverviewFilter(
            request.GET or None, queryset=municipalities_with_charter_state().order_by("name")
        )
        queryset = (
            filterset.qs if filterset.is_bound and filterset.is_valid() else (filterset.queryset)
        )
        page_obj = page_of(Paginator(queryset, OVERVIEW_PAGE_SIZE), request.GET.get("sida"))
        rows = list(page_obj.object_list)
        charters = Charter.objects.in_bulk([m.charter_pk for m in rows if m.charter_pk])
        # Each charter's progress and latest report, as its page shows them: three queries.
        figures = figures_of(list(charters.values()))
        # How promises and problems answer each other, for every kommun's current charter:
        # the page's rows and the country's totals, in two queries.
        links = links_of(municipalities_with_charter_state().values("charter_pk"))
        for municipality in rows:
            municipality.current_charter = charters.get(municipality.charter_pk)
            municipality.figures = figures.get(municipality.charter_pk)
            municipality.links = links.get(municipality.charter_pk)
        query = QueryDict(mutable=True)
        for name in OVERVIEW_PARAMS:
            if name != "sida" and name in request.GET:
                query.setlist(name, request.GET.getlist(name))
        return render(
            request,
            "public/overview.html",
            {
                "filter": filterset,
                "page_obj": page_obj,
                "rows": rows,
                "query_string": query.urlencode(),
                "links_total": LinkShares.total(links.values()),
                "links_explained": LINKS_EXPLAINED,
                "seo": seo.overview_meta(request, reads=[*filterset.base_filters, "sida"]),
                **extra,
            },
        )

    return cache.cached_response(
        request, [cache.NATIONAL, progress.CACHE_SCOPE], page, params=OVERVIEW_PARAMS
    )


def page_of(paginator: Paginator, number: str | None) -> Page:
    """The page NUMBER of PAGINATOR: the first if NUMBER is no number at all (?sida=abc), a
    404 if it is one that does not exist (?sida=0, ?sida=999), never an empty page."""
    try:
        return paginator.page((number or "").strip() or 1)
    except PageNotAnInteger:
        return paginator.page(1)
    except EmptyPage as error:
        raise Http404(str(error)) from error
