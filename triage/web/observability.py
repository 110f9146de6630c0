"""Structured logs: one JSON object per line, and one line per request that never holds health data.

A request line names the route's pattern (``results/<str:pk>/``), never the path, the query string,
the posted answers or an assessment id, because any of those could identify what a person answered.
An exception is logged by type and stack frames only: its message may quote submitted values.
"""

from __future__ import annotations

import json
import logging
import re
import time
import traceback
from collections.abc import Callable
from datetime import UTC, datetime

from django.http import HttpRequest, HttpResponse

request_log = logging.getLogger("triage.requests")

# Anything shaped like an assessment id, in any of the forms uuid.UUID would parse.
ID_LIKE = re.compile(r"[0-9a-f]{8}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{12}", re.IGNORECASE)


def redacted(record: logging.LogRecord) -> str:
    """The record's message with the request's path and query replaced by its route, and anything
    shaped like an id removed: Django's own loggers (CSRF refusals, for one) quote the full path."""
    message = record.getMessage()
    request = getattr(record, "request", None)
    if isinstance(request, HttpRequest):
        for path in sorted({request.get_full_path(), request.path}, key=len, reverse=True):
            if path:
                message = message.replace(path, route_of(request))
    return ID_LIKE.sub("<id>", message)


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        entry = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": redacted(record),
        }
        entry.update(getattr(record, "fields", {}))
        if record.exc_info and record.exc_info[0] is not None:
            entry["exception"] = record.exc_info[0].__name__
        return json.dumps(entry, ensure_ascii=False, default=str)


def route_of(request: HttpRequest) -> str:
    match = getattr(request, "resolver_match", None)
    if match is None:
        return "<unmatched>"
    return match.route or match.view_name


def frames(error: BaseException) -> list[str]:
    return [f"{f.filename}:{f.lineno} in {f.name}" for f in traceback.extract_tb(error.__traceback__)]


class RequestLogMiddleware:
    """Outermost middleware: times the whole request and logs it once."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        started = time.perf_counter()
        response = self.get_response(request)
        fields: dict[str, object] = {
            "method": request.method,
            "route": route_of(request),
            "status": response.status_code,
            "duration_ms": round((time.perf_counter() - started) * 1000, 2),
            "htmx": request.headers.get("HX-Request") == "true",
        }
        error = getattr(request, "_logged_error", None)
        if error is not None:
            fields["exception"] = type(error).__name__
            fields["frames"] = frames(error)
        level = logging.ERROR if response.status_code >= 500 else logging.INFO
        request_log.log(level, "request", extra={"fields": fields})
        return response

    def process_exception(self, request: HttpRequest, exception: Exception) -> None:
        vars(request)["_logged_error"] = exception  # read back in __call__, for the request's log line
        return None
