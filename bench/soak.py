"""bench/soak: public reads and workspace writes at once, then every write accounted for.

    bench/soak [--seconds 60] [--connections 64] [--writers 4]

wrk reads public pages (the writers' kommun pages, the start page, the overview) at 64
connections while each writer, a coordinator of its own kommun with real session and CSRF
cookies, edits the public text of one activity after another in the latest published round of
its charter's follow-up (published at once: the round's report is public). Afterwards it checks
that every write the server confirmed is in the database and in its history, and that the
kommun pages show the last text of each activity; it prints the counts and exits 1 on a
mismatch, a 5xx or a socket error.
"""

from __future__ import annotations

import argparse
import http.client
import http.cookies
import multiprocessing
import re
import secrets
import sys
import time
from pathlib import Path
from types import SimpleNamespace
from urllib.parse import urlencode, urlsplit

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import common

common.production_environment()

import django  # noqa: E402

django.setup()

from django.urls import reverse  # noqa: E402

from followups.models import FollowUp, FollowUpRound  # noqa: E402
from promises.models import Charter  # noqa: E402
from situations.models import Membership  # noqa: E402
from tests.html_forms import form_data  # noqa: E402

TEXT_FIELD = re.compile(r"activity-(\d+)-narrative_public")


class Writer:
    """One coordinator in the workspace: GET the round's page, change a text, POST it back."""

    def __init__(self, base: str, session_cookie: str, entry_path: str) -> None:
        address = urlsplit(base)
        self.origin = f"https://{address.netloc}"  # what the browser sees behind the proxy
        self.connection = http.client.HTTPConnection(address.hostname, address.port, timeout=30)
        name, _, value = session_cookie.partition("=")
        self.cookies = {name: value}
        self.entry_path = entry_path

    def request(self, method: str, path: str, body: dict | None = None) -> tuple[int, str]:
        headers = {
            **common.PROXY_HEADERS,
            "Cookie": "; ".join(f"{name}={value}" for name, value in self.cookies.items()),
        }
        data = None
        if body is not None:
            data = urlencode(body, doseq=True)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
            headers["Referer"] = self.origin + path
            headers["Origin"] = self.origin
        self.connection.request(method, path, body=data, headers=headers)
        response = self.connection.getresponse()
        content = response.read().decode()
        for header in response.headers.get_all("Set-Cookie") or []:
            for name, morsel in http.cookies.SimpleCookie(header).items():
                self.cookies[name] = morsel.value
        return response.status, content

    def edit_form(self) -> dict:
        """The round page's form as a browser would send it."""
        status, page = self.request("GET", self.entry_path)
        if status != 200:
            raise RuntimeError(f"GET {self.entry_path} answered {status}")
        return form_data(SimpleNamespace(content=page.encode()))


def write(index: int, base: str, cookie: str, entry_path: str, tag: str, seconds: float, queue):
    """Edit texts for SECONDS; put (confirmed writes, statuses) on QUEUE."""
    writer = Writer(base, cookie, entry_path)
    confirmed: list[tuple[int, str]] = []
    statuses: dict[int, int] = {}
    n = 0
    deadline = time.monotonic() + seconds
    try:
        while time.monotonic() < deadline:
            form = writer.edit_form()
            fields = sorted(
                int(match[1])
                for name in form
                if (match := TEXT_FIELD.fullmatch(name))
                and form.get(f"activity-{match[1]}-status")
            )
            activity = fields[n % len(fields)]
            n += 1
            text = f"Soak {tag} writer {index} edit {n}"
            form[f"activity-{activity}-narrative_public"] = text
            status, _page = writer.request("POST", entry_path, form)
            statuses[status] = statuses.get(status, 0) + 1
            if status == 302:  # saved; the page redirects back to itself
                confirmed.append((activity, text))
    except Exception as error:  # reported, and counted as a failure by the main process
        statuses[-1] = statuses.get(-1, 0) + 1
        print(f"writer {index}: {error!r}", flush=True)
    queue.put((index, confirmed, statuses))


def writer_rounds(count: int) -> list[tuple[Charter, FollowUpRound]]:
    """COUNT charters, each in its own kommun, with a published round that has follow-ups.

    Each is its kommun's current charter (published, its period covering today): the one the
    kommun page shows, where the check afterwards reads the writes. A charter whose period is
    over is on its own page only, and skipped; load_demo --national makes this year's current.
    """
    chosen = []
    seen = set()
    rounds = (
        FollowUpRound.objects.filter(
            published_at__isnull=False,
            charter__status=Charter.Status.PUBLISHED,
            follow_ups__activity__isnull=False,
        )
        .select_related("charter__municipality")
        .order_by("charter__municipality__slug", "-period_start")
        .distinct()
    )
    for round_ in rounds:
        charter = round_.charter
        if charter.municipality_id in seen:
            continue
        if Charter.objects.current_for(charter.municipality) != charter:
            continue
        latest = charter.rounds.filter(published_at__isnull=False).order_by("-period_start")[0]
        if latest.pk != round_.pk:
            continue
        seen.add(charter.municipality_id)
        chosen.append((charter, round_))
        if len(chosen) == count:
            return chosen
    sys.exit(
        f"Fewer than {count} kommuner with a current charter and a published round: "
        "load_demo --national?"
    )


def coordinator(index: int, charter: Charter):
    from django.contrib.auth import get_user_model

    user, _ = get_user_model().objects.get_or_create(username=f"bench-soak-{index}")
    Membership.objects.get_or_create(
        user=user, role=Membership.Role.COORDINATOR, municipality=charter.municipality
    )
    return user


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=float, default=60, help="(default 60)")
    parser.add_argument("--connections", type=int, default=64, help="readers (default 64)")
    parser.add_argument("--writers", type=int, default=4, help="(default 4)")
    args = parser.parse_args()

    common.ensure_wrk()
    common.ensure_database()
    tag = secrets.token_hex(4)
    plans = []
    for index, (charter, round_) in enumerate(writer_rounds(args.writers), start=1):
        user = coordinator(index, charter)
        entry = reverse("followups:round_entry", args=[charter.pk, round_.pk])
        plans.append((index, charter, round_, common.session_cookie(user), entry))
    kommun_paths = [
        reverse("public:municipality", args=[charter.municipality.slug])
        for _i, charter, *_rest in plans
    ]
    public_paths = [*kommun_paths, reverse("public:home"), reverse("public:overview")]
    common.say(
        f"{args.seconds:g} s: wrk at {args.connections} connections on {len(public_paths)} "
        f"public pages, {len(plans)} writers (coordinators of "
        f"{', '.join(charter.municipality.name for _i, charter, *_r in plans)}); run {tag}"
    )

    with common.gunicorn("soak") as base:
        queue = multiprocessing.get_context("spawn").Queue()
        writers = [
            multiprocessing.get_context("spawn").Process(
                target=write, args=(index, base, cookie, entry, tag, args.seconds, queue)
            )
            for index, _charter, _round, cookie, entry in plans
        ]
        for process in writers:
            process.start()
        reads = common.run_wrk(
            base + "/",
            connections=args.connections,
            seconds=args.seconds,
            threads=2,
            paths=public_paths,
        )
        results = [queue.get(timeout=120) for _ in writers]
        for process in writers:
            process.join(timeout=30)
        # The public pages after the soak, through the same server and its cache.
        final_pages = {}
        for path in kommun_paths:
            writer = Writer(base, "x=y", path)
            final_pages[path] = writer.request("GET", path)
    return check(tag, plans, reads, sorted(results), final_pages, kommun_paths)


def check(tag, plans, reads, results, final_pages, kommun_paths) -> int:
    failures = []
    print()
    print(
        f"reads:  {reads['requests']} requests, {reads['rps']:.0f}/s, p50 {reads['p50_ms']:.1f} "
        f"ms, p99 {reads['p99_ms']:.1f} ms; 2xx {reads['status_2xx']}, 3xx "
        f"{reads['status_3xx']}, 4xx {reads['status_4xx']}, 5xx {reads['status_5xx']}, "
        f"socket errors {reads['errors']}"
    )
    if reads["status_5xx"] or reads["errors"] or reads["non_2xx"]:
        failures.append("public reads: non-2xx answers or socket errors")

    all_confirmed = []
    for (index, confirmed, statuses), plan, path in zip(results, plans, kommun_paths, strict=True):
        _i, charter, round_, _cookie, _entry = plan
        all_confirmed += confirmed
        in_history = set(
            FollowUp.history.filter(
                round_id=round_.pk, narrative_public__startswith=f"Soak {tag} writer {index} "
            ).values_list("narrative_public", flat=True)
        )
        history_rows = FollowUp.history.filter(
            round_id=round_.pk, narrative_public__startswith=f"Soak {tag} writer {index} "
        ).count()
        last = {}
        for activity, text in confirmed:
            last[activity] = text
        current = dict(
            FollowUp.objects.filter(round=round_, activity_id__in=last).values_list(
                "activity_id", "narrative_public"
            )
        )
        in_database = sum(1 for activity, text in last.items() if current.get(activity) == text)
        status, page = final_pages[path]
        on_page = sum(1 for text in last.values() if text in page)
        print(
            f"writer {index} ({charter.municipality.name}): {len(confirmed)} writes confirmed; "
            f"{history_rows} history rows, {len(in_history & {t for _a, t in confirmed})} of "
            f"them the confirmed texts; {len(last)} activities edited, {in_database} hold their "
            f"last text in the database, {on_page} on the public page ({status}); answers "
            + ", ".join(f"{code}: {count}" for code, count in sorted(statuses.items()))
        )
        if not confirmed:
            failures.append(f"writer {index}: no write confirmed")
        if history_rows != len(confirmed) or in_history != {t for _a, t in confirmed}:
            failures.append(f"writer {index}: history differs from the confirmed writes")
        if in_database != len(last):
            failures.append(f"writer {index}: the database lacks a last write")
        if status != 200 or on_page != len(last):
            failures.append(f"writer {index}: the public page lacks a published text")
        if any(code >= 500 or code < 0 for code in statuses) or set(statuses) - {302}:
            failures.append(f"writer {index}: answers other than 302: {statuses}")
    print(f"writes: {len(all_confirmed)} confirmed in total")
    if failures:
        print("\nFAILED:\n  " + "\n  ".join(failures))
        return 1
    print("\nEvery write is in the database and its history; no 5xx.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
