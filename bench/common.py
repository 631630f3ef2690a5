"""What the benchmarks share: the production environment, the national demo data in
PostgreSQL, the pages and users they measure (the typical kommun, the police managers, the
largest editable charter), gunicorn started and stopped, and wrk run and read.

Import `production_environment()` before Django is set up: it sets the environment the
benchmark process and its gunicorn both use (one secret key, so sessions made here are valid
there).
"""

from __future__ import annotations

import json
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VENV_BIN = ROOT / ".venv" / "bin"
DEFAULT_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/medborgarloften_bench"
DEFAULT_REDIS_URL = "redis://127.0.0.1:6379/0"
# The client talks plain HTTP on 127.0.0.1 as a TLS-terminating proxy would, and says so.
PROXY_HEADERS = {"X-Forwarded-Proto": "https"}
NATIONAL_CHARTERS = 1000  # fewer generated charters than this: load the national demo


def say(message: str) -> None:
    print(message, flush=True)


def percentile(values: list[float], share: float) -> float:
    """The value below which SHARE of VALUES lie (nearest rank)."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def production_environment() -> dict[str, str]:
    """Set (and return) the production settings for this process and the servers it starts."""
    database_url = os.environ.get("DATABASE_URL") or DEFAULT_DATABASE_URL
    if not database_url.startswith("postgres"):
        sys.exit("The benchmarks run on PostgreSQL: set DATABASE_URL=postgres://…")
    environment = {
        "DJANGO_SETTINGS_MODULE": "bench.settings",
        "PRODUCTION": "1",
        "DEBUG": "0",
        "DATABASE_URL": database_url,
        "REDIS_URL": os.environ.get("REDIS_URL") or DEFAULT_REDIS_URL,
        "SECRET_KEY": os.environ.get("SECRET_KEY") or secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "127.0.0.1",
        "SECURE_PROXY_SSL_HEADER": "X-Forwarded-Proto",
        "CONN_MAX_AGE": os.environ.get("CONN_MAX_AGE", "60"),
        "LOG_LEVEL": os.environ.get("LOG_LEVEL", "INFO"),
        "PUBLIC_PAGE_CACHE": "1",
    }
    os.environ.update(environment)
    return environment


def ensure_database() -> None:
    """Create the database if it is missing; migrate it; load the national demo once."""
    import psycopg
    from django.conf import settings

    database = settings.DATABASES["default"]
    server = {
        "host": database["HOST"] or "127.0.0.1",
        "port": database["PORT"] or 5432,
        "user": database["USER"],
        "password": database["PASSWORD"] or None,
        "dbname": "postgres",
        "autocommit": True,
    }
    with psycopg.connect(**server) as connection:
        exists = connection.execute(
            "SELECT 1 FROM pg_database WHERE datname = %s", [database["NAME"]]
        ).fetchone()
        if not exists:
            say(f"Creating the database {database['NAME']}")
            connection.execute(f'CREATE DATABASE "{database["NAME"]}"')

    from django.core.management import call_command

    call_command("migrate", interactive=False, verbosity=0)

    from followups.demo.national import MARKER
    from promises.models import Charter

    if Charter.objects.filter(title__endswith=MARKER).count() < NATIONAL_CHARTERS:
        say("Loading load_demo --national (a few minutes the first time) …")
        call_command("load_demo", national=True, verbosity=0)
    # Fresh planner statistics, as autovacuum keeps them on a server that has run a while:
    # right after a bulk load the planner would guess table sizes wrong by a factor of ten.
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    say("Collecting static files …")
    call_command("collectstatic", interactive=False, verbosity=0)


def session_cookie(user) -> str:
    """A logged-in session for USER, as logging in would store it (without the login signals)."""
    from django.apps import apps
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore

    session = SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    # With the second factor given, as a coordinator's session has it after signing in with
    # the code of their app (config/accounts/second_factor.py): the benchmarks measure the pages.
    # A checkout from before the second factor (bench/render --code) has no such app.
    if apps.is_installed("django_otp"):
        from django_otp import DEVICE_ID_SESSION_KEY
        from django_otp.plugins.otp_totp.models import TOTPDevice

        device, _created = TOTPDevice.objects.get_or_create(
            user=user, confirmed=True, defaults={"name": "benchmark"}
        )
        session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.create()
    return f"sessionid={session.session_key}"


# The pages and users the benchmarks measure. They import the models when called, so that this
# module can be imported before Django is set up.

EDITABLE_STATUSES = ["draft", "review", "published"]  # Charter.Status: the editors still open
REGION = "Syd"  # the police region of region_manager()


def typical_kommun() -> str:
    """The kommun whose published charter has the median number of activities."""
    from django.db.models import Count

    from promises.models import Charter

    charters = list(
        Charter.objects.filter(status=Charter.Status.PUBLISHED)
        .annotate(activities=Count("promises__activities"))
        .order_by("activities", "municipality__slug")
        .values_list("municipality__slug", flat=True)
    )
    if not charters:
        sys.exit("No published charter in the database: load_demo --national did not run?")
    return charters[len(charters) // 2]


def police_manager():
    """A police manager of a polisområde of median size: the review dashboard's usual reader."""
    from django.contrib.auth import get_user_model
    from django.db.models import Count

    from situations.models import Membership, PoliceDistrict

    districts = list(
        PoliceDistrict.objects.annotate(n_areas=Count("areas")).order_by("n_areas", "name")
    )
    district = districts[len(districts) // 2]
    user, _ = get_user_model().objects.get_or_create(username="bench-police-manager")
    Membership.objects.filter(user=user).exclude(police_district=district).delete()
    Membership.objects.get_or_create(
        user=user, role=Membership.Role.POLICE_MANAGER, police_district=district
    )
    return user, district


def region_manager():
    """A police manager of every police district of region Syd: its 58 kommuner."""
    from django.contrib.auth import get_user_model

    from situations.models import Membership, PoliceDistrict, PoliceRegion

    user, _ = get_user_model().objects.get_or_create(username="bench-syd")
    region = PoliceRegion.objects.get(name=REGION)
    for district in PoliceDistrict.objects.filter(region=region):
        Membership.objects.get_or_create(
            user=user, role=Membership.Role.POLICE_MANAGER, police_district=district
        )
    return user


def superuser():
    """A superuser: the workspace pages show them the whole country."""
    from django.contrib.auth import get_user_model

    user, _ = get_user_model().objects.get_or_create(
        username="bench-admin", defaults={"is_superuser": True, "is_staff": True}
    )
    return user


def largest_charter(pk: int | None = None):
    """The editable charter with the most promises plus activities (or charter PK)."""
    from django.db.models import Count

    from promises.models import Activity, Charter, Promise

    if pk:
        return Charter.objects.get(pk=pk)
    sizes = {
        row["charter"]: row["n"]
        for row in Promise.objects.filter(charter__status__in=EDITABLE_STATUSES)
        .values("charter")
        .annotate(n=Count("id"))
    }
    for row in (
        Activity.objects.filter(promise__charter__status__in=EDITABLE_STATUSES)
        .values("promise__charter")
        .annotate(n=Count("id"))
    ):
        sizes[row["promise__charter"]] += row["n"]
    largest = max(sizes, key=lambda charter: (sizes[charter], -charter))
    return Charter.objects.select_related("municipality", "police_area").get(pk=largest)


def largest_promise(charter):
    """CHARTER's promise with the most activities (the first in order among equals)."""
    from django.db.models import Count

    return charter.promises.annotate(n=Count("activities")).order_by("-n", "order", "id").first()


def user_with(username: str, **membership):
    """A user with one membership, made once and reused (idempotent)."""
    from django.contrib.auth import get_user_model

    from situations.models import Membership

    user, _ = get_user_model().objects.get_or_create(username=username)
    Membership.objects.get_or_create(user=user, **membership)
    return user


def editors_users(charter):
    """The editors' two readers of CHARTER: a coordinator of its kommun and a police manager
    of its local police area (`bench-editors-coordinator`, `bench-editors-police`)."""
    from situations.models import Membership

    coordinator = user_with(
        "bench-editors-coordinator",
        role=Membership.Role.COORDINATOR,
        municipality=charter.municipality,
    )
    manager = user_with(
        "bench-editors-police",
        role=Membership.Role.POLICE_MANAGER,
        police_area=charter.police_area,
    )
    return coordinator, manager


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def workers() -> int:
    return 2 * (os.cpu_count() or 1)


@contextmanager
def gunicorn(name: str, **environment: str):
    """Run gunicorn with the production settings on a free port; yield its base URL."""
    port = free_port()
    log = Path(tempfile.gettempdir()) / f"bench-{name}-{port}.log"
    with log.open("w") as output:
        process = subprocess.Popen(
            [str(VENV_BIN / "gunicorn"), "--config", "config/gunicorn.py", "config.wsgi"],
            cwd=ROOT,
            env={
                **os.environ,
                **environment,
                "GUNICORN_BIND": f"127.0.0.1:{port}",
                "WEB_CONCURRENCY": str(workers()),
            },
            stdout=output,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    base = f"http://127.0.0.1:{port}"
    try:
        wait_until_healthy(base, process, log)
        yield base
    finally:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def wait_until_healthy(base: str, process: subprocess.Popen, log: Path) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            sys.exit(f"gunicorn stopped at start; its log:\n{log.read_text()[-3000:]}")
        try:
            with urllib.request.urlopen(base + "/healthz", timeout=2) as response:
                if response.status == 200:
                    return
        except (urllib.error.URLError, OSError):
            pass
        time.sleep(0.3)
    sys.exit(f"gunicorn did not answer /healthz within 60 s; its log: {log}")


def wait_until_idle(base: str, *, quick_ms: float = 50, limit_s: float = 15) -> None:
    """Wait until gunicorn at BASE has worked off what a load left queued.

    wrk stops sending, but the requests its connections left in the workers' queue are still
    served; the next measurement must not pay for them. /healthz answering quickly twice in a
    row means the queue is empty.
    """
    deadline = time.monotonic() + limit_s
    quick = 0
    while quick < 2 and time.monotonic() < deadline:
        start = time.monotonic()
        try:
            with urllib.request.urlopen(base + "/healthz", timeout=limit_s) as response:
                response.read()
        except (urllib.error.URLError, OSError):
            pass
        quick = quick + 1 if (time.monotonic() - start) * 1000 < quick_ms else 0
        time.sleep(0.1)


def ensure_wrk() -> str:
    wrk = shutil.which("wrk")
    if wrk:
        return wrk
    if os.geteuid() == 0 and shutil.which("apt-get"):
        say("Installing wrk (Debian package) …")
        subprocess.run(["apt-get", "update", "-qq"], check=True)
        subprocess.run(
            ["apt-get", "install", "-y", "-qq", "wrk"],
            check=True,
            env={**os.environ, "DEBIAN_FRONTEND": "noninteractive"},
            stdout=subprocess.DEVNULL,
        )
        if wrk := shutil.which("wrk"):
            return wrk
    sys.exit("wrk is needed: apt-get install wrk (Debian/Ubuntu) or see bench/README.md.")


def run_wrk(
    url: str,
    *,
    connections: int,
    seconds: float,
    headers: dict[str, str] | None = None,
    threads: int = 2,
    paths: list[str] | None = None,
) -> dict:
    """Run wrk against URL and return bench/report.lua's figures, with requests per second.

    With PATHS, wrk asks for each of them in turn (bench/soak.lua) instead of URL's path.
    """
    command = [
        ensure_wrk(),
        f"-t{min(threads, connections)}",
        f"-c{connections}",
        f"-d{max(1, round(seconds))}s",
        "--timeout",
        "10s",
        "-s",
        str(ROOT / "bench" / ("soak.lua" if paths else "report.lua")),
    ]
    for name, value in {**PROXY_HEADERS, **(headers or {})}.items():
        command += ["-H", f"{name}: {value}"]
    command.append(url)
    if paths:
        command += ["--", *paths]
    result = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, check=False)
    for line in result.stdout.splitlines():
        if line.startswith("BENCH_JSON "):
            figures = json.loads(line.removeprefix("BENCH_JSON "))
            figures["rps"] = figures["requests"] / figures["duration_s"]
            figures["errors"] = sum(
                figures[name]
                for name in ("connect_errors", "read_errors", "write_errors", "timeouts")
            )
            figures["non_2xx"] = figures["requests"] - figures["status_2xx"]
            return figures
    sys.exit(f"wrk gave no figures for {url}:\n{result.stdout}\n{result.stderr}")
