"""A kommun's public pages: its current charter, every earlier one, the print view and the
published follow-up reports, as residents read them without logging in.

Each page is cached per kommun (config.lib.cache) and holds what it shows: the tip form and
the surveys open today come from the view, so that the templates run no queries of their own.
"""

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone

from config.lib import cache
from followups.models import CouncilReport, FollowUpRound
from followups.notices.forms import SubscribeForm
from followups.public import reads, seo
from followups.public.changes import correction_view
from followups.public.reports import load_round_report
from followups.public.selectors import (
    charter_context,
    get_public_charter,
    kommun_reads,
    public_charters,
    public_municipality,
    with_municipality,
)
from promises.models import Charter, current_of, ended_of, upcoming_of
from situations.forms.public import TipForm
from situations.models import Municipality


def council_reports(municipality: Municipality) -> list[CouncilReport]:
    """The kommun's published reports to its council, newest first: one query."""
    return with_municipality(
        municipality, reads.COUNCIL_REPORTS.objects(municipality=municipality.pk)
    )


@cache.cache_first
def municipality(request: HttpRequest, slug: str) -> HttpResponse:
    place = public_municipality(slug)

    def page(extra: dict) -> HttpResponse:
        found = kommun_reads(place)
        today = timezone.localdate()
        current = current_of(found.charters, today)
        context = {
            "municipality": place,
            "archived": ended_of(found.charters, today),
            "upcoming": upcoming_of(found.charters, today),
            "police_areas": found.police_areas,
            "council_reports": found.council_reports,
            # The "take part" sections: the open surveys, an empty tip form and the form to
            # follow the kommun by email.
            "open_surveys": found.open_surveys,
            "tip_form": TipForm(municipality=place, places=found.places),
            "subscribe_form": SubscribeForm(),
            **extra,
        }
        if current is None:
            meta = seo.municipality_without_charter_meta(
                request, place, archived=context["archived"], upcoming=context["upcoming"]
            )
            return render(
                request, "public/municipality_without_charter.html", {**context, "seo": meta}
            )
        charter = charter_context(current)
        return render(
            request,
            "public/municipality.html",
            {
                **context,
                **charter,
                "is_current": True,
                "seo": seo.municipality_meta(request, place, charter["page"]),
            },
        )

    return cache.cached_response(request, [place.pk], page)


@cache.cache_first
def archive(request: HttpRequest, slug: str) -> HttpResponse:
    place = get_object_or_404(Municipality, slug=slug)

    def page(extra: dict) -> HttpResponse:
        charters = (
            Charter.objects.published().filter(municipality=place).order_by("-period_start", "-id")
        )
        charters = list(charters)
        return render(
            request,
            "public/archive.html",
            {
                "municipality": place,
                "charters": charters,
                "council_reports": council_reports(place),
                "seo": seo.archive_meta(request, place, charters),
                **extra,
            },
        )

    return cache.cached_response(request, [place.pk], page)


@cache.cache_first
def charter_detail(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    place = public_municipality(slug)

    def page(extra: dict) -> HttpResponse:
        charters = public_charters(place)
        charter = next((charter for charter in charters if charter.pk == pk), None)
        if charter is None:
            raise Http404
        context = charter_context(charter)
        return render(
            request,
            "public/charter_detail.html",
            {
                "municipality": place,
                **context,
                "seo": seo.charter_meta(request, place, context["page"]),
                "is_current": current_of(charters, timezone.localdate()) == charter,
                "upcoming": upcoming_of(charters, timezone.localdate()),
                **extra,
            },
        )

    return cache.cached_response(request, [place.pk], page)


@cache.cache_first
def charter_print(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    place = public_municipality(slug)

    def page(extra: dict) -> HttpResponse:
        context = charter_context(get_public_charter(place, pk))
        meta = seo.charter_meta(request, place, context["page"], print_layout=True)
        return render(
            request,
            "public/charter_print.html",
            {"municipality": place, **context, "seo": meta, **extra},
        )

    return cache.cached_response(request, [place.pk], page)


@cache.cache_first
def charter_changes(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """Ändringar sedan undertecknandet: every correction of a published charter, newest first,
    with its date, reason, party and public fields before and after. Three queries."""
    place = public_municipality(slug)

    def page(extra: dict) -> HttpResponse:
        charter = get_public_charter(place, pk)
        corrections = [
            correction_view(correction)
            for correction in reads.CORRECTIONS.objects(charter=charter.pk)
        ]
        return render(
            request,
            "public/charter_changes.html",
            {
                "municipality": place,
                "charter": charter,
                "corrections": corrections,
                "seo": seo.charter_changes_meta(request, place, charter),
                **extra,
            },
        )

    return cache.cached_response(request, [place.pk], page)


@cache.cache_first
def round_report(request: HttpRequest, slug: str, pk: int, round_pk: int) -> HttpResponse:
    """A published follow-up report: what came of each promise in the round."""
    place = public_municipality(slug)

    def page(extra: dict) -> HttpResponse:
        charter = get_public_charter(place, pk)
        round_ = get_object_or_404(
            FollowUpRound.objects.filter(charter=charter, published_at__isnull=False),
            pk=round_pk,
        )
        round_.charter = charter
        report = load_round_report(round_)
        return render(
            request,
            "public/round_report.html",
            {
                "municipality": place,
                "report": report,
                "seo": seo.round_report_meta(request, place, report),
                **extra,
            },
        )

    return cache.cached_response(request, [place.pk], page)
