"""Limits on anonymous writes per client address (django-ratelimit), answered with the 429 page.

Every public POST counts towards one limit; saving an assessment counts towards a tighter one, since
each saves a row, and towards a daily cap counted in the database (shared by every worker).
Signed-in staff are not limited here (django-axes guards the sign-in form). The
client address is REMOTE_ADDR as rewritten by triage.web.client_ip behind a trusted proxy.
"""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Callable
from datetime import date

from django.conf import settings
from django.db.models import F
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django_ratelimit.core import is_ratelimited
from django_ratelimit.exceptions import Ratelimited

from triage.models import DailySubmissions
from triage.web.errors import rate_limited


def check_assessment_rate(request: HttpRequest) -> None:
    """Raise Ratelimited when this client has saved too many assessments lately."""
    rate = settings.RATE_LIMIT_ASSESSMENTS
    if rate and is_ratelimited(request, group="assessments", key="ip", rate=rate, increment=True):
        raise Ratelimited()


class DailyLimitReached(Ratelimited):
    """This address stored ASSESSMENTS_PER_ADDRESS_PER_DAY results today."""

    daily = True


def address_today(request: HttpRequest) -> tuple[date, str]:
    """Today (UTC) and the client's address as a keyed hash that changes every day: a count can be
    kept per address without keeping the address, and one day's rows cannot be linked to another's."""
    today = timezone.now().date()
    message = f"{today.isoformat()}|{request.META.get('REMOTE_ADDR', '')}".encode()
    return today, hmac.new(settings.SECRET_KEY.encode(), message, hashlib.sha256).hexdigest()


def check_daily_cap(request: HttpRequest) -> None:
    """Raise DailyLimitReached when this address has stored its day's share of results."""
    cap = settings.ASSESSMENTS_PER_ADDRESS_PER_DAY
    if not cap:
        return
    day, address = address_today(request)
    if DailySubmissions.objects.filter(day=day, address=address, count__gte=cap).exists():
        raise DailyLimitReached()


def count_daily_submission(request: HttpRequest) -> None:
    """Adds a stored result to this address's count for today (in the caller's transaction, so a
    result that is not saved is not counted)."""
    if not settings.ASSESSMENTS_PER_ADDRESS_PER_DAY:
        return
    day, address = address_today(request)
    row, _created = DailySubmissions.objects.get_or_create(day=day, address=address)
    DailySubmissions.objects.filter(pk=row.pk).update(count=F("count") + 1)


def check_pdf_rate(request: HttpRequest) -> None:
    """Raise Ratelimited when this client has asked for too many PDFs lately: each takes real work."""
    rate = settings.RATE_LIMIT_PDFS
    if rate and is_ratelimited(request, group="pdfs", key="ip", rate=rate, increment=True):
        raise Ratelimited()


class AnonymousWriteLimitMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        rate = settings.RATE_LIMIT_POSTS
        if (
            rate
            and request.method == "POST"
            and not request.path.startswith("/admin/")
            and is_ratelimited(request, group="posts", key="ip", rate=rate, increment=True)
        ):
            return rate_limited(request)
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if isinstance(exception, Ratelimited):
            return rate_limited(request, exception)
        return None
