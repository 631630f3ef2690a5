"""The public page of a medborgarenkät, where residents answer anonymously.

Nothing about the person who answers is stored: no account, no IP address, no user agent, no
session, only the day. One answer per browser is asked for with a signed cookie that says only
"answered"; the address is counted for the rate limit in the cache alone (config.lib.ratelimit).
The empty form is served from the public page cache; a browser that has answered gets its own,
uncached page.
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.cache import add_never_cache_headers, patch_vary_headers
from django.views.decorators.http import require_http_methods

from config.lib import cache, ratelimit, requestlog
from situations import services
from situations.forms.surveys import AnswerForm
from situations.models import Place, Survey
from situations.surveys import survey_questions

THANKS_PARAMETER = "tack"
COOKIE_SALT = "situations.survey.answered"
COOKIE_MAX_AGE = 60 * 60 * 24 * 400  # about the longest a browser keeps a cookie
ANSWERED = "1"


def cookie_name(survey: Survey) -> str:
    return f"enkat-{survey.pk}"


def has_answered(request: HttpRequest, survey: Survey) -> bool:
    """Whether this browser carries our signed "answered" cookie for SURVEY."""
    value = request.get_signed_cookie(cookie_name(survey), default=None, salt=COOKIE_SALT)
    return value == ANSWERED


def personal(response: HttpResponse) -> HttpResponse:
    """Keep browsers and proxies from reusing a page that depends on the visitor's cookie."""
    add_never_cache_headers(response)
    patch_vary_headers(response, ["Cookie"])
    return response


def render_form(request, survey, form, extra: dict | None = None, status: int = 200):
    return render(
        request,
        "public/survey_answer.html",
        {"survey": survey, "municipality": survey.municipality, "form": form, **(extra or {})},
        status=status,
    )


def answer_form(survey: Survey, data=None) -> AnswerForm:
    places = list(Place.objects.filter(municipality_id=survey.municipality_id).order_by("name"))
    return AnswerForm(data, questions=survey_questions(survey), places=places)


@require_http_methods(["GET", "HEAD", "POST"])
def survey_answer(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    survey = get_object_or_404(
        Survey.objects.public().select_related("municipality__county"),
        municipality__slug=slug,
        pk=pk,
    )
    context = {"survey": survey, "municipality": survey.municipality}
    if request.GET.get(THANKS_PARAMETER) or has_answered(request, survey):
        thanked = bool(request.GET.get(THANKS_PARAMETER))
        return personal(
            render(request, "public/survey_answered.html", {**context, "thanked": thanked})
        )
    today = timezone.localdate()
    if not survey.is_open_on(today):
        return personal(
            render(
                request,
                "public/survey_unavailable.html",
                {
                    **context,
                    "not_yet": survey.status == Survey.Status.PUBLISHED
                    and today < survey.opens_on,
                },
            )
        )

    if request.method != "POST":
        response = cache.cached_response(
            request,
            [survey.municipality_id],
            lambda extra: render_form(request, survey, answer_form(survey), extra),
        )
        return personal(response)

    # The request log keeps the day of an answer, nothing that could match it with its row.
    requestlog.log_day_only(request)
    form = answer_form(survey, request.POST)
    if form.is_from_bot:
        # Looks like success, so the bot learns nothing; nothing is stored.
        return redirect(f"{survey.get_absolute_url()}?{THANKS_PARAMETER}=1")
    if not form.is_valid():
        return personal(render_form(request, survey, form))
    limit = ratelimit.hit(request, "survey", settings.SURVEY_RATE_LIMIT)
    if not limit.allowed:
        response = render_form(request, survey, form, {"limit": limit}, status=429)
        response["Retry-After"] = str(limit.retry_after)
        return personal(response)
    try:
        services.response_submit(survey=survey, answers=form.answers())
    except ValidationError:
        # Closed between loading the page and sending it.
        return personal(
            render(request, "public/survey_unavailable.html", {**context, "not_yet": False})
        )
    response = redirect(f"{survey.get_absolute_url()}?{THANKS_PARAMETER}=1")
    response.set_signed_cookie(
        cookie_name(survey),
        ANSWERED,
        salt=COOKIE_SALT,
        max_age=COOKIE_MAX_AGE,
        httponly=True,
        samesite="Lax",
        secure=request.is_secure(),
        path=survey.get_absolute_url(),
    )
    return response
