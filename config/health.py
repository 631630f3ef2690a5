"""/healthz for the load balancer: 200 when the database and the cache answer, else 503.

The answer carries no detail (which part failed is in the log), is never cached, and touches
neither the session nor the login lockout.
"""

import logging
import uuid

from django.core.cache import cache
from django.db import connection
from django.http import HttpRequest, HttpResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

logger = logging.getLogger("medborgarloften.health")


def _database_answers() -> bool:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            return cursor.fetchone() == (1,)
    except Exception:
        logger.exception("health check: the database does not answer")
        return False


def _cache_answers() -> bool:
    key, value = "healthz", uuid.uuid4().hex
    try:
        cache.set(key, value, 10)
        return cache.get(key) == value
    except Exception:
        logger.exception("health check: the cache does not answer")
        return False


@never_cache
@require_safe
def healthz(request: HttpRequest) -> HttpResponse:
    # Both are checked even when the first fails, so that the log names every broken part.
    healthy = all([_database_answers(), _cache_answers()])
    return HttpResponse(
        "ok" if healthy else "unavailable",
        status=200 if healthy else 503,
        content_type="text/plain; charset=utf-8",
    )
