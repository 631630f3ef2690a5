"""Sizes of the national follow-up CSV and a kommun page, plain and gzipped, and their 304.

    DATABASE_URL=postgres://… .venv/bin/python bench/compression.py [--kommun S] [--dataset S]

Asks the application itself, through Django's test client and every middleware, as the reverse
proxy does in production (X-Forwarded-For, X-Forwarded-Proto: https), once without and once with
`Accept-Encoding: gzip`, then once more with the ETag of the answer in If-None-Match. Prints the
size of each body (the CSV is streamed: its chunks are added up) and the time each request took.
Runs against whatever DATABASE_URL points to; the national demo (`manage.py load_demo
--national`) gives the sizes the issue speaks of.
"""

from __future__ import annotations

import argparse
import gzip
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

import django

django.setup()

from django.db.models import Count  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import setup_test_environment  # noqa: E402
from django.urls import reverse  # noqa: E402

from promises.models import Charter  # noqa: E402

PROXY = {"x-forwarded-for": "203.0.113.7", "x-forwarded-proto": "https"}


def body_of(response) -> bytes:
    return b"".join(response.streaming_content) if response.streaming else response.content


def measure(client: Client, url: str) -> dict:
    started = time.perf_counter()
    plain = client.get(url, headers=PROXY)
    plain_body = body_of(plain)
    plain_ms = (time.perf_counter() - started) * 1000

    started = time.perf_counter()
    zipped = client.get(url, headers={**PROXY, "accept-encoding": "gzip"})
    zipped_body = body_of(zipped)
    zipped_ms = (time.perf_counter() - started) * 1000
    if zipped.get("Content-Encoding") != "gzip":
        raise SystemExit(f"{url}: not gzipped (status {zipped.status_code})")
    if len(gzip.decompress(zipped_body)) != len(plain_body):
        print(f"  note: {url} changed between the two requests")

    started = time.perf_counter()
    again = client.get(url, headers={**PROXY, "if-none-match": zipped["ETag"]})
    body_of(again)
    again_ms = (time.perf_counter() - started) * 1000
    return {
        "url": url,
        "plain": len(plain_body),
        "gzip": len(zipped_body),
        "plain_ms": plain_ms,
        "gzip_ms": zipped_ms,
        "again": again.status_code,
        "again_ms": again_ms,
    }


def default_kommun() -> str:
    """The kommun whose published charter has the most activities: the heaviest kommun page."""
    charter = (
        Charter.objects.published()
        .annotate(activities=Count("promises__activities"))
        .select_related("municipality")
        .order_by("-activities", "id")
        .first()
    )
    if charter is None:
        raise SystemExit("No published citizen promise: load the demo first (load_demo).")
    return charter.municipality.slug


def megabytes(size: int) -> str:
    return f"{size / 1_000_000:.2f} MB" if size >= 100_000 else f"{size / 1000:.1f} kB"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--kommun", help="the kommun page's slug (default: the heaviest)")
    parser.add_argument("--dataset", default="uppfoljningar", help="the CSV dataset")
    args = parser.parse_args()

    setup_test_environment()  # lets the test client's host name in, as ALLOWED_HOSTS would
    client = Client()
    urls = [
        reverse("opendata:api_csv", kwargs={"dataset": args.dataset}),
        reverse("public:municipality", kwargs={"slug": args.kommun or default_kommun()}),
    ]
    print(f"{'address':<40} {'plain':>10} {'gzip':>10} {'ratio':>6}  {'ms plain/gzip/304':>18}")
    for url in urls:
        row = measure(client, url)
        ratio = row["plain"] / row["gzip"] if row["gzip"] else 0
        times = f"{row['plain_ms']:.0f}/{row['gzip_ms']:.0f}/{row['again_ms']:.0f}"
        print(
            f"{url:<40} {megabytes(row['plain']):>10} {megabytes(row['gzip']):>10} "
            f"{ratio:>5.1f}x  {times:>18}  (repeat with ETag: {row['again']})"
        )


if __name__ == "__main__":
    main()
