"""The site's own error views: 400, 429, 500 and the 503 shown when the database cannot be reached.

The 503 and 500 pages are rendered without the request (no session, no context processors), so a
database that is down or hanging cannot break the page that says so.
"""

from __future__ import annotations

import sys
from datetime import timedelta

from django.db import InterfaceError, OperationalError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.template import loader
from django.utils import timezone
from django.utils.cache import add_never_cache_headers

from triage.web import database
from triage.web.context_processors import region_context

# Errors that mean "the database is unreachable or too slow", as opposed to a bug in a query.
UNAVAILABLE = (OperationalError, InterfaceError)


def bad_request(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    # Django's own view runs the CSRF check first, which reads the body that just failed to parse.
    response = render(request, "400.html", status=400)
    add_never_cache_headers(response)
    return response


def server_error(request: HttpRequest) -> HttpResponse:
    error = sys.exc_info()[1]
    if isinstance(error, UNAVAILABLE):
        database.outage.record()
        return database.unavailable_response(request)
    if isinstance(error, database.RequestTooSlow):
        # Slow for want of CPU, not of the database: this page alone, and no outage for the others.
        return database.unavailable_response(request)
    # Rendered without a request context; the request gives only the region its cookie names.
    return HttpResponse(loader.get_template("500.html").render(region_context(request)), status=500)


def rate_limited(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    # The daily cap on stored results is lifted at midnight (UTC), not in a minute.
    daily = getattr(exception, "daily", False)
    response = render(request, "429.html", {"daily": daily}, status=429)
    response["Retry-After"] = str(seconds_to_midnight()) if daily else "60"
    add_never_cache_headers(response)
    return response


def seconds_to_midnight() -> int:
    now = timezone.now()
    midnight = (now + timedelta(days=1)).replace(hour=0, minute=0, second=0, microsecond=0)
    return max(1, int((midnight - now).total_seconds()))
