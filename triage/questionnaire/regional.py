"""The region question: /region/ asks where the person is and keeps the answer in a cookie. Until
they choose, no page gives a number: the pages that would are behind the question (`needs_region`
in views.py), which ticks the region the browser's languages suggest. Reading the chosen region is
plumbing (triage/web/region.py); every page gets it through triage/web/context_processors.py."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.cache import add_never_cache_headers
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation.trans_real import parse_accept_lang_header
from django.views.decorators.http import require_http_methods

from triage.regions import REGIONS, Region, get_region, region_from_language_tags
from triage.web.region import chosen_region, language_of


def suggested_region(request: HttpRequest) -> Region | None:
    """The region to tick when asking: the browser's languages' (no address lookup), else the
    deployment's (TRIAGE_REGION), else none."""
    tags = (tag for tag, _quality in parse_accept_lang_header(request.META.get("HTTP_ACCEPT_LANGUAGE", "")))
    return region_from_language_tags(tags) or get_region(settings.TRIAGE_REGION)


def safe_next(request: HttpRequest, candidate: str) -> str:
    """Back to the page the person came from, only if it is on this site."""
    if candidate and url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    return "/"


def region_question(request: HttpRequest, suggested: Region | None, next_url: str, error: str = "") -> dict:
    """What the region question needs: every region with the one to tick (the person's own once
    chosen, else `suggested`), and where to go once it is answered."""
    ticked = chosen_region(request) or suggested
    language = language_of(request)
    return {
        "choices": [
            (r.code, r.name_in(language), ticked is not None and r.code == ticked.code)
            for r in REGIONS.values()
        ],
        "next_url": next_url,
        "error": error,
        # Asked before the page the person opened (a first visit): "Continue" rather than "Save",
        # and no header control pointing at the question already on the page.
        "asking_region": chosen_region(request) is None,
        "page_title": _("Where are you?"),
    }


@require_http_methods(["GET", "POST"])
def choose_region(request: HttpRequest) -> HttpResponse:
    """A list of regions with a Save button: a plain form, no JavaScript needed. The pages that
    ask before giving a number post here too, and come back to where the person was."""
    next_url = safe_next(request, request.POST.get("next") or request.GET.get("next", ""))
    error = ""
    if request.method == "POST":
        region = get_region(request.POST.get("region"))
        if region is not None:
            response: HttpResponse = redirect(next_url)
            response.set_cookie(
                settings.REGION_COOKIE_NAME,
                region.code,
                max_age=settings.REGION_COOKIE_AGE,
                samesite="Lax",
                secure=settings.SESSION_COOKIE_SECURE,
                httponly=True,
            )
            return response
        error = _("Choose where you are.")
    context = region_question(request, suggested_region(request), next_url, error)
    response = render(request, "triage/region.html", context, status=400 if error else 200)
    add_never_cache_headers(response)
    return response
