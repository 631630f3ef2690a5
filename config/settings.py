"""Settings for Medborgarlöften, read from the environment.

Defaults make `runserver` work straight after checkout: an SQLite file, DEBUG off unless asked
for, and a development secret key. PRODUCTION=1 (what `make serve` sets) refuses to start
without the settings a public server needs, and turns on HTTPS-only cookies, HSTS and hashed,
compressed static files. `.env.example` lists every variable.
"""

import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent


def env(name: str, default: str | None = None) -> str | None:
    """Read a setting from NAME, or from the file named by NAME_FILE (for secrets)."""
    file_name = os.environ.get(f"{name}_FILE")
    if file_name:
        return Path(file_name).read_text().strip()
    return os.environ.get(name, default)


def env_bool(name: str, default: bool = False) -> bool:
    value = env(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str) -> list[str]:
    return [item.strip() for item in (env(name) or default).split(",") if item.strip()]


DEBUG = env_bool("DEBUG")
PRODUCTION = env_bool("PRODUCTION")

if PRODUCTION:
    # Fail at start, naming everything that is missing, rather than serve with a development
    # key, an SQLite file in the checkout or a host list meant for a laptop.
    _missing = [name for name in ("SECRET_KEY", "ALLOWED_HOSTS", "DATABASE_URL") if not env(name)]
    if _missing:
        raise ImproperlyConfigured(
            "Production (PRODUCTION=1) needs these settings in the environment: "
            f"{', '.join(_missing)}. See .env.example."
        )
    if DEBUG:
        raise ImproperlyConfigured("DEBUG must be off in production (PRODUCTION=1).")

_DEV_SECRET_KEY = "django-insecure-local-development-only"
SECRET_KEY = env("SECRET_KEY") or _DEV_SECRET_KEY

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", "")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "django_filters",
    "simple_history",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "crispy_forms",
    "crispy_bootstrap5",
    "config.apps.ProjectConfig",
    "situations",
    "promises",
    "followups",
]

MIDDLEWARE = [
    # First, so that its log line times the whole request and its id is on every other line.
    "config.lib.requestlog.RequestLogMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    # Static files before sessions and the database: they need neither.
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # After WhiteNoise, which answers static files itself, already compressed ahead of time:
    # only the dynamic responses (HTML, JSON, CSV, Atom, iCal) are gzipped here, the streamed
    # CSV files chunk by chunk. Against BREACH (a secret such as the CSRF token guessed from the
    # compressed size of a page that also reflects input), Django 4.2 and later mask the token
    # anew in every response and add random bytes to the gzip header's file name.
    "django.middleware.gzip.GZipMiddleware",
    # ETags for every other response, and 304 to If-None-Match / If-Modified-Since. Inside the
    # compression, so that the ETag is of the content itself (GZip marks it weak). Cached public
    # pages and the CSV files answer 304 before this, without building their body.
    "django.middleware.http.ConditionalGetMiddleware",
    # A page that needs the database while it is down: the last cached copy, or the 503 page.
    "config.unavailable.DatabaseUnavailableMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "config.middleware.ChosenLanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # Signs out a workspace session that was idle or has lived too long
    # (config/accounts/sessions.py).
    "config.accounts.sessions.SessionLifetimeMiddleware",
    # A password sign-in of a coordinator, police manager or superuser gives a code first.
    "config.accounts.second_factor.SecondFactorMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Records the acting user on every history row.
    "simple_history.middleware.HistoryRequestMiddleware",
    # Last, as django-axes asks: it turns a lockout into the lockout page.
    "axes.middleware.AxesMiddleware",
]

AUTHENTICATION_BACKENDS = [
    # Refuses logins while a username or address is locked out after repeated failures.
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
    # Single sign-on: the existing, active user of a provider's identity
    # (config/accounts/oidc.py).
    "config.accounts.oidc.SignOnBackend",
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "followups:dashboard"
LOGOUT_REDIRECT_URL = "public:home"

# Login lockout (django-axes): after AXES_FAILURE_LIMIT failed logins for a username from an
# address, that pair is locked for AXES_COOLOFF_HOURS.
AXES_FAILURE_LIMIT = int(env("AXES_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = float(env("AXES_COOLOFF_HOURS", "1"))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False
# The same client address as the rate limits: behind our reverse proxy REMOTE_ADDR is the proxy
# for everyone, and one person's wrong passwords would lock the username for all.
AXES_CLIENT_IP_CALLABLE = "config.lib.ratelimit.client_address"

# A signed-in session ends after SESSION_IDLE_MINUTES without a request, and however busy
# SESSION_LIFETIME_HOURS after signing in (config/accounts/sessions.py); the cookie lasts no
# longer.
SESSION_IDLE_TIMEOUT = int(float(env("SESSION_IDLE_MINUTES", "60")) * 60)
SESSION_ABSOLUTE_LIFETIME = int(float(env("SESSION_LIFETIME_HOURS", "10")) * 3600)
SESSION_COOKIE_AGE = SESSION_ABSOLUTE_LIFETIME

# Single sign-on with OpenID Connect (config/accounts/oidc.py): OIDC_PROVIDERS lists the
# providers' keys, e.g. "saffle,polisen"; each is configured by OIDC_<KEY>_NAME (on the button:
# "Logga in med <name>"), _ISSUER (its endpoints are read from the issuer's discovery document),
# _CLIENT_ID, _CLIENT_SECRET and optionally _SCOPES and _TRUST_EMAIL (every email address it
# sends counts as verified, as an Entra ID tenant's own addresses do).
OIDC_PROVIDERS: dict[str, dict] = {}
for _key in env_list("OIDC_PROVIDERS", ""):
    if not _key.isascii() or not _key.replace("-", "").isalnum() or _key != _key.lower():
        raise ImproperlyConfigured(
            f"OIDC_PROVIDERS: {_key!r} is not a lower-case key (a-z, 0-9, -)."
        )
    _prefix = "OIDC_" + _key.upper().replace("-", "_") + "_"
    _missing = [
        _prefix + name
        for name in ("NAME", "ISSUER", "CLIENT_ID", "CLIENT_SECRET")
        if not env(_prefix + name)
    ]
    if _missing:
        raise ImproperlyConfigured(
            f"Single sign-on needs {', '.join(_missing)}. See .env.example."
        )
    OIDC_PROVIDERS[_key] = {
        "name": env(_prefix + "NAME"),
        "issuer": env(_prefix + "ISSUER"),
        "client_id": env(_prefix + "CLIENT_ID"),
        "client_secret": env(_prefix + "CLIENT_SECRET"),
        "scopes": env(_prefix + "SCOPES", "openid email profile"),
        "trust_email": env_bool(_prefix + "TRUST_EMAIL"),
    }
OIDC_RP_SIGN_ALGO = "RS256"
OIDC_USE_PKCE = True
OIDC_CREATE_USER = False
OIDC_TIMEOUT = int(env("OIDC_TIMEOUT", "10"))
# The second factor (config/accounts/second_factor.py): the name authenticator apps show.
OTP_TOTP_ISSUER = "Medborgarlöften"
# Off: the login page offers only single sign-on, and passwords are neither taken nor reset.
PASSWORD_LOGIN = env_bool("PASSWORD_LOGIN", default=True)

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "config.lib.cache.page_path",
            ],
            # |iso_datetime for <time datetime>, in every template without {% load %}.
            "builtins": ["config.lib.dates"],
        },
    },
    {
        # A charter as residents read it ({% charter_body %}): config/lib/jinja.py.
        "BACKEND": "django.template.backends.jinja2.Jinja2",
        "NAME": "jinja2",
        "DIRS": [BASE_DIR / "templates" / "jinja2"],
        "APP_DIRS": False,
        "OPTIONS": {"environment": "config.lib.jinja.environment"},
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        env("DATABASE_URL") or f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=int(env("CONN_MAX_AGE", "0")),
        # A kept connection is checked before each request, so the application recovers by
        # itself when the database comes back after an outage.
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # A database that does not answer fails the request (503) in seconds instead of holding
    # a worker until the client gives up.
    DATABASES["default"].setdefault("OPTIONS", {}).setdefault(
        "connect_timeout", int(env("DATABASE_CONNECT_TIMEOUT", "3"))
    )
    if env_bool("DATABASE_PREPARED_STATEMENTS", default=True):
        # Server-side prepared statements: a query run a few times on a kept connection is
        # parsed and planned once, which roughly halves PostgreSQL's CPU for a page. They need
        # server-side binding (Django binds on the client by default, which cannot prepare),
        # and they live in the server session, so a transaction-pooling PgBouncer, which hands
        # each transaction another session, needs DATABASE_PREPARED_STATEMENTS=0. They pay off
        # on a kept connection (CONN_MAX_AGE); 5 runs before preparing is psycopg's default.
        DATABASES["default"]["OPTIONS"].update(server_side_binding=True, prepare_threshold=5)

REDIS_URL = env("REDIS_URL")
if REDIS_URL:
    # Shared by every worker: the public page cache, its versions and the rate limits.
    CACHES = {
        "default": {
            "BACKEND": "config.lib.redis_cache.SharedClientRedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "mbl",
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
# The public pages can be rendered without their cache (the benchmark's uncached case).
PUBLIC_PAGE_CACHE = env_bool("PUBLIC_PAGE_CACHE", default=True)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "sv"
LANGUAGES = [("sv", _("Swedish")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Stockholm"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = Path(env("STATIC_ROOT") or BASE_DIR / "staticfiles")
# Front-end libraries come from npm (package-lock.json), installed by `make install`.
STATICFILES_DIRS = [
    BASE_DIR / "static",
    ("vendor/bootstrap", BASE_DIR / "node_modules" / "bootstrap" / "dist"),
]
if PRODUCTION:
    # Hashed names (collectstatic writes them), so WhiteNoise can serve every file compressed
    # and cached for a year: a changed file gets a new name.
    STORAGES = {
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
        "staticfiles": {
            "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage",
        },
    }
else:
    # Development and tests serve the files straight from static/ and node_modules/.
    WHITENOISE_USE_FINDERS = True
    WHITENOISE_AUTOREFRESH = True
# Uploaded files (the signed collaboration agreements) are never served from MEDIA_URL: a view
# checks that the file may be read and sends it with the type its content was checked to be
# (promises.documents, followups.public.views). MEDIA_URL is Django's default storage's base.
MEDIA_URL = "media/"
MEDIA_ROOT = Path(env("MEDIA_ROOT") or BASE_DIR / "media")
# The largest agreement document a coordinator may upload, in megabytes.
AGREEMENT_MAX_UPLOAD_MB = int(env("AGREEMENT_MAX_UPLOAD_MB") or 10)

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

MAILERS = {
    "default": {
        # Production sends by SMTP (EMAIL_HOST, by default this machine); development prints.
        "BACKEND": env("EMAIL_BACKEND")
        or (
            "django.core.mail.backends.smtp.EmailBackend"
            if PRODUCTION
            else "django.core.mail.backends.console.EmailBackend"
        ),
        "OPTIONS": {
            key: value
            for key, value in {
                "host": env("EMAIL_HOST"),
                "port": int(env("EMAIL_PORT", "0")) or None,
                "username": env("EMAIL_HOST_USER"),
                "password": env("EMAIL_HOST_PASSWORD"),
                "use_tls": env_bool("EMAIL_USE_TLS") or None,
            }.items()
            if value is not None
        },
    }
}
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", "medborgarloften@localhost")

# Security headers. Content-Security-Policy is on everywhere, tests and development included,
# so that an inline script or style attribute is caught before it reaches production: every
# script, style and image comes from this site (Bootstrap's CSS draws its form icons as data:
# images). HSTS, HTTPS-only cookies and the redirect to HTTPS are on in production.
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.NONE],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
}
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = True  # no script of ours reads it: forms carry the token
# A refused form gets a page in the layout that says to reload it (config/errors.py).
CSRF_FAILURE_VIEW = "config.errors.csrf_failure"
SESSION_COOKIE_SECURE = env_bool("SESSION_COOKIE_SECURE", default=PRODUCTION)
CSRF_COOKIE_SECURE = env_bool("CSRF_COOKIE_SECURE", default=PRODUCTION)
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", default=PRODUCTION)
# The load balancer's health check asks over plain HTTP.
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
SECURE_HSTS_SECONDS = int(env("SECURE_HSTS_SECONDS", "31536000" if PRODUCTION else "0"))
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", default=PRODUCTION)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", default=PRODUCTION)
# Behind a proxy that terminates TLS: the header it sets, e.g. X-Forwarded-Proto, so that
# Django knows the request came over HTTPS. Set it only when such a proxy strips the header
# from what clients send.
if _proxy_header := env("SECURE_PROXY_SSL_HEADER"):
    SECURE_PROXY_SSL_HEADER = ("HTTP_" + _proxy_header.upper().replace("-", "_"), "https")

# One JSON object per line on standard output: the request log (config/lib/requestlog.py) and
# everything else, each line with the id of the request it belongs to.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_id": {"()": "config.lib.requestlog.RequestIdFilter"}},
    "formatters": {"json": {"()": "config.lib.requestlog.JsonFormatter"}},
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "stream": "ext://sys.stdout",
            "formatter": "json",
            "filters": ["request_id"],
        }
    },
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", "INFO")},
    "loggers": {
        # The request log says the same in structured form; Django's line adds nothing but
        # a second copy of every 4xx and 5xx.
        "django.request": {"level": "ERROR"},
    },
}

# Residents' tips and "Did the information help you?" (situations). A rate is "count/period",
# the period one of s, m, h, d, optionally with a number: "5/h", "30/10m".
TIP_RETENTION_DAYS = int(env("TIP_RETENTION_DAYS", "365"))
TIP_RATE_LIMIT = env("TIP_RATE_LIMIT", "5/h")
FEEDBACK_RATE_LIMIT = env("FEEDBACK_RATE_LIMIT", "30/h")
# Answers to a survey per client address: generous, since a school or a library may answer
# together behind one address.
SURVEY_RATE_LIMIT = env("SURVEY_RATE_LIMIT", "30/h")
# The longest period a charter or a lägesbild may cover, in years; every date given lies
# within 2000–2100 (config/lib/periods.py).
CHARTER_MAX_YEARS = int(env("CHARTER_MAX_YEARS", "4"))
# Requests for a password reset link, per client address and per email address asked about.
PASSWORD_RESET_RATE_LIMIT = env("PASSWORD_RESET_RATE_LIMIT", "5/h")
# How many reverse proxies of our own add themselves to X-Forwarded-For in front of the app.
# 0 (the default) trusts only REMOTE_ADDR, since any client can send X-Forwarded-For.
RATE_LIMIT_TRUSTED_PROXIES = int(env("RATE_LIMIT_TRUSTED_PROXIES", "0"))
# Residents who follow a kommun by email (followups.notices): the confirmation link is valid
# for SUBSCRIPTION_CONFIRM_DAYS, and an address never confirmed is deleted after as many days
# (manage.py purge_expired). Requests to follow are limited per client and per address.
SUBSCRIPTION_CONFIRM_DAYS = int(env("SUBSCRIPTION_CONFIRM_DAYS", "3"))
SUBSCRIPTION_RATE_LIMIT = env("SUBSCRIPTION_RATE_LIMIT", "5/h")
# Mails sent right after a report, charter or survey is published; send_notices the rest.
NOTICE_BATCH_SIZE = int(env("NOTICE_BATCH_SIZE", "100"))
# The site's address for links in mails (https://medborgarloften.example.se); by default the
# first of ALLOWED_HOSTS over https.
SITE_URL = env("SITE_URL", "")
# Where residents report accessibility problems and ask about personal data (the accessibility
# statement and the privacy page show it). Set it in production.
SITE_CONTACT_EMAIL = env("SITE_CONTACT_EMAIL", DEFAULT_FROM_EMAIL)
