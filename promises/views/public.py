"""Public pages about charters across kommuner: the start page, the overview, the archive."""

from django.core.paginator import Paginator
from django.db.models import Count, Exists, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.text import slugify

from config.lib import cache
from promises.filters import MunicipalityOverviewFilter
from promises.models import Charter
from situations.models import Municipality

OVERVIEW_PAGE_SIZE = 50


def municipalities_with_charter_state():
    """Every kommun, annotated with its current published charter and whether it has one."""
    today = timezone.localdate()
    published = Charter.objects.filter(
        municipality=OuterRef("pk"), status=Charter.Status.PUBLISHED
    )
    # The charter a resident sees first, as Charter.objects.current_for() chooses it.
    started = published.filter(period_start__lte=today).order_by("-period_start", "-id")
    upcoming = published.order_by("period_start", "id")
    return Municipality.objects.select_related("county__police_region").annotate(
        has_published=Exists(published),
        has_closed=Exists(
            Charter.objects.filter(municipality=OuterRef("pk"), status=Charter.Status.CLOSED)
        ),
        charter_pk=Coalesce(
            Subquery(started.values("pk")[:1]), Subquery(upcoming.values("pk")[:1])
        ),
        charter_start=Coalesce(
            Subquery(started.values("period_start")[:1]),
            Subquery(upcoming.values("period_start")[:1]),
        ),
    )


def search_municipalities(query: str):
    """Kommuner whose name contains QUERY, also when typed without å, ä and ö."""
    return Municipality.objects.filter(
        Q(name__icontains=query) | Q(slug__contains=slugify(query))
    ).select_related("county")


def home(request: HttpRequest) -> HttpResponse:
    # No kommun has a NUL in its name, and PostgreSQL refuses one in a query.
    query = request.GET.get("q", "").replace("\x00", "").strip()[:100]
    if query:
        matches = list(search_municipalities(query)[:50])
        if len(matches) == 1:
            return redirect("followups:municipality", slug=matches[0].slug)
        return render(request, "promises/home_search.html", {"query": query, "matches": matches})

    def page(extra: dict) -> HttpResponse:
        municipalities = list(municipalities_with_charter_state().order_by("county__code", "name"))
        published = [m for m in municipalities if m.has_published]
        charters = Charter.objects.filter(status=Charter.Status.PUBLISHED)
        followed_up = charters.filter(rounds__published_at__isnull=False).distinct()
        counts = charters.aggregate(total=Count("pk"))
        counts["followed_up"] = followed_up.count()
        share = round(100 * counts["followed_up"] / counts["total"]) if counts["total"] else None
        return render(
            request,
            "promises/home.html",
            {
                "municipalities": municipalities,
                "published_count": len(published),
                "municipality_count": len(municipalities),
                "charter_count": counts["total"],
                "followed_up_share": share,
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
        paginator = Paginator(queryset, OVERVIEW_PAGE_SIZE)
        page_obj = paginator.get_page(request.GET.get("sida"))
        rows = list(page_obj.object_list)
        charters = Charter.objects.in_bulk([m.charter_pk for m in rows if m.charter_pk])
        for municipality in rows:
            municipality.current_charter = charters.get(municipality.charter_pk)
        query = request.GET.copy()
        query.pop("sida", None)
        return render(
            request,
            "promises/overview.html",
            {
                "filter": filterset,
                "page_obj": page_obj,
                "rows": rows,
                "query_string": query.urlencode(),
            },
        )

    return cache.cached_response(request, [cache.NATIONAL], page)


@cache.cache_first
def archive(request: HttpRequest, slug: str) -> HttpResponse:
    municipality = get_object_or_404(Municipality, slug=slug)

    def page(extra: dict) -> HttpResponse:
        charters = (
            Charter.objects.published()
            .filter(municipality=municipality)
            .order_by("-period_start", "-id")
        )
        return render(
            request,
            "promises/archive.html",
            {"municipality": municipality, "charters": list(charters), **extra},
        )

    return cache.cached_response(request, [municipality.pk], page)
