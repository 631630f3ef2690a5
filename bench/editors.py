"""Weigh and time the workspace editors of the largest national charter.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/medborgarloften_bench \
        .venv/bin/python bench/editors.py [--runs 10] [--charter PK]

Finds the largest charter of the national demo that can still be edited (draft, in review or
published; most promises plus activities), makes two users of its own if they are missing (a
coordinator of its kommun, `bench-editors-coordinator`, and a police manager of its local police
area, `bench-editors-police`), and GETs the editors as they would: the promises editor (the
summary and, where there is one, the page of its largest promise), the entry page of the latest
follow-up round, the lägesbild editor and the review dashboard. Only GET requests: the data are
read, never changed (the users and their sessions aside).

Each page is fetched through Django's test Client (the whole middleware stack and a real
session, without a WSGI server or network) `--runs` times after one warm-up; the script prints
the page weight in kB, the median server time in milliseconds and the number of SQL queries.

With `--every-page` it then weighs, once each, every other workspace page of that charter a
coordinator or police manager opens (the charter, its texts, indicators, history, preview,
checklist, rounds, each promise, indicator and follow-up round, the kommun's workspace, the
dashboard, the area at a glance), and marks each page over 100 kB (the issue's bar) with "!".
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
os.environ.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/medborgarloften_bench")
os.environ.setdefault("LOG_LEVEL", "WARNING")  # not a log line per request and login

import django

django.setup()

from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.urls import NoReverseMatch, reverse  # noqa: E402

from bench.common import editors_users, largest_charter, largest_promise  # noqa: E402
from followups.models import FollowUpRound  # noqa: E402
from promises.models import Activity, Charter, Indicator  # noqa: E402


def pages(charter: Charter, coordinator, manager) -> list[tuple[str, object, str]]:
    """(name, user, url) of every page weighed; a page this version lacks is left out."""
    url = reverse("promises:promises_edit", args=[charter.pk])
    cases = [("promises editor", coordinator, url)]
    promise = largest_promise(charter)
    try:
        url = reverse("promises:promise_edit", args=[promise.pk])
    except NoReverseMatch:  # the one-page editor had no page per promise
        pass
    else:
        cases.append((f"  promise page ({promise.activities.count()} act.)", coordinator, url))
    round_ = FollowUpRound.objects.filter(charter=charter).order_by("-period_start", "-pk").first()
    if round_:
        url = reverse("followups:round_entry", args=[charter.pk, round_.pk])
        cases.append((f"round entry ({round_.title})", coordinator, url))
    if charter.situation_report_id:
        url = reverse("situations:report_edit", args=[charter.situation_report_id])
        cases.append(("lägesbild editor", coordinator, url))
    cases.append(("review dashboard (manager)", manager, reverse("followups:review")))
    return cases


LIMIT_KB = 100


def every_page(charter: Charter, coordinator, manager) -> list[tuple[str, object, str]]:
    """(name, user, url) of the charter's other workspace pages, each promise, indicator and
    round included."""
    charter_pages = [
        ("charter", "promises:charter"),
        ("texts, period, signatories", "promises:charter_edit"),
        ("new promise", "promises:promise_create"),
        ("indicators", "promises:indicators"),
        ("history", "promises:charter_history"),
        ("checklist before review", "promises:charter_submit"),
        ("preview", "followups:charter_preview"),
        ("rounds", "followups:rounds"),
    ]
    cases = [(name, coordinator, reverse(url, args=[charter.pk])) for name, url in charter_pages]
    slug = charter.municipality.slug
    cases += [
        (
            "kommun workspace",
            coordinator,
            reverse("followups:municipality_workspace", args=[slug]),
        ),
        ("dashboard (coordinator)", coordinator, reverse("followups:dashboard")),
        ("dashboard (manager)", manager, reverse("followups:dashboard")),
        ("area at a glance (manager)", manager, reverse("followups:area")),
    ]
    for promise in charter.promises.order_by("order", "id"):
        cases.append(
            (
                f"promise {promise.pk}",
                coordinator,
                reverse("promises:promise_edit", args=[promise.pk]),
            )
        )
    for indicator in Indicator.objects.filter(promise__charter=charter).order_by("id"):
        cases.append(
            (
                f"indicator {indicator.pk}",
                coordinator,
                reverse("promises:indicator_edit", args=[indicator.pk]),
            )
        )
    for round_ in charter.rounds.order_by("period_start", "id"):
        url = reverse("followups:round_entry", args=[charter.pk, round_.pk])
        cases.append((f"round entry {round_.display_title}", coordinator, url))
    return cases


def measure(client: Client, url: str, runs: int) -> tuple[list[float], int, int]:
    """Server times in ms over RUNS GETs after one warm-up, the query count and the size."""
    times, queries, size = [], 0, 0
    for index in range(runs + 1):
        with CaptureQueriesContext(connection) as captured:
            started = time.perf_counter()
            response = client.get(url)
            elapsed = (time.perf_counter() - started) * 1000
        if response.status_code != 200:
            sys.exit(f"{url} answered {response.status_code}")
        if index:  # the first run warms caches (templates, the database's buffers)
            times.append(elapsed)
        queries, size = len(captured), len(response.content)
    return times, queries, size


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=10, help="GETs per page (default 10)")
    parser.add_argument("--charter", type=int, help="weigh this charter instead")
    parser.add_argument(
        "--every-page", action="store_true", help="then weigh every workspace page of it once"
    )
    args = parser.parse_args()

    charter = largest_charter(args.charter)
    coordinator, manager = editors_users(charter)
    promises = charter.promises.count()
    activities = Activity.objects.filter(promise__charter=charter).count()
    print(
        f"Charter {charter.pk} «{charter.title}», {charter.municipality.name} "
        f"({charter.get_status_display()}): {promises} promises, {activities} activities; "
        f"{args.runs} runs per page, Django test Client"
    )
    print(f"{'page':40} {'kB':>6} {'median ms':>10} {'queries':>8}")
    clients = {}
    for name, user, url in pages(charter, coordinator, manager):
        if user.pk not in clients:
            clients[user.pk] = Client(HTTP_HOST="127.0.0.1")
            clients[user.pk].force_login(user)
        times, queries, size = measure(clients[user.pk], url, args.runs)
        print(f"{name:40} {size / 1024:6.0f} {statistics.median(times):10.1f} {queries:8d}")
    if not args.every_page:
        return
    print(f"\nEvery workspace page of the charter, once ({LIMIT_KB} kB at most):")
    heaviest = 0.0
    for name, user, url in every_page(charter, coordinator, manager):
        if user.pk not in clients:
            clients[user.pk] = Client(HTTP_HOST="127.0.0.1")
            clients[user.pk].force_login(user)
        _, queries, size = measure(clients[user.pk], url, 0)
        heaviest = max(heaviest, size / 1024)
        mark = "!" if size / 1024 > LIMIT_KB else ""
        print(f"{name:40} {size / 1024:6.0f} {queries:8d} {mark}")
    print(f"heaviest: {heaviest:.0f} kB")


if __name__ == "__main__":
    main()
