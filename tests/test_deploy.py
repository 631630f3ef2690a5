"""Production settings: a missing one stops the start, `check --deploy` is clean, and every
page carries the security headers and secure cookies, public pages and workspace alike."""

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.promises.factories import CharterFactory
from tests.signing_in import totp_code
from tests.situations.factories import PASSWORD

ROOT = Path(__file__).resolve().parent.parent
SECRET = "a-production-secret-key-that-is-long-and-random-enough-0123456789"
PRODUCTION = {
    "PRODUCTION": "1",
    "SECRET_KEY": SECRET,
    "ALLOWED_HOSTS": "medborgarloften.example.se",
    "DATABASE_URL": "postgres://medborgarloften@127.0.0.1:5432/medborgarloften",
}
# The settings below are read from a process started with the production environment, so the
# header tests check what production really sets, not a copy of it.
SECURITY_SETTINGS = [
    "SECURE_CSP",
    "SECURE_HSTS_SECONDS",
    "SECURE_HSTS_INCLUDE_SUBDOMAINS",
    "SECURE_HSTS_PRELOAD",
    "SECURE_SSL_REDIRECT",
    "SECURE_REFERRER_POLICY",
    "SECURE_CONTENT_TYPE_NOSNIFF",
    "X_FRAME_OPTIONS",
    "SESSION_COOKIE_SECURE",
    "SESSION_COOKIE_HTTPONLY",
    "CSRF_COOKIE_SECURE",
    "CSRF_COOKIE_HTTPONLY",
]


# Not passed on to the processes started here: what each test sets itself, and the browser
# tests' switch (tests/e2e/conftest.py), which check --deploy rightly refuses.
LEFT_OUT = {
    "PRODUCTION",
    "SECRET_KEY",
    "ALLOWED_HOSTS",
    "DATABASE_URL",
    "DEBUG",
    "DJANGO_ALLOW_ASYNC_UNSAFE",
}


def run(args: list[str], **environment: str) -> subprocess.CompletedProcess:
    env = {key: value for key, value in os.environ.items() if key not in LEFT_OUT}
    return subprocess.run(
        [sys.executable, *args],
        cwd=ROOT,
        env={**env, **environment},
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.fixture(scope="module")
def production_settings() -> dict:
    script = (
        "import json, django; django.setup(); from django.conf import settings; "
        f"print(json.dumps({{name: getattr(settings, name) for name in {SECURITY_SETTINGS!r}}}))"
    )
    result = run(["-c", script], DJANGO_SETTINGS_MODULE="config.settings", **PRODUCTION)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


@pytest.mark.parametrize("missing", ["SECRET_KEY", "ALLOWED_HOSTS", "DATABASE_URL"])
def test_production_without_a_required_setting_stops_and_names_it(missing):
    environment = {key: value for key, value in PRODUCTION.items() if key != missing}

    result = run(["manage.py", "check"], **environment)

    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert f"needs these settings in the environment: {missing}." in result.stderr


def test_production_refuses_debug():
    result = run(["manage.py", "check"], DEBUG="1", **PRODUCTION)

    assert result.returncode != 0
    assert "DEBUG must be off in production" in result.stderr


def test_check_deploy_with_production_settings_has_no_warnings():
    result = run(["manage.py", "check", "--deploy", "--fail-level", "WARNING"], **PRODUCTION)

    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


def test_the_policy_allows_only_this_site_and_nothing_inline(production_settings):
    policy = production_settings["SECURE_CSP"]
    sources = [source for directive in policy.values() for source in directive]

    assert policy["default-src"] == ["'self'"]
    assert policy["frame-ancestors"] == ["'none'"]
    assert policy["object-src"] == ["'none'"]
    assert policy["base-uri"] == ["'none'"]
    assert policy["form-action"] == ["'self'"]
    assert not [s for s in sources if "unsafe" in s]
    assert set(sources) <= {"'self'", "'none'", "data:"}  # no third-party origin


@pytest.fixture
def production(settings, production_settings):
    for name, value in production_settings.items():
        setattr(settings, name, value)
    return settings


def assert_security_headers(response) -> None:
    policy = response["Content-Security-Policy"]
    assert "default-src 'self'" in policy
    assert "frame-ancestors 'none'" in policy
    assert "unsafe-inline" not in policy
    assert not re.search(r"https?://", policy)
    assert response["Strict-Transport-Security"] == (
        "max-age=31536000; includeSubDomains; preload"
    )
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["X-Frame-Options"] == "DENY"


def assert_secure_http_only(cookie) -> None:
    assert cookie["secure"] is True
    assert cookie["httponly"] is True


def test_a_public_page_carries_the_security_headers(client, production, world):
    CharterFactory(municipality=world.municipality, police_area=world.police_area, published=True)

    response = client.get(
        reverse("public:municipality", args=[world.municipality.slug]), secure=True
    )

    assert response.status_code == 200
    assert_security_headers(response)
    # Its form (the language switch) hands out the CSRF cookie: secure and HttpOnly.
    assert_secure_http_only(response.cookies["csrftoken"])


def test_a_workspace_page_carries_the_security_headers_and_secure_cookies(
    client, production, world
):
    app = TOTPDevice.objects.create(user=world.coordinator, name="app", confirmed=True)
    login = client.get(reverse("accounts:login"), secure=True)
    assert_security_headers(login)

    response = client.post(
        reverse("accounts:login"),
        {"username": "coordinator", "password": PASSWORD},
        secure=True,
    )
    assert response.status_code == 302
    assert_secure_http_only(response.cookies["sessionid"])
    assert_secure_http_only(response.cookies["csrftoken"])
    # The coordinator's second factor, with the code of their app.
    response = client.post(
        reverse("accounts:second_factor"), {"code": totp_code(app)}, secure=True
    )
    assert response.status_code == 302

    dashboard = client.get(reverse("followups:dashboard"), secure=True)
    assert dashboard.status_code == 200
    assert_security_headers(dashboard)


def test_plain_http_is_redirected_to_https_in_production(client, production, world):
    response = client.get(reverse("public:municipality", args=[world.municipality.slug]))

    assert response.status_code == 301
    assert response["Location"].startswith("https://")


def test_static_files_are_served_compressed_with_far_future_cache_headers(tmp_path):
    environment = {**PRODUCTION, "STATIC_ROOT": str(tmp_path), "ALLOWED_HOSTS": "testserver"}
    collected = run(["manage.py", "collectstatic", "--noinput", "-v0"], **environment)
    assert collected.returncode == 0, collected.stderr
    # WhiteNoise serves from memory what collectstatic wrote: no database is needed.
    script = (
        "import json, django; django.setup(); "
        "from django.templatetags.static import static; from django.test import Client; "
        "url = static('css/site.css'); "
        "r = Client().get(url, secure=True, headers={'Accept-Encoding': 'gzip'}); "
        "print(json.dumps([url, r.status_code, r.headers.get('Cache-Control'), "
        "r.headers.get('Content-Encoding')]))"
    )
    served = run(["-c", script], DJANGO_SETTINGS_MODULE="config.settings", **environment)
    assert served.returncode == 0, served.stderr

    url, status, cache_control, encoding = json.loads(served.stdout.strip().splitlines()[-1])
    assert re.fullmatch(r"/static/css/site\.[0-9a-f]{12}\.css", url)  # hashed by content
    assert status == 200
    assert "max-age=315360000" in cache_control and "immutable" in cache_control
    assert encoding in {"gzip", "br"}
