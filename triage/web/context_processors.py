"""Context processors: what every page is given without its view asking. Kept apart from the
features, as healthchecks keeps `hc/front/context_processors.py`, so the error pages of the web
layer can render them without importing the questionnaire."""

from __future__ import annotations

from collections.abc import Mapping
from functools import cache, lru_cache
from types import MappingProxyType
from urllib.parse import quote

from django.conf import settings
from django.http import HttpRequest
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from triage.punctuation import marks
from triage.regions import REGIONS
from triage.web.region import chosen_region, language_of, region_words


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
    """The request's region on every page (a view may give another, such as the region a saved
    result was made for), and what the header's two controls need. Until the person chooses, no
    page gives a number: the pages that would are behind the region question.

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
