"""Residents' tips and the "Did the information help you?" counter.

Neither view is cached: they answer POSTs and show pages that depend on what was sent. Both
count posts per client in the cache (config.lib.ratelimit) and store nothing about the sender.
"""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from config.lib import ratelimit
from situations.forms.public import PageFeedbackForm, TipForm
from situations.models import Municipality, PageFeedback

THANKS_PARAMETER = "tack"


def rate_limited(request: HttpRequest, limit: ratelimit.Limit, context: dict) -> HttpResponse:
    response = render(
        request,
        "public/rate_limited.html",
        {"retry_after_minutes": limit.retry_after_minutes, **context},
        status=429,
    )
    response["Retry-After"] = str(limit.retry_after)
    return response


@require_http_methods(["GET", "HEAD", "POST"])
def tip(request: HttpRequest, slug: str) -> HttpResponse:
    municipality = get_object_or_404(Municipality.objects.with_geography(), slug=slug)
    thanks_url = f"{reverse('public:tip', kwargs={'slug': slug})}?{THANKS_PARAMETER}=1"

    if request.method != "POST":
        if request.GET.get(THANKS_PARAMETER):
            return render(request, "public/thanks.html", {"municipality": municipality})
        form = TipForm(municipality=municipality)
        return render(request, "public/tip.html", {"municipality": municipality, "tip_form": form})

    form = TipForm(request.POST, municipality=municipality)
    if form.is_from_bot:
        # Looks like success, so the bot learns nothing; nothing is stored.
        return redirect(thanks_url)
    if not form.is_valid():
        return render(request, "public/tip.html", {"municipality": municipality, "tip_form": form})
    limit = ratelimit.hit(request, "tip", getattr(settings, "TIP_RATE_LIMIT", "5/h"))
    if not limit.allowed:
        return rate_limited(request, limit, {"municipality": municipality, "tip_form": form})
    form.save()
    return redirect(thanks_url)


def page_feedback(request: HttpRequest) -> HttpResponse:
    if request.method != "POST":
        response = render(request, "public/feedback_invalid.html", status=405)
        response["Allow"] = "POST"
        return response
    form = PageFeedbackForm(request.POST)
    if not form.is_valid():
        return render(request, "public/feedback_invalid.html", status=400)
    page = form.cleaned_data["page"]
    limit = ratelimit.hit(request, "feedback", getattr(settings, "FEEDBACK_RATE_LIMIT", "30/h"))
    if not limit.allowed:
        return rate_limited(request, limit, {"page": page})
    PageFeedback.objects.record(page=page, helpful=form.helpful)
    return render(request, "public/feedback_thanks.html", {"page": page, "helpful": form.helpful})
