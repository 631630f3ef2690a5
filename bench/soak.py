"""bench/soak: public reads and workspace writes at once, then every write accounted for.

    bench/soak [--seconds 60] [--connections 64] [--writers 4] [--servers 1]

wrk reads public pages (the writers' kommun pages, the start page, the overview) at 64
connections while each writer, a coordinator of its own kommun with real session and CSRF
cookies, edits the public text of one activity after another in the latest published round of
its charter's follow-up (published at once: the round's report is public). After each saved
edit the writer reads its kommun page back, through the other server with --servers 2: the
text must be there at once. Afterwards it checks that every write the server confirmed is in
the database and in its history, and that the kommun pages show the last text of each
activity through every server; it prints the counts and exits 1 on a mismatch, a miss, a 5xx
or a socket error.

With --servers 2, two gunicorn instances on their own ports share PostgreSQL and Redis, as two
application servers behind a load balancer would: the writers edit through the first, wrk
reads through both (half the connections each).
"""

from __future__ import annotations

import argparse
import concurrent.futures
import contextlib
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
from promises.models import Activity, Charter  # noqa: E402
from situations.models import Membership  # noqa: E402
from tests.helpers import form_data  # noqa: E402

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


def write(index: int, plan: dict, tag: str, seconds: float, queue):
    """Edit texts for SECONDS through PLAN's server, each read back through its other server;
    put (confirmed writes, statuses, reads back, misses) on QUEUE."""
    writer = Writer(plan["base"], plan["cookie"], plan["entry"])
    # An anonymous resident reading the kommun page, through the server that did not write.
    reader = Writer(plan["read_base"], "x=y", plan["kommun"])
    confirmed: list[tuple[int, str]] = []
    statuses: dict[int, int] = {}
    reads_back = 0
    misses: list[str] = []
    n = 0
    deadline = time.monotonic() + seconds
    try:
        while time.monotonic() < deadline:
            form = writer.edit_form()
            # Public activities only: an internal one's text is not on the kommun page.
            fields = sorted(
                int(match[1])
                for name in form
                if (match := TEXT_FIELD.fullmatch(name))
                and form.get(f"activity-{match[1]}-status")
                and int(match[1]) in plan["public_activities"]
            )
            activity = fields[n % len(fields)]
            n += 1
            # The full stop ends it: "edit 1." is not found in "edit 12.".
            text = f"Soak {tag} writer {index} edit {n}."
            form[f"activity-{activity}-narrative_public"] = text
            status, _page = writer.request("POST", plan["entry"], form)
            statuses[status] = statuses.get(status, 0) + 1
            if status == 302:  # saved; the page redirects back to itself
                confirmed.append((activity, text))
                read_status, page = reader.request("GET", plan["kommun"])
                reads_back += 1
                if read_status != 200 or text not in page:
                    misses.append(
                        f"{text!r} not on {plan['kommun']} ({read_status}); "
                        + shown_later(reader, plan["kommun"], text)
                    )
    except Exception as error:  # reported, and counted as a failure by the main process
        statuses[-1] = statuses.get(-1, 0) + 1
        print(f"writer {index}: {error!r}", flush=True)
    queue.put((index, confirmed, statuses, reads_back, misses))


def shown_later(reader: Writer, path: str, text: str) -> str:
    """When TEXT, missing from the page at PATH, shows there after all: for the report."""
    start = time.monotonic()
    while time.monotonic() - start < 10:
        time.sleep(0.1)
        status, page = reader.request("GET", path)
        if status == 200 and text in page:
            return f"shown {time.monotonic() - start:.1f} s later"
    return "still missing 10 s later"


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
    parser.add_argument(
        "--servers", type=int, choices=(1, 2), default=1, help="gunicorn instances (default 1)"
    )
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

    with contextlib.ExitStack() as stack:
        bases = [
            stack.enter_context(common.gunicorn(f"soak-{number}"))
            for number in range(1, args.servers + 1)
        ]
        if len(bases) > 1:
            common.say(f"servers: {', '.join(bases)}; writes through {bases[0]}")
        # Each public page once through each server before the load, as a running site has
        # them cached: otherwise all connections render the national pages at once at the
        # start, and the slowest pass wrk's timeout on a busy machine.
        for base in bases:
            for path in public_paths:
                Writer(base, "x=y", path).request("GET", path)
        queue = multiprocessing.get_context("spawn").Queue()
        writers = [
            multiprocessing.get_context("spawn").Process(
                target=write,
                args=(
                    index,
                    {
                        "base": bases[0],
                        "read_base": bases[-1],
                        "cookie": cookie,
                        "entry": entry,
                        "kommun": kommun_path,
                        "public_activities": set(
                            Activity.objects.filter(
                                promise__charter=charter, is_public=True
                            ).values_list("pk", flat=True)
                        ),
                    },
                    tag,
                    args.seconds,
                    queue,
                ),
            )
            for (index, charter, _round, cookie, entry), kommun_path in zip(
                plans, kommun_paths, strict=True
            )
        ]
        for process in writers:
            process.start()
        with concurrent.futures.ThreadPoolExecutor(len(bases)) as pool:
            reads = list(
                pool.map(
                    lambda base: common.run_wrk(
                        base + "/",
                        connections=max(1, args.connections // len(bases)),
                        seconds=args.seconds,
                        threads=2,
                        paths=public_paths,
                    ),
                    bases,
                )
            )
        results = [queue.get(timeout=120) for _ in writers]
        for process in writers:
            process.join(timeout=30)
        # The public pages after the soak, through every server and the shared cache.
        final_pages = {
            (base, path): Writer(base, "x=y", path).request("GET", path)
            for base in bases
            for path in kommun_paths
        }
    return check(tag, plans, bases, reads, sorted(results), final_pages, kommun_paths)


def check(tag, plans, bases, reads, results, final_pages, kommun_paths) -> int:
    failures = []
    print()
    for number, (base, server_reads) in enumerate(zip(bases, reads, strict=True), start=1):
        r = server_reads
        print(
            f"reads through server {number} ({base}): {r['requests']} requests, "
            f"{r['rps']:.0f}/s, p50 {r['p50_ms']:.1f} ms, p99 {r['p99_ms']:.1f} ms; 2xx "
            f"{r['status_2xx']}, 3xx {r['status_3xx']}, 4xx {r['status_4xx']}, 5xx "
            f"{r['status_5xx']}, socket errors {r['errors']} ({r['timeouts']} of them wrk's "
            "10 s timeout)"
        )
        if r["status_5xx"] or r["errors"] or r["non_2xx"]:
            failures.append(f"reads through server {number}: non-2xx answers or socket errors")

    all_confirmed = []
    all_reads_back = all_misses = all_history = 0
    for result, plan, path in zip(results, plans, kommun_paths, strict=True):
        index, confirmed, statuses, reads_back, misses = result
        _i, charter, round_, _cookie, _entry = plan
        all_confirmed += confirmed
        all_reads_back += reads_back
        all_misses += len(misses)
        written = FollowUp.history.filter(
            round_id=round_.pk, narrative_public__startswith=f"Soak {tag} writer {index} "
        )
        in_history = set(written.values_list("narrative_public", flat=True))
        history_rows = written.count()
        all_history += history_rows
        last = {}
        for activity, text in confirmed:
            last[activity] = text
        current = dict(
            FollowUp.objects.filter(round=round_, activity_id__in=last).values_list(
                "activity_id", "narrative_public"
            )
        )
        in_database = sum(1 for activity, text in last.items() if current.get(activity) == text)
        on_pages = []
        for base in bases:
            status, page = final_pages[(base, path)]
            on_pages.append(f"{sum(1 for text in last.values() if text in page)} ({status})")
            if status != 200 or any(text not in page for text in last.values()):
                failures.append(f"writer {index}: the public page at {base} lacks a last text")
        print(
            f"writer {index} ({charter.municipality.name}): {len(confirmed)} writes confirmed, "
            f"{reads_back} read back through {'the other server' if len(bases) > 1 else 'it'} "
            f"with {len(misses)} misses; {history_rows} history rows, "
            f"{len(in_history & {t for _a, t in confirmed})} of them the confirmed texts; "
            f"{len(last)} activities edited, {in_database} hold their last text in the "
            f"database, on the public page through each server: {', '.join(on_pages)}; "
            "answers " + ", ".join(f"{code}: {count}" for code, count in sorted(statuses.items()))
        )
        for miss in misses[:5]:
            print(f"  miss: {miss}")
        if not confirmed:
            failures.append(f"writer {index}: no write confirmed")
        if misses:
            failures.append(f"writer {index}: {len(misses)} writes not shown at once")
        if history_rows != len(confirmed) or in_history != {t for _a, t in confirmed}:
            failures.append(f"writer {index}: history differs from the confirmed writes")
        if in_database != len(last):
            failures.append(f"writer {index}: the database lacks a last write")
        if any(code >= 500 or code < 0 for code in statuses) or set(statuses) - {302}:
            failures.append(f"writer {index}: answers other than 302: {statuses}")
    print(
        f"writes: {len(all_confirmed)} confirmed through server 1; {all_reads_back} read back "
        f"through server {len(bases)}, {all_misses} misses; {all_history} history rows"
    )
    if failures:
        print("\nFAILED:\n  " + "\n  ".join(failures))
        return 1
    print(
        "\nEvery write showed at once through "
        + ("the other server" if len(bases) > 1 else "the server")
        + ", and is in the database and its history; no 5xx."
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
