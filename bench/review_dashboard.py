"""Time the review dashboard at national scale: police region Syd and the whole country.

    DATABASE_URL=postgres://… .venv/bin/python bench/review_dashboard.py [--runs 20]

Loads `load_demo --national` if the database lacks it, makes two users (a police manager of
every police district of region Syd, and a superuser), then renders /arbetsyta/granskning/
through the view itself (RequestFactory: no session or middleware, so the time is the view's
own queries and template) with and without filters, and prints the median and 90th
percentile server time and the number of SQL queries of each case.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

import django

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import RequestFactory  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.urls import reverse  # noqa: E402

from bench.common import percentile, region_manager, superuser  # noqa: E402
from followups.demo.national import MARKER  # noqa: E402
from followups.models import FollowUp, FollowUpRound  # noqa: E402
from followups.views.review import review_dashboard  # noqa: E402
from promises.models import Charter  # noqa: E402

NATIONAL_CHARTERS = 1000  # fewer generated charters than this: load the national demo


def ensure_national_data() -> None:
    if Charter.objects.filter(title__endswith=MARKER).count() < NATIONAL_CHARTERS:
        print("Loading load_demo --national …", flush=True)
        call_command("load_demo", national=True, verbosity=0)


def latest_period() -> str:
    """The period of the latest round that has follow-ups, as the round filter takes it."""
    round_ = (
        FollowUpRound.objects.filter(follow_ups__isnull=False)
        .order_by("-period_start", "period_end")
        .first()
    )
    return f"{round_.period_start.isoformat()}_{round_.period_end.isoformat()}"


def measure(user, query: dict, runs: int) -> tuple[list[float], int, int]:
    """Server times in ms over RUNS renders (after one warm-up), the query count and size."""
    factory = RequestFactory()
    url = reverse("followups:review")
    times, queries, size = [], 0, 0
    for index in range(runs + 1):
        request = factory.get(url, query)
        request.user = user
        with CaptureQueriesContext(connection) as captured:
            started = time.perf_counter()
            response = review_dashboard(request)
            elapsed = (time.perf_counter() - started) * 1000
        assert response.status_code == 200, response.status_code
        if index:  # the first run warms caches (templates, the database's buffers)
            times.append(elapsed)
        queries, size = len(captured), len(response.content)
    return times, queries, size


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=20, help="renders per case (default 20)")
    args = parser.parse_args()

    ensure_national_data()
    period = latest_period()
    cases = [
        ("Syd, no filter", region_manager(), {}),
        ("Syd, round and status", region_manager(), {"round": period, "status": "delayed"}),
        ("Syd, owner police", region_manager(), {"owner": "police"}),
        ("Syd, not reviewed, page 10", region_manager(), {"review": "none", "sida": "10"}),
        ("Country, no filter", superuser(), {}),
        ("Country, round and status", superuser(), {"round": period, "status": "delayed"}),
        ("Country, owner police", superuser(), {"owner": "police"}),
        ("Country, overdue only", superuser(), {"overdue": "on"}),
    ]
    print(
        f"{FollowUp.objects.count()} follow-ups, {Charter.objects.count()} charters; "
        f"{args.runs} runs per case; round filter {period}"
    )
    print(f"{'case':32} {'median ms':>10} {'p90 ms':>8} {'queries':>8} {'kB':>6}")
    for name, user, query in cases:
        times, queries, size = measure(user, query, args.runs)
        print(
            f"{name:32} {statistics.median(times):10.1f} {percentile(times, 0.9):8.1f} "
            f"{queries:8d} {size / 1024:6.0f}"
        )


if __name__ == "__main__":
    main()
