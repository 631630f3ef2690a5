"""A kommun's published council reports (rapport till kommunfullmäktige), as residents read
them: the page, laid out for print, and its tables as CSV. A draft answers 404."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from config.lib import cache
from followups.council.export import csv_response
from followups.council.models import CouncilReport
from followups.council.selectors import load_council_report
from followups.progress import FORMULA
from followups.public import seo
from situations.models import Municipality


def published_report(municipality: Municipality, year: int) -> CouncilReport:
    return get_object_or_404(
        CouncilReport.objects.published(), municipality=municipality, year=year
    )


@cache.cache_first
def council_report(request: HttpRequest, slug: str, year: int) -> HttpResponse:
    place = get_object_or_404(Municipality.objects.with_geography(), slug=slug)

    def page(extra: dict) -> HttpResponse:
        report = published_report(place, year)
        return render(
            request,
            "public/council_report.html",
            {
                "municipality": place,
                "report": report,
                "progress_formula": FORMULA,
                "council": load_council_report(place, year),
                "seo": seo.council_report_meta(request, place, report),
                **extra,
            },
        )

    return cache.cached_response(request, [place.pk], page)


def council_report_csv(request: HttpRequest, slug: str, year: int) -> HttpResponse:
    place = get_object_or_404(Municipality, slug=slug)
    published_report(place, year)
    return csv_response(place, year)
