"""The public kommun page and charter pages, as residents read them without logging in."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from followups.progress import FORMULA
from followups.selectors import load_charter_page
from promises.models import Charter
from situations import cache
from situations.models import Municipality


def get_public_charter(municipality: Municipality, pk: int) -> Charter:
    """A published or closed charter of MUNICIPALITY, or 404: drafts never reach residents."""
    return get_object_or_404(
        Charter.objects.published().select_related(
            "municipality", "police_area", "situation_report"
        ),
        municipality=municipality,
        pk=pk,
    )


def charter_context(charter: Charter) -> dict:
    return {"page": load_charter_page(charter), "progress_formula": FORMULA}


@cache.cache_first
def municipality(request: HttpRequest, slug: str) -> HttpResponse:
    place = get_object_or_404(Municipality.objects.with_geography(), slug=slug)

    def page(extra: dict) -> HttpResponse:
        current = Charter.objects.current_for(place)
        archived = list(
            Charter.objects.archived()
            .filter(municipality=place)
            .select_related("municipality")
            .order_by("-period_start")
        )
        context = {"municipality": place, "archived": archived, **extra}
        if current is None:
            return render(request, "followups/municipality_without_charter.html", context)
        current = Charter.objects.select_related(
            "municipality", "police_area", "situation_report"
        ).get(pk=current.pk)
        return render(
            request,
            "followups/municipality.html",
            {**context, **charter_context(current), "is_current": True},
        )

    return cache.cached_response(request, [place.pk], page)


@cache.cache_first
def charter_detail(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    place = get_object_or_404(Municipality.objects.with_geography(), slug=slug)

    def page(extra: dict) -> HttpResponse:
        charter = get_public_charter(place, pk)
        current = Charter.objects.current_for(place)
        return render(
            request,
            "followups/charter_detail.html",
            {
                "municipality": place,
                **charter_context(charter),
                "is_current": current is not None and current.pk == charter.pk,
                **extra,
            },
        )

    return cache.cached_response(request, [place.pk], page)


@cache.cache_first
def charter_print(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    place = get_object_or_404(Municipality.objects.with_geography(), slug=slug)

    def page(extra: dict) -> HttpResponse:
        charter = get_public_charter(place, pk)
        return render(
            request,
            "followups/charter_print.html",
            {"municipality": place, **charter_context(charter), **extra},
        )

    return cache.cached_response(request, [place.pk], page)
