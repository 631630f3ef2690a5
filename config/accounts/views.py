"""Logging in and out, and changing or resetting a password, with Django's auth views.

"Logga ut överallt" ends the user's sessions in other browsers (config.accounts.sessions).

Login failures are counted by django-axes (see AUTHENTICATION_BACKENDS and AXES_* in settings);
its middleware answers a locked username and address with registration/locked_out.html. The
address is the rate limits' (config.lib.ratelimit.client_address), which also throttle resets.
"""

from functools import wraps

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import AuthenticationForm, PasswordResetForm
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.core.validators import MaxLengthValidator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse, reverse_lazy
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from config.accounts import oidc, sessions
from config.lib import ratelimit


class LoginForm(AuthenticationForm):
    """Django's login form, refusing a username longer than a username can be.

    Django only sets the field's maxlength attribute, so a longer username reached
    authenticate(), and django-axes could not store the failure (its column holds 255
    characters): PostgreSQL refused it with a 500.
    """

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["username"]
        field.validators.append(MaxLengthValidator(field.max_length))


class LoginView(auth_views.LoginView):
    """The login page: a button per single sign-on provider, and the password form unless
    PASSWORD_LOGIN is off."""

    authentication_form = LoginForm
    redirect_authenticated_user = True

    def get_context_data(self, **kwargs) -> dict:
        context = super().get_context_data(**kwargs)
        context["providers"] = oidc.providers()
        context["password_login"] = settings.PASSWORD_LOGIN
        return context

    def post(self, request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if not settings.PASSWORD_LOGIN:
            raise PermissionDenied
        return super().post(request, *args, **kwargs)


def password_login_only(view):
    """404 while PASSWORD_LOGIN is off: no reset link for a password nobody may use."""

    @wraps(view)
    def wrapped(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if not settings.PASSWORD_LOGIN:
            raise Http404
        return view(request, *args, **kwargs)

    return wrapped


class PasswordResetView(auth_views.PasswordResetView):
    """Django's reset view, throttled per client address and per email address asked about.

    Both are counted before the address is looked up, so the limit says nothing about whether
    an account has it.
    """

    email_template_name = "registration/password_reset_email.txt"
    subject_template_name = "registration/password_reset_subject.txt"
    success_url = reverse_lazy("accounts:password_reset_done")

    def form_valid(self, form: PasswordResetForm) -> HttpResponse:
        rate = settings.PASSWORD_RESET_RATE_LIMIT
        limits = [
            ratelimit.hit(self.request, "password_reset", rate),
            ratelimit.hit(
                self.request,
                "password_reset_email",
                rate,
                key=form.cleaned_data["email"].strip().casefold(),
            ),
        ]
        refused = [limit for limit in limits if not limit.allowed]
        if not refused:
            return super().form_valid(form)
        limit = max(refused, key=lambda limit: limit.retry_after)
        form.add_error(
            None,
            _("Too many requests for a new password; try again in %(minutes)s minutes.")
            % {"minutes": limit.retry_after_minutes},
        )
        response = self.form_invalid(form)
        response.status_code = 429
        response["Retry-After"] = str(limit.retry_after)
        return response


@require_POST
@login_required
def logout_everywhere(request: HttpRequest) -> HttpResponse:
    """End the user's sessions in every other browser; this one stays signed in."""
    ended = sessions.end_other_sessions(request.user, keep=request.session.session_key)
    messages.success(
        request,
        ngettext(
            "You are logged out in %(count)d other browser.",
            "You are logged out in %(count)d other browsers.",
            ended,
        )
        % {"count": ended}
        if ended
        else _("You were not logged in anywhere else."),
    )
    return redirect("accounts:password_change")


def admin_login(request: HttpRequest, extra_context: dict | None = None) -> HttpResponse:
    """The admin's login address: to the login page and back to the admin page asked for."""
    if request.user.is_authenticated:
        # Logged in without staff rights: the admin says so, as its own login page would.
        raise PermissionDenied
    return redirect_to_login(request.GET.get("next") or reverse("admin:index"))
