"""Limits on anonymous writes per client address (django-ratelimit), answered with the 429 page.

Every public POST counts towards one limit; saving an assessment counts towards a tighter one, since
each saves a row. Signed-in staff are not limited here (django-axes guards the sign-in form). The
client address is REMOTE_ADDR as rewritten by triage.web.client_ip behind a trusted proxy.
"""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django_ratelimit.core import is_ratelimited
from django_ratelimit.exceptions import Ratelimited

from triage.web.errors import rate_limited


def check_assessment_rate(request: HttpRequest) -> None:
    """Raise Ratelimited when this client has saved too many assessments lately."""
    rate = settings.RATE_LIMIT_ASSESSMENTS
    if rate and is_ratelimited(request, group="assessments", key="ip", rate=rate, increment=True):
        raise Ratelimited()


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
            return rate_limited(request)
        return None
