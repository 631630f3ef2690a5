"""Time the area at a glance and the dashboard at national scale: region Syd and the country.

    DATABASE_URL=postgres://… .venv/bin/python bench/area.py [--runs 20]

Uses the users of bench/review_dashboard.py (a police manager of every police district of
region Syd, and a superuser) and renders /arbetsyta/granskning/oversikt/ and /arbetsyta/
through the views themselves (RequestFactory: the views' own queries and templates), printing
the median and 90th percentile server time, the number of SQL queries and the page's size.
It writes those two users: run it on a copy of the demo database.
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

from django.contrib.messages.storage.fallback import FallbackStorage  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import RequestFactory  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.urls import reverse  # noqa: E402

from bench.common import percentile, region_manager, superuser  # noqa: E402
from bench.review_dashboard import ensure_national_data  # noqa: E402
from followups.views.area import area  # noqa: E402
from followups.views.workspace import dashboard  # noqa: E402


def measure(view, url: str, user, query: dict, runs: int) -> tuple[list[float], int, int]:
    """Server times in ms over RUNS renders (after one warm-up), the query count and size."""
    factory = RequestFactory()
    times, queries, size = [], 0, 0
    for index in range(runs + 1):
        request = factory.get(url, query)
        request.user = user
        request.session = {}
        request._messages = FallbackStorage(request)
        with CaptureQueriesContext(connection) as captured:
            started = time.perf_counter()
            response = view(request)
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
    syd, admin = region_manager(), superuser()
    area_url, dashboard_url = reverse("followups:area"), reverse("followups:dashboard")
    cases = [
        ("Area, Syd", area, area_url, syd, {}),
        ("Area, Syd, by most waiting", area, area_url, syd, {"sort": "waiting"}),
        ("Area, country", area, area_url, admin, {}),
        ("Dashboard, Syd", dashboard, dashboard_url, syd, {}),
        ("Dashboard, country", dashboard, dashboard_url, admin, {}),
    ]
    print(f"{args.runs} runs per case")
    print(f"{'case':32} {'median ms':>10} {'p90 ms':>8} {'queries':>8} {'kB':>6}")
    for name, view, url, user, query in cases:
        times, queries, size = measure(view, url, user, query, args.runs)
        print(
            f"{name:32} {statistics.median(times):10.1f} {percentile(times, 0.9):8.1f} "
            f"{queries:8d} {size / 1024:6.0f}"
        )


if __name__ == "__main__":
    main()
