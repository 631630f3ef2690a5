"""Single sign-on with OpenID Connect: a kommun's own identity provider (Entra ID, a federation).

mozilla-django-oidc does the protocol (state, nonce, PKCE, the code exchange, the signature);
this module adds what it leaves out: several providers (settings.OIDC_PROVIDERS, each found
through its discovery document), an ID token checked for its audience, issuer and expiry, and
matching to an existing active user, by a stored subject or by a verified email address. It never
creates a user or a membership: who may do what stays the administrator's decision.

Every provider returns to the same address, /konto/sso/tillbaka/; which provider a callback
belongs to is kept in the session with the state the sign-in started with.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from urllib.parse import parse_qs, urlsplit

import jwt
import requests
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.core.exceptions import ImproperlyConfigured, SuspiciousOperation
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.views import View
from mozilla_django_oidc.auth import OIDCAuthenticationBackend
from mozilla_django_oidc.utils import absolutify
from mozilla_django_oidc.views import OIDCAuthenticationCallbackView, OIDCAuthenticationRequestView

from situations.models import ExternalIdentity

logger = logging.getLogger(__name__)

# Seconds of clock difference tolerated between the provider and this server.
CLOCK_LEEWAY = 60
# The session key a sign-in's method is kept under: "sso:<provider>" or "password".
SIGN_IN_METHOD = "_signed_in_with"


@dataclass(frozen=True)
class Provider:
    """One identity provider of settings.OIDC_PROVIDERS, its endpoints discovered on first use."""

    key: str
    name: str
    issuer: str
    client_id: str
    client_secret: str
    scopes: str = "openid email profile"
    trust_email: bool = False

    @property
    def configuration(self) -> dict:
        """The provider's discovery document, fetched once per process."""
        document = _discovered.get(self.issuer)
        if document is None:
            url = self.issuer.rstrip("/") + "/.well-known/openid-configuration"
            response = requests.get(url, timeout=settings.OIDC_TIMEOUT)
            response.raise_for_status()
            document = response.json()
            if document.get("issuer") != self.issuer:
                raise ImproperlyConfigured(
                    f"The provider {self.key} says its issuer is {document.get('issuer')!r}, "
                    f"not {self.issuer!r} as configured."
                )
            _discovered[self.issuer] = document
        return document


# Discovery documents by issuer; a failed fetch is not kept, so the next sign-in tries again.
_discovered: dict[str, dict] = {}


def providers() -> list[Provider]:
    return [Provider(key=key, **config) for key, config in settings.OIDC_PROVIDERS.items()]


def get_provider(key: str | None) -> Provider:
    for provider in providers():
        if provider.key == key:
            return provider
    raise Http404


def email_is_verified(provider: Provider, claims: dict) -> bool:
    """Whether CLAIMS' email address is the person's: the provider says it checked it, or the
    administrator trusts every address it sends (an Entra ID tenant sends only its own)."""
    return provider.trust_email or claims.get("email_verified") in (True, "true")


class SignOnBackend(OIDCAuthenticationBackend):
    """Finds the existing, active user of a provider's identity; never makes one."""

    def __init__(self, *args, **kwargs) -> None:
        # mozilla-django-oidc reads one provider's settings here; ours are per sign-in.
        self.UserModel = get_user_model()

    def configure(self, provider: Provider) -> None:
        configuration = provider.configuration
        self.provider = provider
        self.OIDC_OP_TOKEN_ENDPOINT = configuration["token_endpoint"]
        self.OIDC_OP_USER_ENDPOINT = configuration["userinfo_endpoint"]
        self.OIDC_OP_JWKS_ENDPOINT = configuration["jwks_uri"]
        self.OIDC_RP_CLIENT_ID = provider.client_id
        self.OIDC_RP_CLIENT_SECRET = provider.client_secret
        self.OIDC_RP_SIGN_ALGO = settings.OIDC_RP_SIGN_ALGO
        self.OIDC_RP_IDP_SIGN_KEY = None

    def authenticate(self, request: HttpRequest | None, **kwargs):
        provider = getattr(request, "oidc_provider", None)
        code = request.GET.get("code") if request is not None else None
        if provider is None or not code:
            return None
        self.request = request
        self.configure(provider)
        token_payload = {
            "client_id": provider.client_id,
            "client_secret": provider.client_secret,
            "grant_type": "authorization_code",
            "code": code,
            "redirect_uri": absolutify(request, reverse("accounts:sso_callback")),
        }
        if kwargs.get("code_verifier") is not None:
            token_payload["code_verifier"] = kwargs["code_verifier"]
        token_info = self.get_token(token_payload)
        access_token, id_token = token_info.get("access_token"), token_info.get("id_token")
        if not id_token:
            raise SuspiciousOperation("The provider sent no ID token.")
        payload = self.verify_token(id_token, nonce=kwargs.get("nonce"))
        return self.get_or_create_user(access_token, id_token, payload)

    def _verify_jws(self, payload, key):
        """The signature, and what mozilla-django-oidc does not check: that the token was made
        for this application (aud), by this provider (iss), and has not expired (exp)."""
        header = jwt.get_unverified_header(payload)
        if header.get("alg") != self.OIDC_RP_SIGN_ALGO:
            raise SuspiciousOperation("The ID token is not signed with the expected algorithm.")
        try:
            return jwt.decode(
                payload,
                key,
                algorithms=[self.OIDC_RP_SIGN_ALGO],
                audience=self.provider.client_id,
                issuer=self.provider.issuer,
                leeway=CLOCK_LEEWAY,
                options={"require": ["exp", "iat", "iss", "aud", "sub"]},
            )
        except jwt.InvalidTokenError as error:
            raise SuspiciousOperation(f"The ID token was refused: {error}") from error

    def get_or_create_user(self, access_token, id_token, payload):
        claims = dict(self.get_userinfo(access_token, id_token, payload))
        if claims.get("sub", payload["sub"]) != payload["sub"]:
            raise SuspiciousOperation("The user info belongs to another subject.")
        claims.update(payload)
        user = self.find_user(claims)
        if user is None:
            # The callback view tells the person whom to ask (registration/sso_unknown.html).
            self.request.oidc_unknown_identity = claims
        return user

    def find_user(self, claims: dict):
        """The active user linked to CLAIMS' subject, else the one active user with its verified
        email address (then linked, so that the subject finds them from now on)."""
        provider, subject = self.provider, str(claims["sub"])
        identity = (
            ExternalIdentity.objects.filter(provider=provider.key, subject=subject)
            .select_related("user")
            .first()
        )
        if identity is not None:
            if not identity.user.is_active:
                return None
            identity.last_used_at = timezone.now()
            identity.save(update_fields=["last_used_at"])
            return identity.user
        email = (claims.get("email") or "").strip()
        if not email or not email_is_verified(provider, claims):
            return None
        users = list(self.UserModel.objects.filter(email__iexact=email, is_active=True)[:2])
        if len(users) != 1:
            # Two accounts with one address: neither is chosen; the administrator links one.
            return None
        ExternalIdentity.objects.create(
            provider=provider.key, subject=subject, user=users[0], last_used_at=timezone.now()
        )
        return users[0]

    def get_user(self, user_id):
        # Django's check, which mozilla-django-oidc leaves out: an inactive user is signed out.
        return ModelBackend.get_user(self, user_id)


class SignOnStart(OIDCAuthenticationRequestView):
    """GET /konto/sso/<provider>/: off to the provider, with a state that names it."""

    def __init__(self, **kwargs) -> None:
        # mozilla-django-oidc reads one provider's settings here; ours is in the address.
        View.__init__(self, **kwargs)

    def get_settings(self, attr, *args):
        if attr == "OIDC_RP_SCOPES":
            return self.provider.scopes
        if attr == "OIDC_AUTHENTICATION_CALLBACK_URL":
            return "accounts:sso_callback"
        return super().get_settings(attr, *args)

    def get(self, request: HttpRequest, provider: str) -> HttpResponse:
        self.provider = get_provider(provider)
        try:
            self.OIDC_OP_AUTH_ENDPOINT = self.provider.configuration["authorization_endpoint"]
        except (requests.RequestException, ValueError, KeyError, ImproperlyConfigured):
            logger.exception("The discovery document of %s could not be read", provider)
            return failure(request, status=503)
        self.OIDC_RP_CLIENT_ID = self.provider.client_id
        response = super().get(request)
        state = parse_qs(urlsplit(response["Location"]).query)["state"][0]
        request.session["oidc_states"][state]["provider"] = self.provider.key
        request.session.modified = True
        return response


class SignOnCallback(OIDCAuthenticationCallbackView):
    """GET /konto/sso/tillbaka/: the provider sends the person back here with a code."""

    def get(self, request: HttpRequest) -> HttpResponse:
        state = request.GET.get("state")
        started = request.session.get("oidc_states", {}).get(state) or {}
        try:
            request.oidc_provider = get_provider(started.get("provider"))
        except Http404:
            request.oidc_provider = None
        try:
            return super().get(request)
        except (SuspiciousOperation, requests.RequestException, ImproperlyConfigured) as error:
            logger.warning("Single sign-on refused: %s", error)
            return failure(request)

    def login_success(self) -> HttpResponse:
        response = super().login_success()
        self.request.session[SIGN_IN_METHOD] = f"sso:{self.request.oidc_provider.key}"
        return response

    def login_failure(self) -> HttpResponse:
        claims = getattr(self.request, "oidc_unknown_identity", None)
        if claims is not None:
            return render(
                self.request,
                "registration/sso_unknown.html",
                {
                    "provider": self.request.oidc_provider,
                    "email": claims.get("email", ""),
                    "name": claims.get("name", ""),
                },
                status=403,
            )
        return failure(self.request)


def failure(request: HttpRequest, *, status: int = 400) -> HttpResponse:
    return render(request, "registration/sso_failed.html", status=status)
