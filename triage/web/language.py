"""The page language: the language cookie (set by the switcher, django.views.i18n.set_language), else
the browser's Accept-Language on a first visit, else English.

Django's own choice maps any Chinese the browser asks for onto the one Chinese the site has, so
Simplified Chinese (zh-CN, zh-SG, zh-Hans) would get Traditional. Here a Chinese tag counts only when
it names Traditional Chinese itself or a place that writes it (zh-TW, zh-HK, zh-MO, zh-Hant).
"""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest, HttpResponseBase
from django.middleware.locale import LocaleMiddleware
from django.utils import translation
from django.utils.cache import patch_vary_headers
from django.utils.translation.trans_real import language_code_re, parse_accept_lang_header


def supported_variant(tag: str) -> str | None:
    """The site's language for one Accept-Language tag, or None."""
    # A bare or Simplified "zh" must not fall through to another variant of Chinese.
    strict = tag.lower().split("-")[0] == "zh"
    try:
        return translation.get_supported_language_variant(tag, strict=strict).lower()
    except LookupError:
        return None


def language_from_browser(accept: str) -> str | None:
    for tag, _quality in parse_accept_lang_header(accept):
        if tag == "*":
            break
        if language_code_re.search(tag) and (language := supported_variant(tag)):
            return language
    return None


def language_for(request: HttpRequest) -> str:
    chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, "")
    if chosen.lower() in dict(settings.LANGUAGES):
        return chosen.lower()
    return language_from_browser(request.META.get("HTTP_ACCEPT_LANGUAGE", "")) or settings.LANGUAGE_CODE


class PageLanguageMiddleware(LocaleMiddleware):
    """Django's LocaleMiddleware (Vary and Content-Language on the response) with the choice above.
    The site has no language prefixes in its URLs."""

    def process_request(self, request: HttpRequest) -> None:
        language = language_for(request)
        translation.activate(language)
        request.LANGUAGE_CODE = translation.get_language()

    def process_response(self, request: HttpRequest, response: HttpResponseBase) -> HttpResponseBase:
        # The language cookie chooses the language as much as Accept-Language does.
        response = super().process_response(request, response)
        patch_vary_headers(response, ("Cookie",))
        return response
