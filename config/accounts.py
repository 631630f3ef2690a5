"""Logging in and out, and changing or resetting a password, with Django's auth views.

Login failures are counted by django-axes (see AUTHENTICATION_BACKENDS and AXES_* in settings);
its middleware answers a locked username and address with registration/locked_out.html. The
address is the rate limits' (config.lib.ratelimit.client_address), which also throttle resets.
"""

from django.conf import settings
from django.contrib.auth import views as auth_views
from django.contrib.auth.forms import AuthenticationForm, PasswordResetForm
from django.core.validators import MaxLengthValidator
from django.http import HttpResponse
from django.urls import path, reverse_lazy
from django.utils.translation import gettext as _

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


app_name = "accounts"

urlpatterns = [
    path(
        "logga-in/",
        auth_views.LoginView.as_view(
            authentication_form=LoginForm, redirect_authenticated_user=True
        ),
        name="login",
    ),
    # POST only, as Django's LogoutView requires: a link could log someone out from another site.
    path("logga-ut/", auth_views.LogoutView.as_view(), name="logout"),
    path(
        "losenord/",
        auth_views.PasswordChangeView.as_view(
            success_url=reverse_lazy("accounts:password_change_done")
        ),
        name="password_change",
    ),
    path(
        "losenord/klart/",
        auth_views.PasswordChangeDoneView.as_view(),
        name="password_change_done",
    ),
    path(
        "aterstall/",
        PasswordResetView.as_view(),
        name="password_reset",
    ),
    path(
        "aterstall/skickat/",
        auth_views.PasswordResetDoneView.as_view(),
        name="password_reset_done",
    ),
    path(
        "aterstall/<uidb64>/<token>/",
        auth_views.PasswordResetConfirmView.as_view(
            success_url=reverse_lazy("accounts:password_reset_complete")
        ),
        name="password_reset_confirm",
    ),
    path(
        "aterstall/klart/",
        auth_views.PasswordResetCompleteView.as_view(),
        name="password_reset_complete",
    ),
]
