"""The person's region: chosen on /region/ and kept in a cookie, else the deployment's default
(settings.DEFAULT_REGION). Every page gets it through the context processor, for the footer, the
emergency panel and the small "Region: … — change" control in the header."""

from __future__ import annotations

from collections.abc import Mapping
from functools import cache, lru_cache
from types import MappingProxyType
from urllib.parse import quote

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.cache import add_never_cache_headers
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from triage.questionnaire.punctuation import marks
from triage.regions import ENGLISH, REGIONS, Region, get_region


def default_region() -> Region:
    return REGIONS[settings.DEFAULT_REGION]


def chosen_region(request: HttpRequest) -> Region | None:
    """The region the person chose, if their cookie names one we know."""
    return get_region(request.COOKIES.get(settings.REGION_COOKIE_NAME))


def region_of(request: HttpRequest) -> Region:
    return chosen_region(request) or default_region()


def language_of(request: HttpRequest | None = None) -> str:
    """The language being shown, in the spelling the regions use ("en-gb", "zh-hant")."""
    return (get_language() or ENGLISH).lower()


def region_words(region: Region, language: str) -> dict:
    """What a template needs of a region: its name, its words and its numbers to tap."""
    return {
        "region": region,
        "region_name": region.name_in(language),
        "region_words": region.words_in(language),
        "region_urgent_call": region.urgent_call_in(language),
    }


@lru_cache(maxsize=64)
def page_words(region_code: str, language: str) -> Mapping[str, str]:
    """What every page's header and footer say about the region, in a language: translated and
    filled once per region and language, as the catalogue does not change while the site runs."""
    words = REGIONS[region_code].words_in(language)
    with translation.override(language):
        return MappingProxyType(
            {
                # The label carries the space that follows it, where the language has one.
                "region_label": _("Region:") + marks().space,
                "change": _("change"),
                "change_hint": _("your region"),
                "services": _("In an emergency call %(emergency)s. For urgent advice call %(urgent)s.")
                % {"emergency": words["emergency"], "urgent": words["urgent"]},
            }
        )


@cache
def url_of(name: str) -> str:
    """A URL without arguments: the same for the life of the process."""
    return reverse(name)


def region_context(request: HttpRequest | None) -> dict:
    """Context processor: the request's region on every page (a view may give another, such as the
    region a saved result was made for), and what the header's two controls need.

    The header is on every page, so its links are put together here in a few calls rather than
    with template tags, which cost a tenth of a short page's time."""
    region = region_of(request) if request is not None else default_region()
    language = language_of(request)
    # Both controls bring the person back to this page (app.js keeps them pointing at the page
    # shown after htmx moves on in place).
    page = request.get_full_path() if request is not None else "/"
    return {
        **region_words(region, language),
        "page_words": page_words(region.code, language),
        "page_path": page,
        "region_change_url": f"{url_of('triage:region')}?next={quote(page, safe='/')}",
        # Each language named in itself, as settings.LANGUAGES names it (Django's own tag would
        # translate "English" into the page's language).
        "language_change_url": url_of("set_language"),
        "other_languages": [(code, name) for code, name in settings.LANGUAGES if code != language],
    }


def safe_next(request: HttpRequest, candidate: str) -> str:
    """Back to the page the person came from, only if it is on this site."""
    if candidate and url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    return "/"


@require_http_methods(["GET", "POST"])
def choose_region(request: HttpRequest) -> HttpResponse:
    """A list of regions with a Save button: a plain form, no JavaScript needed."""
    language = language_of(request)
    current = region_of(request)
    next_url = safe_next(request, request.POST.get("next") or request.GET.get("next", ""))
    error = ""
    if request.method == "POST":
        region = get_region(request.POST.get("region"))
        if region is not None:
            response = redirect(next_url)
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
    context = {
        "choices": [(r.code, r.name_in(language), r.code == current.code) for r in REGIONS.values()],
        "next_url": next_url,
        "error": error,
        "page_title": _("Where are you?"),
    }
    response = render(request, "triage/region.html", context, status=400 if error else 200)
    add_never_cache_headers(response)
    return response
