"""bench/load: requests per second and latency of four pages under wrk, with production
settings on gunicorn and PostgreSQL with national-scale data.

    bench/load [--seconds 60] [--rounds 3] [--connections 32] [--kommun SLUG]

(a) the floor: a bare Django view with a tiny template; (b) a kommun page rendered on every
request (a second gunicorn with PUBLIC_PAGE_CACHE=0); (c) the same page from the cache;
(d) the review dashboard, logged in as a police manager. The cases take turns, round after
round, so that a change in the machine's load falls on all of them; b/a, c/a and d/a are the
medians of the rounds' ratios. Prints requests per second, p50 and p99 latency and errors of
each, and b/a, c/a and d/a with their targets; exits 1 if a target is missed.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import common

common.production_environment()

import django  # noqa: E402

django.setup()

from django.urls import reverse  # noqa: E402

# The targets of issue 18.
MIN_UNCACHED_RATIO = 0.08  # b/a
MIN_CACHED_RATIO = 0.9  # c/a
MAX_CACHED_P99_MS = 100.0  # (c)
# d/a before issue 18: bench/load as it was at commit 8a90336, run from that checkout on the
# national demo with --seconds 60, with today's config/gunicorn.py (2026-12-08): floor 2467,
# dashboard 22 requests per second over three rounds, 0.0089. The server's settings are the
# same on both sides: the floor depends on them more than any page does (at 5,000 requests a
# worker, as then, the floor lost a third to restarts, and the same measurement on
# 2026-12-07 gave 0.0107). The dashboard's requests per second are to triple against the
# floor's of the same run.
BASELINE_DASHBOARD_RATIO = 0.0089
MIN_DASHBOARD_GAIN = 3.0  # d/a ≥ 3 × BASELINE_DASHBOARD_RATIO
WARM_UP_SECONDS = 3


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=float, default=60, help="per case (default 60)")
    parser.add_argument("--rounds", type=int, default=3, help="turns per case (default 3)")
    parser.add_argument("--connections", type=int, default=32, help="(default 32)")
    parser.add_argument("--kommun", help="slug of the kommun page (default: a typical one)")
    args = parser.parse_args()

    common.ensure_wrk()
    common.ensure_database()
    slug = args.kommun or common.typical_kommun()
    kommun_path = reverse("public:municipality", args=[slug])
    user, district = common.police_manager()
    cookie = {"Cookie": common.session_cookie(user)}
    common.say(
        f"{os.cpu_count()} cores, {common.workers()} gunicorn workers per server, "
        f"{args.connections} connections, {args.seconds:g} s per case in {args.rounds} rounds "
        f"after {WARM_UP_SECONDS} s of warm-up; kommun page {kommun_path}; police manager of "
        f"{district.name}; cache {os.environ['REDIS_URL']}"
    )

    with (
        common.gunicorn("load") as base,
        common.gunicorn("load-uncached", PUBLIC_PAGE_CACHE="0") as uncached,
    ):
        cases = {
            "a": (base + "/bench/floor/", None),
            "b": (uncached + kommun_path, None),
            "c": (base + kommun_path, None),
            "d": (base + reverse("followups:review"), cookie),
        }
        servers = {"a": base, "b": uncached, "c": base, "d": base}
        for key, (url, headers) in cases.items():
            common.say(f"  {LABELS[key]}: {url}")
            common.run_wrk(
                url, connections=args.connections, seconds=WARM_UP_SECONDS, headers=headers
            )
            common.wait_until_idle(servers[key])
        rounds: dict[str, list[dict]] = {key: [] for key in cases}
        for number in range(1, args.rounds + 1):
            common.say(f"  round {number} of {args.rounds}")
            for key, (url, headers) in cases.items():
                rounds[key].append(
                    common.run_wrk(
                        url,
                        connections=args.connections,
                        seconds=args.seconds / args.rounds,
                        headers=headers,
                    )
                )
                common.wait_until_idle(servers[key])
    return report(rounds)


LABELS = {
    "a": "(a) floor: tiny template",
    "b": "(b) kommun page, uncached",
    "c": "(c) kommun page, cached",
    "d": "(d) review dashboard",
}


def combined(runs: list[dict]) -> dict:
    """One case's rounds as one: counts added up, the median p50 and the highest p99."""
    total = {
        name: sum(run[name] for run in runs)
        for name in ("requests", "duration_s", "errors", "non_2xx", "status_5xx")
    }
    total["rps"] = total["requests"] / total["duration_s"]
    total["p50_ms"] = statistics.median(run["p50_ms"] for run in runs)
    total["p99_ms"] = max(run["p99_ms"] for run in runs)
    return total


def report(rounds: dict[str, list[dict]]) -> int:
    results = {key: combined(runs) for key, runs in rounds.items()}
    print()
    print(f"{'case':<28} {'req/s':>8} {'p50 ms':>8} {'p99 ms':>8} {'errors':>7} {'non-2xx':>8}")
    for key in "abcd":
        r = results[key]
        print(
            f"{LABELS[key]:<28} {r['rps']:>8.0f} {r['p50_ms']:>8.1f} {r['p99_ms']:>8.1f} "
            f"{r['errors']:>7} {r['non_2xx']:>8}"
        )
    print("(req/s over all rounds; p50 the median of the rounds', p99 the highest)")
    for key in "bc":
        per_round = ", ".join(f"{run['p99_ms']:.1f}" for run in rounds[key])
        print(f"p99 of {LABELS[key][:3]} per round: {per_round} ms")

    def ratios(key: str) -> list[float]:
        return [b["rps"] / a["rps"] for a, b in zip(rounds["a"], rounds[key], strict=True)]

    uncached, cached = statistics.median(ratios("b")), statistics.median(ratios("c"))
    dashboard = statistics.median(ratios("d"))
    dashboard_target = MIN_DASHBOARD_GAIN * BASELINE_DASHBOARD_RATIO
    per_round = ", ".join(f"{value:.3f}" for value in ratios("b"))
    print(f"\nb/a = {uncached:.3f} (target ≥ {MIN_UNCACHED_RATIO}; rounds: {per_round})")
    per_round = ", ".join(f"{value:.2f}" for value in ratios("c"))
    print(f"c/a = {cached:.2f} (target ≥ {MIN_CACHED_RATIO}; rounds: {per_round})")
    per_round = ", ".join(f"{value:.4f}" for value in ratios("d"))
    print(
        f"d/a = {dashboard:.4f} (target ≥ {dashboard_target:.4f}, {MIN_DASHBOARD_GAIN:g} × "
        f"{BASELINE_DASHBOARD_RATIO} before issue 18: {dashboard / BASELINE_DASHBOARD_RATIO:.1f} "
        f"×; rounds: {per_round})"
    )

    failures = [
        f"{LABELS[key]}: {r['errors']} socket errors, {r['non_2xx']} non-2xx "
        f"({r['status_5xx']} 5xx)"
        for key, r in results.items()
        if r["errors"] or r["non_2xx"]
    ]
    if uncached < MIN_UNCACHED_RATIO:
        failures.append(f"b/a {uncached:.3f} < {MIN_UNCACHED_RATIO}")
    if cached < MIN_CACHED_RATIO:
        failures.append(f"c/a {cached:.2f} < {MIN_CACHED_RATIO}")
    if results["c"]["p99_ms"] >= MAX_CACHED_P99_MS:
        failures.append(
            f"{LABELS['c']}: p99 {results['c']['p99_ms']:.1f} ms ≥ {MAX_CACHED_P99_MS:g} ms"
        )
    if dashboard < dashboard_target:
        failures.append(f"d/a {dashboard:.4f} < {dashboard_target:.4f}")
    if failures:
        print("\nMISSED:\n  " + "\n  ".join(failures))
        return 1
    print("\nAll targets met.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
