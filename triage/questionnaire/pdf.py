"""The summary for the doctor as a PDF, made on the server by WeasyPrint from the print view's own
template and stylesheet, so the download and the printed page are the same layout.

WeasyPrint fetches nothing: the stylesheet is read from the static files and every other address is
refused, so neither a knowledge text nor a link can make the server reach out.
"""

from __future__ import annotations

from functools import cache

from django.contrib.staticfiles import finders
from django.core.exceptions import ImproperlyConfigured
from django.template.loader import render_to_string
from django.utils.translation import gettext as _
from weasyprint import CSS, HTML
from weasyprint.urls import URLFetcher

PRINT_STYLESHEET = "triage/css/print.css"


class NoFetching(URLFetcher):
    def __init__(self) -> None:
        # The parent's set-up, though its handlers are never used: WeasyPrint reads its settings
        # when a fetch is refused (without them, the first refusal was an AttributeError).
        super().__init__(allowed_protocols=(), allow_redirects=False, fail_on_errors=False)

    def fetch(self, url, headers=None):
        raise ValueError(f"The PDF loads nothing from elsewhere: {url}")


NO_FETCHING = NoFetching()


@cache
def print_stylesheet() -> CSS:
    path = finders.find(PRINT_STYLESHEET)
    if path is None:
        raise ImproperlyConfigured(f"The print stylesheet {PRINT_STYLESHEET} is not among the static files.")
    with open(path, encoding="utf-8") as f:
        return CSS(string=f.read(), url_fetcher=NO_FETCHING)


def page_css(reference: str) -> str:
    """The page header and number of a summary. The reference is letters, digits and a dash."""
    title = _("Muscle twitching summary · Reference %(reference)s") % {"reference": reference}
    page = _("Page %(page)s of %(pages)s") % {"page": '" counter(page) "', "pages": '" counter(pages) "'}
    return f'@page {{ @top-left {{ content: "{title}"; }} @top-right {{ content: "{page}"; }} }}\n'


def summary_pdf(context: dict) -> bytes:
    html = render_to_string("triage/print.html", {**context, "pdf": True})
    document = HTML(string=html, url_fetcher=NO_FETCHING, media_type="print")
    header = CSS(string=page_css(context["assessment"].reference_display), url_fetcher=NO_FETCHING)
    return document.write_pdf(stylesheets=[print_stylesheet(), header])
