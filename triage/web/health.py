"""Health checks for the load balancer and the benchmark: readiness reads the database, liveness not."""

from __future__ import annotations

from django.db import DatabaseError, connection
from django.http import HttpRequest, JsonResponse
from django.utils.cache import add_never_cache_headers
from django.views.decorators.http import require_GET


@require_GET
def health(request: HttpRequest) -> JsonResponse:
    """Readiness: 200 when the database answers a query, 503 when it does not."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        response = JsonResponse({"status": "unavailable", "database": "down"}, status=503)
    else:
        response = JsonResponse({"status": "ok", "database": "ok"})
    add_never_cache_headers(response)
    return response


@require_GET
def health_live(request: HttpRequest) -> JsonResponse:
    """Liveness: the process answers, without touching the database (also the benchmark's baseline)."""
    response = JsonResponse({"status": "ok"})
    add_never_cache_headers(response)
    return response
