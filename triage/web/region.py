"""The request's region and language: the region the person chose on /region/ (kept in a cookie)
and the language shown. Plumbing that every layer above may read; the question itself is a page of
the questionnaire (triage/questionnaire/regional.py)."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest
from django.utils.translation import get_language

from triage.regions import ENGLISH, Region, get_region


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
