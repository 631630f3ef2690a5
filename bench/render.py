"""bench/render: what one render of each page costs this process, with production settings on
PostgreSQL with the national demo.

    cd CHECKOUT && DATABASE_URL=postgres://… bench/render [--runs 60] [--only TEXT] [--json PATH]

The code measured is the checkout in the current directory (or `--code DIR`): Django, the
settings and the apps are imported from there, so that a script from a newer worktree can
measure older code in the same way. Only the benchmark's own helpers (bench/common.py) come
from the checkout this script is in.

Every page is rendered through the whole middleware stack by Django's test Client (no WSGI
server, no network), with a logged-in session where the page needs one and the headers a
browser sends (Accept-Language, the cookies the site set). The settings are production's
(`bench.common.production_environment()`) with the public page cache off, so that a public
page renders on every request, and LOG_LEVEL=WARNING. The pages take turns, one render each
per run, after three warm-up renders each; per page the script prints the body in kB, the SQL
queries, the median and 90th percentile CPU time of this process per render
(`time.process_time()`), the median time it waited (the render's wall time less its CPU time:
for PostgreSQL, as a render does no other I/O here; queries sent together wait once, when
their pipeline ends, outside any one query's execute) and the median's ratio to the floor's.
Every answer must be 200.
"""

from __future__ import annotations

import argparse
import gc
import importlib.util
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
WARM_UP = 3
BROWSER_HEADERS = {
    "HTTP_HOST": "127.0.0.1",
    "HTTP_X_FORWARDED_PROTO": "https",  # as the TLS-terminating proxy says
    "HTTP_ACCEPT": "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8",
    "HTTP_ACCEPT_LANGUAGE": "sv-SE,sv;q=0.9,en-US;q=0.8,en;q=0.7",
    "HTTP_USER_AGENT": "Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0",
}
# The targets of issue 18, in ms of CPU and kB.
KOMMUN_TYPICAL_MS = 10.0
KOMMUN_GROWTH_MS = 0.15  # per public activity
REVIEW_MEDIAN_MANAGER_MS = 20.0
EDITOR_MS, EDITOR_KB = 50.0, 100.0


def load_common():
    """This checkout's bench/common.py, loaded from its file under a name of its own: the
    checkout measured (--code) has a `bench` package of its own, perhaps an older one."""
    spec = importlib.util.spec_from_file_location("bench_render_common", HERE / "common.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=60, help="renders per page (default 60)")
    parser.add_argument("--only", help="measure only the pages whose name contains this text")
    parser.add_argument("--json", type=Path, help="also write the figures to this file")
    parser.add_argument(
        "--code",
        type=Path,
        default=Path.cwd(),
        help="the checkout to measure (default: the current directory)",
    )
    args = parser.parse_args()
    if args.runs < 1:
        parser.error("--runs must be at least 1")
    args.code = args.code.resolve()
    if not (args.code / "manage.py").exists():
        parser.error(f"{args.code} is not a checkout of the project (no manage.py): see --code")
    return args


ARGS = arguments()
# The checkout measured comes first; this script's own directory is not a package root.
sys.path[:] = [str(ARGS.code), *(p for p in sys.path if Path(p or ".").resolve() != HERE)]
os.environ.setdefault("LOG_LEVEL", "WARNING")
common = load_common()
common.production_environment()
os.environ["PUBLIC_PAGE_CACHE"] = "0"
# The manifest of the static files, collected for the checkout measured outside it.
os.environ.setdefault(
    "STATIC_ROOT",
    str(Path(tempfile.gettempdir()) / "bench-render-static" / str(ARGS.code).replace("/", "+")),
)

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.db.models import Count, Q  # noqa: E402
from django.test import Client  # noqa: E402
from django.urls import reverse  # noqa: E402

from followups.models import CouncilReport, FollowUpRound  # noqa: E402
from promises.models import Charter  # noqa: E402


@dataclass
class Page:
    """One page to render: its row in the table, its address and who reads it."""

    name: str
    url: str
    user: object = None
    public_activities: int | None = None
    cpu_ms: list[float] = field(default_factory=list)
    wait_ms: list[float] = field(default_factory=list)
    queries: set[int] = field(default_factory=set)
    size: int = 0


class QueryMeter:
    """A database execute wrapper that counts the queries of a render. It is cheap enough not
    to change what it measures (no debug cursor, no SQL kept)."""

    def __init__(self) -> None:
        self.queries = 0

    def __call__(self, execute, sql, params, many, context):
        self.queries += 1
        return execute(sql, params, many, context)


def browser(user) -> Client:
    """A test Client that sends what a browser sends, logged in as USER when given."""
    client = Client(**BROWSER_HEADERS)
    if user is not None:
        name, _, key = common.session_cookie(user).partition("=")
        client.cookies[name] = key
    return client


def public_activity_counts() -> list[tuple[str, int]]:
    """(kommun slug, public activities of its published charter), fewest first."""
    return list(
        Charter.objects.filter(status=Charter.Status.PUBLISHED)
        .annotate(n=Count("promises__activities", filter=Q(promises__activities__is_public=True)))
        .order_by("n", "municipality__slug")
        .values_list("municipality__slug", "n")
    )


def pages() -> list[Page]:
    """The pages of issue 18, the floor first; users are made once and reused."""
    cases = [Page("floor", "/bench/floor/")]
    counts = public_activity_counts()
    typical = common.typical_kommun()
    activities = dict(counts)
    for label, slug in (
        ("smallest", counts[0][0]),
        ("typical", typical),
        ("largest", counts[-1][0]),
    ):
        cases.append(
            Page(
                f"kommun {label} ({slug}, {activities[slug]} act.)",
                reverse("public:municipality", args=[slug]),
                public_activities=activities[slug],
            )
        )
    charter = Charter.objects.get(status=Charter.Status.PUBLISHED, municipality__slug=typical)
    url = reverse("public:charter_detail", args=[typical, charter.pk])
    cases.append(Page("charter page (typical)", url))
    round_ = (
        FollowUpRound.objects.filter(charter=charter, published_at__isnull=False)
        .order_by("-period_start", "-pk")
        .first()
    )
    if round_:
        url = reverse("public:round_report", args=[typical, charter.pk, round_.pk])
        cases.append(Page("round report (typical, latest)", url))
    report = CouncilReport.objects.published().select_related("municipality").first()
    if report:
        url = reverse("public:council_report", args=[report.municipality.slug, report.year])
        cases.append(Page(f"council report ({report.municipality.slug})", url))
    else:
        common.say("No published council report in the database: that page is left out.")

    review = reverse("followups:review")
    manager, district = common.police_manager()
    common.say(f"The median police manager is of {district.name}.")
    cases += [
        Page("review: median manager", review, manager),
        Page(f"review: region {common.REGION}", review, common.region_manager()),
        Page("review: superuser (country)", review, common.superuser()),
    ]

    largest = common.largest_charter()
    coordinator, _ = common.editors_users(largest)
    cases.append(
        Page(
            f"promises editor ({largest.pk})",
            reverse("promises:promises_edit", args=[largest.pk]),
            coordinator,
        )
    )
    promise = common.largest_promise(largest)
    if promise:
        url = reverse("promises:promise_edit", args=[promise.pk])
        cases.append(Page(f"  promise page ({promise.n} act.)", url, coordinator))
    latest = FollowUpRound.objects.filter(charter=largest).order_by("-period_start", "-pk").first()
    if latest:
        url = reverse("followups:round_entry", args=[largest.pk, latest.pk])
        cases.append(Page(f"round entry ({latest.pk})", url, coordinator))
    return cases


def render(client: Client, page: Page, meter: QueryMeter) -> tuple[float, float]:
    """Render PAGE once; return the CPU and the wait in ms. Exits unless it is a 200."""
    meter.queries = 0
    with connection.execute_wrapper(meter):
        wall, started = time.perf_counter(), time.process_time()
        response = client.get(page.url)
        cpu = time.process_time() - started
        wait = time.perf_counter() - wall - cpu
    if response.status_code != 200:
        where = response.get("Location", "")
        sys.exit(f"{page.name}: {page.url} answered {response.status_code} {where}")
    page.queries.add(meter.queries)
    page.size = len(response.content)
    return cpu * 1000, wait * 1000


def measure(cases: list[Page], runs: int) -> None:
    """Render each page WARM_UP times, then RUNS times, the pages taking turns."""
    clients: dict[object, Client] = {}
    meter = QueryMeter()
    for page in cases:
        if page.user not in clients:
            clients[page.user] = browser(page.user)
        for _ in range(WARM_UP):
            render(clients[page.user], page, meter)
    gc.collect()
    for _ in range(runs):
        for page in cases:
            cpu, wait = render(clients[page.user], page, meter)
            page.cpu_ms.append(cpu)
            page.wait_ms.append(wait)


def git_commit(directory: Path) -> str:
    result = subprocess.run(
        ["git", "-C", str(directory), "rev-parse", "--short", "HEAD"],
        capture_output=True,
        text=True,
        check=False,
    )
    return result.stdout.strip() or "?"


def figures(page: Page, floor_ms: float) -> dict:
    median = statistics.median(page.cpu_ms)
    return {
        "name": page.name.strip(),
        "url": page.url,
        "kb": round(page.size / 1024, 1),
        "queries": sorted(page.queries),
        "median_ms": round(median, 2),
        "p90_ms": round(common.percentile(page.cpu_ms, 0.9), 2),
        "pg_wait_ms": round(statistics.median(page.wait_ms), 2),
        "ratio": round(median / floor_ms, 1),
        "public_activities": page.public_activities,
    }


def growth(rows: list[dict]) -> float | None:
    """ms per public activity between the smallest and the largest kommun page."""
    kommun = {row["name"].split(" ")[1]: row for row in rows if row["name"].startswith("kommun")}
    if "smallest" not in kommun or "largest" not in kommun:
        return None
    small, large = kommun["smallest"], kommun["largest"]
    spread = large["public_activities"] - small["public_activities"]
    return (large["median_ms"] - small["median_ms"]) / spread if spread else None


def report(rows: list[dict], per_activity: float | None) -> None:
    print()
    print(
        f"{'page':46} {'kB':>6} {'queries':>7} {'median ms':>9} {'p90 ms':>7} "
        f"{'pg ms':>6} {'× floor':>7}"
    )
    for row in rows:
        queries = "–".join(str(n) for n in sorted({min(row["queries"]), max(row["queries"])}))
        print(
            f"{row['name'][:46]:46} {row['kb']:6.1f} {queries:>7} {row['median_ms']:9.2f} "
            f"{row['p90_ms']:7.2f} {row['pg_wait_ms']:6.2f} {row['ratio']:7.1f}"
        )
    print(
        "(median and p90: CPU of this process per render; pg: median wait for PostgreSQL, "
        "the render's wall time less its CPU time)"
    )
    if per_activity is not None:
        print(f"\nkommun page growth: {per_activity:.3f} ms per public activity")
    print(f"\nTargets of issue 18: {'; '.join(targets(rows, per_activity)) or 'none measured'}")


def targets(rows: list[dict], per_activity: float | None) -> list[str]:
    """Each target of issue 18 this run measured, with its figure and met or MISSED."""

    def verdict(ok: bool) -> str:
        return "met" if ok else "MISSED"

    lines = []
    for row in rows:
        name, ms, kb = row["name"], row["median_ms"], row["kb"]
        if name.startswith("kommun typical"):
            ok = ms <= KOMMUN_TYPICAL_MS
            lines.append(f"kommun typical {ms:.1f} ≤ {KOMMUN_TYPICAL_MS:g} ms {verdict(ok)}")
        elif name.startswith("review: median manager"):
            ok = ms <= REVIEW_MEDIAN_MANAGER_MS
            lines.append(f"review {ms:.1f} ≤ {REVIEW_MEDIAN_MANAGER_MS:g} ms {verdict(ok)}")
        elif name.startswith(("promises editor", "promise page", "round entry")):
            ok = ms <= EDITOR_MS and kb <= EDITOR_KB
            lines.append(
                f"{name.split(' (')[0]} {kb:.0f} kB, {ms:.0f} ms ≤ {EDITOR_KB:g} kB, "
                f"{EDITOR_MS:g} ms {verdict(ok)}"
            )
    if per_activity is not None:
        ok = per_activity <= KOMMUN_GROWTH_MS
        lines.append(f"growth {per_activity:.3f} ≤ {KOMMUN_GROWTH_MS} ms {verdict(ok)}")
    return lines


def main() -> None:
    common.say(f"Collecting static files into {os.environ['STATIC_ROOT']} …")
    call_command("collectstatic", interactive=False, verbosity=0)
    cases = pages()
    floor, *rest = cases
    if ARGS.only:
        rest = [page for page in rest if ARGS.only.lower() in page.name.lower()]
    cases = [floor, *rest]
    commit = git_commit(ARGS.code)
    imported_from = Path(sys.modules["config"].__file__ or "").resolve().parent.parent
    common.say(
        f"Code {imported_from} ({commit}), database {connection.settings_dict['NAME']}; "
        f"{ARGS.runs} renders per page after {WARM_UP} warm-up, pages taking turns"
    )
    measure(cases, ARGS.runs)
    floor_ms = statistics.median(floor.cpu_ms)
    rows = [figures(page, floor_ms) for page in cases]
    per_activity = growth(rows)
    report(rows, per_activity)
    if ARGS.json:
        ARGS.json.write_text(
            json.dumps(
                {
                    "code": str(ARGS.code),
                    "commit": commit,
                    "database": connection.settings_dict["NAME"],
                    "runs": ARGS.runs,
                    "pages": rows,
                    "growth_ms_per_public_activity": per_activity,
                },
                indent=2,
                ensure_ascii=False,
            )
            + "\n"
        )


if __name__ == "__main__":
    main()
