"""Structured logs: one JSON object per line, each request with an id that follows it.

The request log line holds what an operator needs to follow a request and nothing that names
a person: the request id, method, path without its query string (a search or a filter may
hold a name), status, duration and the user's numeric id. No address, no query string, no
form data, no user name. A request that stores something anonymous (a survey answer) is marked
with log_day_only(): its line keeps the day alone, without time, request id, duration or user,
so that it cannot be matched with the row it stored or with other lines.
"""

from __future__ import annotations

import contextvars
import json
import logging
import re
import sys
import time
import uuid
from collections.abc import Callable
from datetime import UTC, datetime

from django.http import HttpRequest, HttpResponse
from django.utils.functional import empty
from gunicorn.glogging import Logger

logger = logging.getLogger("medborgarloften.request")

HEADER = "X-Request-ID"
# An id from the proxy in front is kept when it looks like one; anything else is replaced, so
# that a client cannot write arbitrary text into the logs.
ACCEPTED_ID = re.compile(r"[A-Za-z0-9._-]{8,128}")

request_id: contextvars.ContextVar[str | None] = contextvars.ContextVar("request_id", default=None)

# The attribute on a request (and then on its log record) that asks for a line with the day only.
DAY_ONLY = "log_day_only"

# Attributes every LogRecord has; anything else was passed in `extra` and goes into the JSON.
_STANDARD = set(logging.makeLogRecord({}).__dict__) | {"message", "asctime", "request_id"}


class RequestIdFilter(logging.Filter):
    """Put the current request's id on every record logged while it is handled."""

    def filter(self, record: logging.LogRecord) -> bool:
        if getattr(record, "request_id", None) is None:
            record.request_id = request_id.get()
        return True


def log_day_only(request: HttpRequest) -> None:
    """Log REQUEST with its day alone: it stores an answer that must stay anonymous."""
    setattr(request, DAY_ONLY, True)


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        moment = datetime.fromtimestamp(record.created, UTC)
        entry = {
            "time": moment.date().isoformat()
            if getattr(record, DAY_ONLY, False)
            else moment.isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        if rid := getattr(record, "request_id", None):
            entry["request_id"] = rid
        for key, value in record.__dict__.items():
            if key not in _STANDARD and key != DAY_ONLY and not key.startswith("_"):
                entry[key] = value
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        return json.dumps(entry, ensure_ascii=False, default=str)


def _user_id(request: HttpRequest) -> int | None:
    """The logged-in user's id, if the request already looked the user up.

    Looking the user up here would cost a cached public page two queries, and fail while the
    database is down; a page that needs the user has already loaded it.
    """
    user = getattr(request, "user", None)
    if user is None or getattr(user, "_wrapped", None) is empty:
        return None
    return user.pk if user.is_authenticated else None


class RequestLogMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        given = request.headers.get(HEADER, "")
        rid = given if ACCEPTED_ID.fullmatch(given) else uuid.uuid4().hex
        token = request_id.set(rid)
        started = time.perf_counter()
        try:
            response = self.get_response(request)
            response[HEADER] = rid
            status = response.status_code
            extra: dict[str, object] = {
                "method": request.method,
                "path": request.path,
                "status": status,
            }
            if getattr(request, DAY_ONLY, False):
                # An empty request id keeps RequestIdFilter from adding the real one.
                extra |= {DAY_ONLY: True, "request_id": ""}
            else:
                extra |= {
                    "duration_ms": round((time.perf_counter() - started) * 1000, 1),
                    "user_id": _user_id(request),
                }
            logger.log(
                logging.ERROR if status >= 500 else logging.INFO,
                "%s %s %s",
                request.method,
                request.path,
                status,
                extra=extra,
            )
            return response
        finally:
            request_id.reset(token)


class GunicornLogger(Logger):
    """gunicorn's own log lines as JSON on standard output (config/gunicorn.py)."""

    def setup(self, cfg) -> None:
        super().setup(cfg)
        for handler in self.error_log.handlers:
            if isinstance(handler, logging.StreamHandler) and handler.stream is sys.stderr:
                handler.setStream(sys.stdout)
            handler.setFormatter(JsonFormatter())
