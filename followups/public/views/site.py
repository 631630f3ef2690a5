"""The pages about the site itself, and what crawlers read first: robots.txt, pointing to the
sitemap (followups/public/sitemaps.py)."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from followups.public import seo

# Nothing there is for search engines: the workspace, the admin and the accounts answer a
# login page, and the language switch and the page feedback take only POSTs. The overview's
# filtered variants stay open: crawlers must fetch them to read their "noindex, follow".
DISALLOWED = ["/arbetsyta/", "/admin/", "/konto/", "/i18n/", "/synpunkt/"]


@require_safe
def robots_txt(request: HttpRequest) -> HttpResponse:
    lines = [
        "User-agent: *",
        *(f"Disallow: {path}" for path in DISALLOWED),
        "",
        f"Sitemap: {request.build_absolute_uri(reverse('public:sitemap'))}",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")


def _about_page(request: HttpRequest, template: str, title: str, description: str) -> HttpResponse:
    """A page about the site itself: its template with its title and description."""
    meta = seo.page_meta(request, title, description)
    return render(request, template, {"seo": meta})


@require_safe
def accessibility(request: HttpRequest) -> HttpResponse:
    return _about_page(
        request,
        "public/accessibility.html",
        _("Accessibility statement"),
        _(
            "How the website Citizen promises meets the law on accessibility to digital public "
            "services, the problems we know of and how to report a shortcoming to us."
        ),
    )


@require_safe
def privacy(request: HttpRequest) -> HttpResponse:
    return _about_page(
        request,
        "public/privacy.html",
        _("Personal data"),
        _(
            "What the website Citizen promises stores when you send a tip, answer a survey or "
            "tell us whether a page helped you, why, for how long, and your rights."
        ),
    )
