"""Time review in bulk and the follow-up page's place in the list at national scale.

    DATABASE_URL=postgres://…/a-copy .venv/bin/python bench/bulk_review.py [--runs 10]

Run it on a copy of the national demo: it adds a police manager of the LPO of the round with
the most follow-ups (and a superuser), and although every bulk approval is rolled back, it
writes while it runs. Through the test client (session, middleware, messages), it times:

- the review list filtered to that round's kommun and round, as the police manager;
- a follow-up's page opened from the list, with and without those filters ("previous",
  "next", its place in the list and the changes since the latest review), for the police
  manager and for a superuser (the whole country's list);
- the bulk approval of every follow-up of that round in one post (rolled back each run).

It prints the median and 90th percentile time and the number of SQL queries of each case.
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

from django.contrib.auth import get_user_model  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.db.models import Count  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.urls import reverse  # noqa: E402

from bench.common import percentile  # noqa: E402
from followups.filters import period_value  # noqa: E402
from followups.models import FollowUp, FollowUpRound, Review  # noqa: E402
from followups.views.bulk import loaded_token  # noqa: E402
from promises.permissions import EDITABLE_STATES  # noqa: E402
from situations.models import Membership  # noqa: E402


def largest_round() -> FollowUpRound:
    """The round with the most follow-ups of a charter whose follow-ups are still reviewed."""
    return (
        FollowUpRound.objects.filter(charter__status__in=EDITABLE_STATES)
        .annotate(n=Count("follow_ups"))
        .select_related("charter__municipality", "charter__police_area")
        .order_by("-n", "id")
        .first()
    )


def manager_of(round_: FollowUpRound):
    user, _ = get_user_model().objects.get_or_create(username="bench-bulk-manager")
    Membership.objects.get_or_create(
        user=user, role=Membership.Role.POLICE_MANAGER, police_area=round_.charter.police_area
    )
    return user


def superuser():
    user, _ = get_user_model().objects.get_or_create(
        username="bench-admin", defaults={"is_superuser": True, "is_staff": True}
    )
    return user


def client_of(user) -> Client:
    client = Client(HTTP_HOST="localhost")
    client.force_login(user)
    return client


def measure(request, runs: int, *, rollback: bool = False) -> tuple[list[float], int, int]:
    """Times in ms of RUNS calls of REQUEST (after one warm-up), its queries and its size."""
    times, queries, size = [], 0, 0
    for index in range(runs + 1):
        with transaction.atomic():
            with CaptureQueriesContext(connection) as captured:
                started = time.perf_counter()
                response = request()
                elapsed = (time.perf_counter() - started) * 1000
            if rollback:
                transaction.set_rollback(True)
        assert response.status_code in (200, 302), response.status_code
        if index:
            times.append(elapsed)
        queries, size = len(captured), len(response.content)
    return times, queries, size


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=10, help="calls per case (default 10)")
    args = parser.parse_args()

    round_ = largest_round()
    count = round_.follow_ups.count()
    manager, admin = client_of(manager_of(round_)), client_of(superuser())
    filters = {
        "municipality": str(round_.charter.municipality_id),
        "round": period_value(round_.period_start, round_.period_end),
    }
    query = "&".join(f"{name}={value}" for name, value in filters.items())
    follow_up = round_.follow_ups.order_by("-reported_on", "-id").first()
    page = reverse("followups:follow_up", kwargs={"pk": follow_up.pk})
    listing = reverse("followups:review")

    def bulk_approve():
        return manager.post(
            f"{listing}?{query}",
            {
                "bulk-scope": "round",
                "bulk-round": str(round_.pk),
                "bulk-decision": "approved",
                "bulk-comment": "Godkänt i klump.",
                "bulk-loaded": loaded_token(),
            },
        )

    cases = [
        ("list of the round, manager", lambda: manager.get(listing, filters), False),
        ("follow-up, no filter, manager", lambda: manager.get(page), False),
        ("follow-up, filtered, manager", lambda: manager.get(f"{page}?{query}"), False),
        ("follow-up, no filter, country", lambda: admin.get(page), False),
        ("follow-up, filtered, country", lambda: admin.get(f"{page}?{query}"), False),
        (f"bulk approve {count} (rolled back)", bulk_approve, True),
    ]
    print(
        f"{FollowUp.objects.count()} follow-ups; the largest round: {round_} ({count} "
        f"follow-ups, {round_.follow_ups.filter(review_decision='approved').count()} approved)"
    )
    print(f"{'case':36} {'median ms':>10} {'p90 ms':>8} {'queries':>8} {'kB':>6}")
    reviews = Review.objects.count()
    for name, request, rollback in cases:
        times, queries, size = measure(request, args.runs, rollback=rollback)
        print(
            f"{name:36} {statistics.median(times):10.1f} {percentile(times, 0.9):8.1f} "
            f"{queries:8d} {size / 1024:6.0f}"
        )
    assert Review.objects.count() == reviews, "a bulk approval was not rolled back"


if __name__ == "__main__":
    main()
