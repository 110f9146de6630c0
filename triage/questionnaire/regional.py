"""The person's region: chosen on /region/ and kept in a cookie. Until they choose, no page gives a
number: the pages that would are behind the region question (`needs_region` in views.py), which
ticks the region the browser's languages suggest. Every page gets the region through the context
processor, for the footer, the emergency panel and the small "Region: … — change" control in the
header."""

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
from django.utils.translation.trans_real import parse_accept_lang_header
from django.views.decorators.http import require_http_methods

from triage.questionnaire.punctuation import marks
from triage.regions import ENGLISH, REGIONS, Region, get_region, region_from_language_tags


class RegionNotChosen(LookupError):
    """A page that gives numbers was reached without the region question: a view is missing
    `needs_region`."""


def chosen_region(request: HttpRequest) -> Region | None:
    """The region the person chose, if their cookie names one we know."""
    return get_region(request.COOKIES.get(settings.REGION_COOKIE_NAME))


def region_of(request: HttpRequest) -> Region:
    """The region the person chose, on a page behind the region question."""
    region = chosen_region(request)
    if region is None:
        raise RegionNotChosen
    return region


def suggested_region(request: HttpRequest) -> Region | None:
    """The region to tick when asking: the browser's languages' (no address lookup), else the
    deployment's (TRIAGE_REGION), else none."""
    tags = (tag for tag, _quality in parse_accept_lang_header(request.META.get("HTTP_ACCEPT_LANGUAGE", "")))
    return region_from_language_tags(tags) or get_region(settings.SUGGESTED_REGION)


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
    filled once per region and language, as the catalogue does not change while the site runs.
    With no region (""), they name no number."""
    with translation.override(language):
        words = {
            # The label carries the space that follows it, where the language has one.
            "region_label": _("Region:") + marks().space,
            "change": _("change"),
            "change_hint": _("your region"),
        }
        if not region_code:
            return MappingProxyType(
                {
                    **words,
                    "name": _("not chosen"),
                    "change": _("choose"),
                    "services": _("In an emergency call your local emergency number."),
                }
            )
        region = REGIONS[region_code].words_in(language)
        return MappingProxyType(
            {
                **words,
                "name": REGIONS[region_code].name_in(language),
                "services": _("In an emergency call %(emergency)s. For urgent advice call %(urgent)s.")
                % {"emergency": region["emergency"], "urgent": region["urgent"]},
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
    region = chosen_region(request) if request is not None else None
    language = language_of(request)
    words = page_words(region.code if region else "", language)
    # Both controls bring the person back to this page (app.js keeps them pointing at the page
    # shown after htmx moves on in place).
    page = request.get_full_path() if request is not None else "/"
    return {
        # No region, no numbers: pages that give one ask first, and the rest say "your local
        # emergency number".
        **(region_words(region, language) if region else {"region": None, "region_name": words["name"]}),
        "page_words": words,
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
