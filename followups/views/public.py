"""The public kommun page, charter pages and follow-up reports, as residents read them without
logging in."""

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone

from config.lib import cache
from followups.models import FollowUpRound
from followups.progress import FORMULA
from followups.selectors import load_charter_page, load_round_report
from promises.models import Charter, current_of
from situations.models import Municipality


def get_public_charter(municipality: Municipality, pk: int) -> Charter:
    """A published or closed charter of MUNICIPALITY, or 404: drafts never reach residents."""
    charter = get_object_or_404(
        Charter.objects.published().select_related("police_area", "situation_report"),
        municipality=municipality,
        pk=pk,
    )
    charter.municipality = municipality
    return charter


def public_charters(municipality: Municipality) -> list[Charter]:
    """MUNICIPALITY's published and closed charters, newest first, in one query."""
    charters = list(
        Charter.objects.published()
        .filter(municipality=municipality)
        .select_related("police_area", "situation_report")
        .order_by("-period_start", "-id")
    )
    for charter in charters:
        charter.municipality = municipality  # loaded already: no query for its address
    return charters


def charter_context(charter: Charter) -> dict:
    return {"page": load_charter_page(charter), "progress_formula": FORMULA}


@cache.cache_first
def municipality(request: HttpRequest, slug: str) -> HttpResponse:
    place = get_object_or_404(Municipality.objects.with_geography(), slug=slug)

    def page(extra: dict) -> HttpResponse:
        charters = public_charters(place)
        current = current_of(charters, timezone.localdate())
        archived = [charter for charter in charters if charter.status == Charter.Status.CLOSED]
        context = {"municipality": place, "archived": archived, **extra}
        if current is None:
            return render(request, "followups/municipality_without_charter.html", context)
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
        charters = public_charters(place)
        charter = next((charter for charter in charters if charter.pk == pk), None)
        if charter is None:
            raise Http404
        return render(
            request,
            "followups/charter_detail.html",
            {
                "municipality": place,
                **charter_context(charter),
                "is_current": current_of(charters, timezone.localdate()) == charter,
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


@cache.cache_first
def round_report(request: HttpRequest, slug: str, pk: int, round_pk: int) -> HttpResponse:
    """A published follow-up report: what came of each promise in the round."""
    place = get_object_or_404(Municipality.objects.with_geography(), slug=slug)

    def page(extra: dict) -> HttpResponse:
        charter = get_public_charter(place, pk)
        round_ = get_object_or_404(
            FollowUpRound.objects.filter(charter=charter, published_at__isnull=False),
            pk=round_pk,
        )
        round_.charter = charter
        return render(
            request,
            "followups/round_report.html",
            {"municipality": place, "report": load_round_report(round_), **extra},
        )

    return cache.cached_response(request, [place.pk], page)
