"""Following a kommun by email: the form, the confirmation link, one-click unsubscribe.

None of these pages is cached, and none tells whether an address follows a kommun: the form
answers the same for a new and a known address, and is rate limited per client and per address
before the address is looked up.
"""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from config.lib import ratelimit
from followups.notices import services
from followups.notices.forms import SubscribeForm
from situations.models import Municipality

SENT_PARAMETER = "skickat"


def _message(request: HttpRequest, title: str, text: str, *, status: int = 200, **context):
    return render(
        request,
        "public/subscription_message.html",
        {"title": title, "text": text, **context},
        status=status,
    )


@require_http_methods(["GET", "HEAD", "POST"])
def subscribe(request: HttpRequest, slug: str) -> HttpResponse:
    municipality = Municipality.objects.filter(slug=slug).first()
    if municipality is None:
        return _message(
            request,
            _("We cannot find that municipality"),
            _(
                "There is no municipality at this address, so there is nothing to follow. "
                "Find your municipality on the start page and follow it from its page."
            ),
            status=404,
        )
    context = {"municipality": municipality}
    if request.method != "POST":
        if request.GET.get(SENT_PARAMETER):
            return render(request, "public/subscription_sent.html", context)
        return render(
            request, "public/subscribe.html", {**context, "subscribe_form": SubscribeForm()}
        )
    form = SubscribeForm(request.POST)
    context["subscribe_form"] = form
    if not form.is_valid():
        return render(request, "public/subscribe.html", context)
    rate = settings.SUBSCRIPTION_RATE_LIMIT
    limits = [
        ratelimit.hit(request, "subscribe", rate),
        ratelimit.hit(
            request,
            "subscribe_email",
            rate,
            key=services.normalize_email(form.cleaned_data["email"]),
        ),
    ]
    refused = [limit for limit in limits if not limit.allowed]
    if refused:
        limit = max(refused, key=lambda limit: limit.retry_after)
        response = render(
            request,
            "public/subscribe.html",
            {**context, "retry_after_minutes": limit.retry_after_minutes},
            status=429,
        )
        response["Retry-After"] = str(limit.retry_after)
        return response
    services.subscription_request(
        municipality=municipality,
        email=form.cleaned_data["email"],
        charters=form.charters,
        surveys=form.surveys,
        language=form.cleaned_data["language"],
    )
    return redirect(f"{reverse('public:subscribe', kwargs={'slug': slug})}?{SENT_PARAMETER}=1")


def _link_error(request: HttpRequest, error: services.LinkError) -> HttpResponse:
    return _message(
        request,
        _("The link cannot be used"),
        error.message,
        status=200 if error.code == "used" else 400,
    )


@require_http_methods(["GET", "HEAD", "POST"])
def subscription_confirm(request: HttpRequest, token: str) -> HttpResponse:
    """GET shows a button (mail scanners that open links confirm nothing); POST confirms."""
    if request.method != "POST":
        try:
            services.subscription_check(token=token)
        except services.LinkError as error:
            return _link_error(request, error)
        return render(request, "public/subscription_confirm.html", {"token": token})
    try:
        subscription = services.subscription_confirm(token=token)
    except services.LinkError as error:
        return _link_error(request, error)
    return render(
        request,
        "public/subscription_confirmed.html",
        {"municipality": subscription.municipality, "subscription": subscription},
    )


@csrf_exempt  # RFC 8058: a mail program's one-click POST carries no token and no cookie
@require_http_methods(["GET", "HEAD", "POST"])
def unsubscribe(request: HttpRequest, token: str) -> HttpResponse:
    """GET shows a button; POST (the button, or a mail program's one click) unsubscribes.

    The answer is the same whether the address still followed the kommun or not.
    """
    try:
        if request.method != "POST":
            subscription = services.subscription_for_unsubscribe(token)
            return render(
                request,
                "public/unsubscribe.html",
                {
                    "token": token,
                    "municipality": subscription.municipality if subscription else None,
                },
            )
        services.subscription_cancel(token=token)
    except services.LinkError as error:
        return _link_error(request, error)
    return render(request, "public/unsubscribed.html")
