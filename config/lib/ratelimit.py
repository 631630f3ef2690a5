"""A small rate limit for the public forms, counted only in the Django cache.

Private by design: the client's address is never stored in the database. In the cache it is
only part of a key, as an HMAC keyed with SECRET_KEY, and the entry expires with its window.
The windows are fixed (a new one starts every period), so a client may send up to twice the
limit across a window boundary; that is enough to stop a flood.
"""

from __future__ import annotations

import logging
import math
import re
import time
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ImproperlyConfigured
from django.http import HttpRequest
from django.utils.crypto import salted_hmac

UNITS = {"s": 1, "m": 60, "h": 60 * 60, "d": 24 * 60 * 60}
logger = logging.getLogger("medborgarloften.ratelimit")

RATE = re.compile(r"^\s*(?P<count>\d+)\s*/\s*(?P<number>\d*)\s*(?P<unit>[smhd])\s*$")


@dataclass(frozen=True)
class Rate:
    count: int
    seconds: int


@dataclass(frozen=True)
class Limit:
    """The outcome of one counted request."""

    allowed: bool
    retry_after: int  # seconds until the current window ends

    @property
    def retry_after_minutes(self) -> int:
        return max(1, math.ceil(self.retry_after / 60))


def parse_rate(rate: str) -> Rate:
    """Read "5/h", "30/10m" or "100/d" as a count per period."""
    match = RATE.match(rate or "")
    if not match or int(match["count"]) < 1 or match["number"] == "0":
        raise ImproperlyConfigured(
            f"Ogiltig gräns {rate!r}: skriv antal/period, till exempel 5/h eller 30/10m."
        )
    return Rate(int(match["count"]), int(match["number"] or 1) * UNITS[match["unit"]])


def client_address(request: HttpRequest) -> str:
    """The address the request came from, trusting X-Forwarded-For only as far as configured.

    Any client can send X-Forwarded-For, so its entries count only when RATE_LIMIT_TRUSTED_PROXIES
    proxies of our own stand in front of the application, each appending the address it saw.
    """
    proxies = getattr(settings, "RATE_LIMIT_TRUSTED_PROXIES", 0)
    if proxies > 0:
        forwarded = [
            part.strip()
            for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
            if part.strip()
        ]
        if len(forwarded) >= proxies:
            return forwarded[-proxies]
    return request.META.get("REMOTE_ADDR", "")


def hit(request: HttpRequest, scope: str, rate: str | Rate, *, key: str | None = None) -> Limit:
    """Count one request of REQUEST's client in SCOPE, and say whether it is within RATE.

    KEY, when given, counts by that instead of the client's address (an email address asked
    about from anywhere); like the address it is only part of a cache key, as an HMAC.
    """
    if isinstance(rate, str):
        rate = parse_rate(rate)
    now = time.time()
    window = int(now // rate.seconds)
    client = salted_hmac(
        f"situations.ratelimit.{scope}",
        client_address(request) if key is None else key,
        algorithm="sha256",
    ).hexdigest()
    key = f"ratelimit:{scope}:{rate.count}/{rate.seconds}:{client}:{window}"
    timeout = rate.seconds + 1
    retry_after = max(1, math.ceil((window + 1) * rate.seconds - now))
    try:
        # add() then incr() is atomic on Redis and in the local-memory cache.
        cache.add(key, 0, timeout)
        try:
            count = cache.incr(key)
        except ValueError:  # expired between add() and incr()
            cache.set(key, 1, timeout)
            count = 1
    except Exception as error:  # whatever the backend raises when its server is away
        # Without the cache nothing can be counted; refusing every resident's tip would do
        # more harm than a flood while it lasts.
        logger.error("rate limit not counted, the cache is unavailable: %r", error)
        return Limit(allowed=True, retry_after=retry_after)
    return Limit(allowed=count <= rate.count, retry_after=retry_after)
