"""What every page of the questionnaire shares: the whole page or its HTMX part, never cached; a calm
page before the first knowledge release; and the region question before any page that gives a number.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from functools import wraps

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import translation
from django.utils.cache import add_never_cache_headers, patch_vary_headers
from django.utils.http import http_date
from django.utils.translation import gettext as _
from django_htmx.http import HttpResponseClientRefresh

from triage.knowledge.published import KnowledgeNotPublished
from triage.questionnaire.chrome import whole_page
from triage.questionnaire.regional import region_question, suggested_region
from triage.regions import Region
from triage.web.region import chosen_region


def render_page(request: HttpRequest, template: str, context: dict, status: int = 200) -> HttpResponse:
    """The whole page, or only its content partial when HTMX swaps it in place."""
    htmx = getattr(request, "htmx", None)
    if htmx and not htmx.history_restore_request:
        response = render(request, f"{template}#content", context, status=status)
    else:
        response = whole_page(request, template, context, status)
    never_cached(response)
    return response


# What add_never_cache_headers gives a response that has no caching headers of its own.
NEVER_CACHE = "max-age=0, no-cache, no-store, must-revalidate, private"


def never_cached(response: HttpResponse) -> None:
    """Pages show health answers: never keep them in shared or browser caches. The page differs with
    HX-Request (the whole page or its part). Django's helpers parse and merge any headers already
    there; a page's response has none, so its three are set as they would set them."""
    if any(response.has_header(name) for name in ("Vary", "Expires", "Cache-Control")):
        patch_vary_headers(response, ["HX-Request"])
        add_never_cache_headers(response)
        return
    response.headers["Vary"] = "HX-Request"
    response.headers["Expires"] = http_date(time.time())
    response.headers["Cache-Control"] = NEVER_CACHE


def needs_published_knowledge(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Before the first knowledge release, questionnaire pages say so calmly instead of failing."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        try:
            return view(request, *args, **kwargs)
        except KnowledgeNotPublished:
            context = {"page_title": _("Not available yet")}
            response = render_page(request, "triage/not_available.html", context, status=503)
            response["Retry-After"] = "3600"
            return response

    return wrapper


def ask_for_region(
    request: HttpRequest, suggested: Region | None = None, *, welcome: bool = False
) -> HttpResponse:
    """The region question in place of a page that would give a number, then back to that page.
    `welcome` puts the start page's title above it: the first thing a person sees."""
    back = request.get_full_path() if request.method == "GET" else request.path
    context = {
        **region_question(request, suggested or suggested_region(request), back),
        "welcome": welcome,
    }
    return render_page(request, "triage/region.html", context)


def needs_region(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Pages that give a number (the emergency box, warnings, results) ask the region first when
    the person has not chosen one: never the United Kingdom's 999 by default."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if chosen_region(request) is not None:
            return view(request, *args, **kwargs)
        htmx = getattr(request, "htmx", None)
        if htmx and not htmx.boosted and not htmx.history_restore_request:
            # A part of a page (the live check) cannot hold the question: the page reloads and asks.
            return HttpResponseClientRefresh()
        return ask_for_region(request)

    return wrapper


def current_language() -> str:
    """The language of this request's pages: one of settings.LANGUAGES."""
    language = translation.get_language() or settings.LANGUAGE_CODE
    return language if language in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE
