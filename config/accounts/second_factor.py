"""The second factor: a code from an authenticator app (TOTP) or a recovery code, with django-otp.

Whoever can publish, approve or administer (a coordinator, a police manager, a superuser) and
signs in with a password must then give a code before any workspace or admin page; the first
time, they set up their app and get ten recovery codes. A single sign-on leaves the second factor
to the identity provider. Wrong codes count as failed logins for django-axes, so the lockout
after AXES_FAILURE_LIMIT failures covers the code as it covers the password.

Whether a session needs the code is decided when it signs in (one query, then kept in the
session); whether it gave one is django-otp's device id in the session. Checking both costs
no query.
"""

from __future__ import annotations

from base64 import b32encode

import segno
from axes.handlers.proxy import AxesProxyHandler
from axes.helpers import get_lockout_response
from axes.utils import reset as reset_axes
from django import forms
from django.conf import settings
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.contrib.auth.signals import user_login_failed
from django.contrib.auth.views import redirect_to_login
from django.db import transaction
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp import login as otp_login
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from config.accounts.sessions import GUARDED_PREFIXES
from situations.models import Membership

# Set at sign-in (on_login): whether this session owes a code.
REQUIRED = "_second_factor_required"
RECOVERY_CODES = 10
# The roles that publish or approve; with superusers, they need the second factor.
ROLES = (Membership.Role.COORDINATOR, Membership.Role.POLICE_MANAGER)


def on_login(sender, request: HttpRequest | None, user, **kwargs) -> None:
    """The user_logged_in receiver: a password sign-in of a publisher, approver or
    administrator owes a code; a single sign-on does not (its provider asks for its own)."""
    if request is None or not hasattr(request, "session"):
        return
    single_sign_on = getattr(user, "backend", "") == "config.accounts.oidc.SignOnBackend"
    request.session[REQUIRED] = not single_sign_on and needs_second_factor(user)


class SecondFactorMiddleware:
    """Send a session that owes a code to the code page, from every page behind a login."""

    def __init__(self, get_response) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if (
            request.path.startswith(GUARDED_PREFIXES)
            and not request.path.startswith(open_paths())
            and request.user.is_authenticated
            and owes_code(request)
        ):
            return redirect_to_login(
                request.get_full_path(), reverse("accounts:second_factor"), "next"
            )
        return self.get_response(request)


def open_paths() -> tuple[str, ...]:
    """What a session that owes a code may still reach: the code pages and logging out."""
    return tuple(
        reverse(name)
        for name in ("accounts:second_factor", "accounts:second_factor_setup", "accounts:logout")
    )


def needs_second_factor(user) -> bool:
    return user.is_superuser or Membership.objects.filter(user=user, role__in=ROLES).exists()


def owes_code(request: HttpRequest) -> bool:
    """Whether REQUEST's signed-in session must give a code before going on."""
    session = request.session
    if REQUIRED not in session:
        # Signed in before the second factor existed: decided now, once.
        session[REQUIRED] = needs_second_factor(request.user)
    return bool(session[REQUIRED]) and DEVICE_ID_SESSION_KEY not in session


def confirmed_app(user) -> TOTPDevice | None:
    return TOTPDevice.objects.filter(user=user, confirmed=True).first()


class CodeForm(forms.Form):
    code = forms.CharField(
        label=gettext_lazy("Code"),
        max_length=16,
        help_text=gettext_lazy(
            "The six digits your authenticator app shows now, or one of your recovery codes."
        ),
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True}
        ),
    )

    def clean_code(self) -> str:
        return "".join(self.cleaned_data["code"].split())


def next_address(request: HttpRequest) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return reverse(settings.LOGIN_REDIRECT_URL)


def locked_out(request: HttpRequest) -> HttpResponse | None:
    """The lockout page, the session ended, if the user's code attempts are locked out."""
    credentials = {"username": request.user.get_username()}
    if getattr(request, "axes_locked_out", False) or AxesProxyHandler.is_locked(
        request, credentials
    ):
        logout(request)
        return get_lockout_response(request, None, credentials)
    return None


def count_failure(request: HttpRequest) -> None:
    """A wrong code is a failed login, for django-axes to count."""
    user_login_failed.send(
        sender=__name__, credentials={"username": request.user.get_username()}, request=request
    )


def verified(request: HttpRequest, device) -> HttpResponse:
    """Note DEVICE as this session's second factor, forget the failures, go on."""
    otp_login(request, device)
    reset_axes(username=request.user.get_username())
    return HttpResponseRedirect(next_address(request))


@never_cache
@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def verify(request: HttpRequest) -> HttpResponse:
    """Ask for the code of the user's app, or a recovery code."""
    if not owes_code(request):
        return HttpResponseRedirect(next_address(request))
    app = confirmed_app(request.user)
    if app is None:
        return redirect(f"{reverse('accounts:second_factor_setup')}?{request.GET.urlencode()}")
    if response := locked_out(request):
        return response
    form = CodeForm(request.POST or None)
    if form.is_valid():
        code = form.cleaned_data["code"]
        if app.verify_token(code):
            return verified(request, app)
        for backup in StaticDevice.objects.filter(user=request.user, confirmed=True):
            if backup.verify_token(code):
                return verified(request, backup)
        count_failure(request)
        if response := locked_out(request):
            return response
        form.add_error("code", _("The code is wrong or too old. Try the one shown now."))
    return render(
        request,
        "registration/second_factor.html",
        {"form": form, "next": next_address(request)},
        status=200 if not form.errors else 400,
    )


@never_cache
@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def setup(request: HttpRequest) -> HttpResponse:
    """First sign-in: add an authenticator app, confirm it with a code, get recovery codes."""
    if not owes_code(request):
        return HttpResponseRedirect(next_address(request))
    if confirmed_app(request.user) is not None:
        # Never a second app through here: whoever knows only the password could add one.
        return redirect(f"{reverse('accounts:second_factor')}?{request.GET.urlencode()}")
    if response := locked_out(request):
        return response
    app, _created = TOTPDevice.objects.get_or_create(
        user=request.user,
        confirmed=False,
        defaults={"name": _("Authenticator app")},
    )
    form = CodeForm(request.POST or None)
    if form.is_valid():
        if app.verify_token(form.cleaned_data["code"]):
            codes = confirm(app)
            verified(request, app)
            return render(
                request,
                "registration/second_factor_codes.html",
                {"codes": codes, "next": next_address(request)},
            )
        count_failure(request)
        if response := locked_out(request):
            return response
        form.add_error("code", _("The code is wrong or too old. Try the one shown now."))
    return render(
        request,
        "registration/second_factor_setup.html",
        {
            "form": form,
            "next": next_address(request),
            "qr_svg": qr_svg(app.config_url),
            "secret": secret_of(app),
        },
        status=200 if not form.errors else 400,
    )


@transaction.atomic
def confirm(app: TOTPDevice) -> list[str]:
    """Confirm APP and give its user new recovery codes (the old ones end); return them."""
    app.confirmed = True
    app.save(update_fields=["confirmed"])
    StaticDevice.objects.filter(user=app.user).delete()
    backup = StaticDevice.objects.create(user=app.user, name=_("Recovery codes"))
    codes = [StaticToken.random_token() for _index in range(RECOVERY_CODES)]
    StaticToken.objects.bulk_create([StaticToken(device=backup, token=code) for code in codes])
    return codes


def secret_of(app: TOTPDevice) -> str:
    """The key as an app asks for it when typed in: base32, in groups of four."""
    key = b32encode(app.bin_key).decode().rstrip("=")
    return " ".join(key[i : i + 4] for i in range(0, len(key), 4))


def qr_svg(url: str) -> str:
    """The otpauth:// address as an inline SVG QR code (no script, no image request)."""
    return segno.make(url, error="m").svg_inline(scale=4, omitsize=False)
