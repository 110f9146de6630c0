"""A database that is down or hangs must give a fast 503, not hold every worker until gunicorn kills it.

Three parts: the connect and statement timeouts (settings); a deadline on each public request, an
alarm in the worker's main thread, because psycopg has no client-side query timeout and a hung
server never sees its statement_timeout (the alarm also covers the connection health check, COMMIT
and ROLLBACK, which bypass Django's execute wrappers); and a short per-process "outage" window after
a failure, during which pages answer 503 at once instead of each waiting out its own deadline.

A deadline that fires while the request waits on the database (a frame of the database driver or
Django's database backend on the stack) starts the outage window. One that fires elsewhere (a page
slowed by a CPU busy making PDFs) is a 503 for that request alone: the database is fine, and the
pages after it must not be told otherwise. The summary PDF has a budget of its own.
"""

from __future__ import annotations

import signal
import threading
import time
from collections.abc import Callable

from django.conf import settings
from django.db import OperationalError, connections
from django.http import HttpRequest, HttpResponse
from django.template import loader
from django.utils.cache import add_never_cache_headers

from triage.web.context_processors import region_context


class RequestTimedOut(OperationalError):
    """The request outlived its deadline while waiting on the database: the database is not answering."""


class RequestTooSlow(Exception):
    """The request outlived its deadline doing its own work (the CPU was busy): a 503 for this
    request, and no outage."""


# Modules whose frames on the stack mean "waiting on the database": the drivers and Django's backends.
DATABASE_MODULES = ("django.db.backends", "psycopg", "psycopg2", "psycopg_pool", "sqlite3")


def waiting_on_database(frame) -> bool:
    """Whether the interrupted code was inside a database call (a query, a connect, COMMIT...)."""
    while frame is not None:
        module = frame.f_globals.get("__name__", "")
        if module.startswith(DATABASE_MODULES):
            return True
        frame = frame.f_back
    return False


class Outage:
    """When the database last failed in this process; pages skip it for `seconds` afterwards."""

    def __init__(self) -> None:
        self.until = 0.0

    @property
    def seconds(self) -> int:
        return settings.DATABASE_OUTAGE_SECONDS

    def record(self) -> None:
        self.until = time.monotonic() + self.seconds

    def clear(self) -> None:
        self.until = 0.0

    def is_on(self) -> bool:
        return time.monotonic() < self.until


outage = Outage()


class _Deadline:
    armed = False
    fired = False
    # Whether it fired inside a database call.
    in_database = False


_deadline = _Deadline()


def _on_alarm(signum, frame) -> None:
    if _deadline.armed:
        _deadline.armed = False
        _deadline.fired = True
        _deadline.in_database = waiting_on_database(frame)
        if _deadline.in_database:
            raise RequestTimedOut("The database did not answer in time.")
        raise RequestTooSlow("The request took too long.")


def deadline_for(request: HttpRequest) -> float:
    """Seconds this request may take: the PDF has its own budget (0: no limit)."""
    if request.path.endswith("/summary.pdf"):
        return settings.PDF_REQUEST_TIMEOUT
    return settings.REQUEST_TIMEOUT


def unavailable_response(request: HttpRequest | None = None) -> HttpResponse:
    """The 503 page, rendered without a request context: sessions and messages live in the
    database. The request, where there is one, gives only the region its cookie names: without
    one the page names no number."""
    response = HttpResponse(loader.get_template("503.html").render(region_context(request)), status=503)
    response["Retry-After"] = str(outage.seconds)
    add_never_cache_headers(response)
    return response


def can_use_alarm() -> bool:
    # Signals reach only the main thread, where gunicorn's sync workers run requests; elsewhere
    # (runserver, a test's live server) requests run without the deadline.
    return threading.current_thread() is threading.main_thread()


class DatabaseOutageMiddleware:
    """Puts each public request under REQUEST_TIMEOUT; during an outage window answers 503 at once
    (the health checks excepted: /health/ is what notices the database is back). The admin has no
    deadline: publishing and scenario runs may rightly take longer."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.path.startswith(("/static/", "/admin/")):
            return self.get_response(request)
        if outage.is_on() and not request.path.startswith("/health/"):
            return unavailable_response(request)
        timeout = deadline_for(request)
        if not timeout or not can_use_alarm():
            return self.get_response(request)
        if signal.getsignal(signal.SIGALRM) is not _on_alarm:
            signal.signal(signal.SIGALRM, _on_alarm)
        _deadline.armed, _deadline.fired, _deadline.in_database = True, False, False
        signal.setitimer(signal.ITIMER_REAL, timeout)
        try:
            response = self.get_response(request)
        finally:
            signal.setitimer(signal.ITIMER_REAL, 0)
            _deadline.armed = False
        if _deadline.fired and _deadline.in_database:
            # Cut off mid-conversation with a server that is not answering: no connection of this
            # request can be used again.
            outage.record()
            for connection in connections.all(initialized_only=True):
                connection.close()
        elif request.path == "/health/" and response.status_code == 200:
            outage.clear()
        return response
