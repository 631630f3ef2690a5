"""What search engines and link previews read of a public page: its title, a description from
its content, its canonical address, whether it may be indexed, and the Open Graph tags made of
them (templates/public/_seo.html, in the head of templates/base.html).

The one rule for variants: a page's canonical address is its path without a query string. A
page shown otherwise than at that address (the overview filtered, sorted or on a later page, a
search on the start page, a charter's print layout) points there and carries "noindex,
follow": search engines follow its links to the kommun pages but list only the plain page. A
parameter the page does not read (?utm_source=…) changes neither: the page is the plain one.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.http import HttpRequest
from django.utils.formats import date_format
from django.utils.text import Truncator
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

if TYPE_CHECKING:
    from followups.council.models import CouncilReport
    from followups.public.reports import ReportPage
    from followups.public.selectors import CharterPage
    from promises.models import Charter
    from situations.models import Municipality

# Search engines show about 160 characters; a little more keeps a sentence whole in previews.
DESCRIPTION_LENGTH = 200

SENTENCE_END = re.compile(r"(?<=[.!?])\s")


@dataclass(frozen=True)
class PageMeta:
    title: str
    description: str
    url: str  # the canonical address, absolute
    noindex: bool = False
    type: str = "website"  # og:type: "article" for a document (a charter, a report)


def page_meta(
    request: HttpRequest,
    title: str,
    description: str,
    *,
    canonical: str | None = None,
    reads: Iterable[str] = (),
    type: str = "website",
) -> PageMeta:
    """The meta of the page REQUEST asks for.

    CANONICAL is the path of the page this one shows in another form (the print layout's
    charter page); READS are the query parameters that change what the page shows. Either
    makes the page a variant: canonical to the plain page, not indexed.
    """
    variant = canonical is not None or any(request.GET.get(name, "").strip() for name in reads)
    return PageMeta(
        title=str(title),
        description=Truncator(" ".join(str(description).split())).chars(DESCRIPTION_LENGTH),
        url=request.build_absolute_uri(canonical or request.path),
        noindex=variant,
        type=type,
    )


def first_sentence(text: str) -> str:
    """The first sentence of TEXT (a charter's summary, a foreword), or "" if it is empty."""
    text = " ".join(text.split())
    return SENTENCE_END.split(text, maxsplit=1)[0] if text else ""


def joined(*parts: str) -> str:
    """PARTS that are not empty, as one text."""
    return " ".join(part for part in parts if part)


# --- Each page's meta, from what the page already loaded: no query of its own -----------------


def home_meta(request: HttpRequest, *, published: int, total: int) -> PageMeta:
    return page_meta(
        request,
        _("What does your municipality promise?"),
        _(
            "Find what your municipality and the police have promised to make it safer, and "
            "what came of it: %(published)s of %(total)s municipalities have published a "
            "citizen promise."
        )
        % {"published": published, "total": total},
        reads=["q"],
    )


def search_meta(request: HttpRequest, query: str) -> PageMeta:
    return page_meta(
        request,
        _("Search: %(query)s") % {"query": query},
        _("The municipalities whose name matches “%(query)s”.") % {"query": query},
        reads=["q"],
    )


def overview_meta(request: HttpRequest, reads: Iterable[str]) -> PageMeta:
    return page_meta(
        request,
        _("Every municipality"),
        _(
            "Every municipality in Sweden and the state of its citizen promise: in force, "
            "only earlier ones or none yet, with how far its promises have come."
        ),
        reads=reads,
    )


def municipality_meta(request: HttpRequest, place: Municipality, page: CharterPage) -> PageMeta:
    """The kommun page with its charter in force (or announced)."""
    charter = page.charter
    count = len(page.promises)
    about = ngettext(
        "The citizen promise of %(name)s for %(period)s: %(count)s promise by the "
        "municipality and the police, and what came of it.",
        "The citizen promise of %(name)s for %(period)s: %(count)s promises by the "
        "municipality and the police, and what came of them.",
        count,
    ) % {"name": place.name, "period": charter.period_label, "count": count}
    return page_meta(
        request,
        _("Citizen promise of %(name)s") % {"name": place.name},
        joined(about, first_sentence(charter.summary)),
    )


def municipality_without_charter_meta(
    request: HttpRequest, place: Municipality, *, archived: list[Charter], upcoming: Charter | None
) -> PageMeta:
    names = {"name": place.name, "county": place.county.name}
    if upcoming is not None:
        description = _(
            "%(name)s in %(county)s has a citizen promise that comes into force on %(date)s. "
            "Read what the municipality and the police promise."
        ) % {**names, "date": date_format(upcoming.period_start, "j F Y")}
    elif archived:
        description = (
            _(
                "%(name)s in %(county)s has no citizen promise in force today. Read its earlier "
                "citizen promises and what came of them."
            )
            % names
        )
    else:
        description = (
            _(
                "%(name)s in %(county)s has no published citizen promise yet. Send the "
                "municipality your views, tips and ideas."
            )
            % names
        )
    return page_meta(request, place.name, description)


def archive_meta(request: HttpRequest, place: Municipality, charters: list[Charter]) -> PageMeta:
    if charters:
        description = _("Every citizen promise of %(name)s, period by period: %(periods)s.") % {
            "name": place.name,
            "periods": ", ".join(charter.period_label for charter in charters),
        }
    else:
        description = _("No citizen promise of %(name)s has been published yet.") % {
            "name": place.name
        }
    return page_meta(
        request, _("Citizen promises of %(name)s") % {"name": place.name}, description
    )


def charter_meta(
    request: HttpRequest, place: Municipality, page: CharterPage, *, print_layout: bool = False
) -> PageMeta:
    """The charter page, and its print layout, which points to it."""
    charter = page.charter
    about = _(
        "%(title)s, the citizen promise of %(name)s for %(period)s: each promise, its "
        "activities and how it was followed up."
    ) % {"title": charter.title, "name": place.name, "period": charter.period_label}
    title = f"{charter.title} – {place.name}"
    if print_layout:
        title = _("%(title)s (print)") % {"title": title}
    return page_meta(
        request,
        title,
        joined(about, first_sentence(charter.summary)),
        canonical=charter.get_absolute_url() if print_layout else None,
        type="article",
    )


def charter_changes_meta(request: HttpRequest, place: Municipality, charter: Charter) -> PageMeta:
    """The change log of a published charter."""
    return page_meta(
        request,
        _("Changes since the signing – %(title)s – %(name)s")
        % {"title": charter.title, "name": place.name},
        _(
            "Every correction of %(title)s, the citizen promise of %(name)s, since it was "
            "signed: when, why, by whom of the parties, and what it said before and after."
        )
        % {"title": charter.title, "name": place.name},
    )


def round_report_meta(request: HttpRequest, place: Municipality, report: ReportPage) -> PageMeta:
    charter, round_ = report.charter, report.round
    return page_meta(
        request,
        f"{round_.display_title} – {charter.title} – {place.name}",
        _(
            "%(name)s, follow-up report %(round)s: what came of each promise of %(charter)s "
            "(%(period)s)."
        )
        % {
            "name": place.name,
            "round": round_.display_title,
            "charter": charter.title,
            "period": charter.period_label,
        },
        type="article",
    )


def council_report_meta(
    request: HttpRequest, place: Municipality, report: CouncilReport
) -> PageMeta:
    names = {"name": place.name, "year": report.year}
    about = (
        _(
            "The report of the municipal executive board of %(name)s to the council on the "
            "crime prevention work in %(year)s: the situation picture, the citizen promise and "
            "what came of it."
        )
        % names
    )
    return page_meta(
        request,
        _("Report to the municipal council %(year)s – %(name)s") % names,
        joined(about, first_sentence(report.foreword)),
        type="article",
    )
