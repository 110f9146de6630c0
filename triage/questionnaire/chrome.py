"""The page around a questionnaire page's content (base.html: head, header, footer), rendered once
per language, region, address, title and kept, with this request's CSRF token put in each copy.

What base.html shows depends on those alone, on every page that leaves the layout's words to the
context processors; a page whose view gives any of them, a preview (its banner has its own form),
the region question (its header differs) and an address with a query the person typed are rendered
whole, as before.
"""

from __future__ import annotations

from functools import lru_cache

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.template.loader import get_template, render_to_string
from django.utils import translation
from django.utils.safestring import mark_safe

from triage.questionnaire.preview import is_previewing
from triage.web.csrf import get_token
from triage.web.kept import kept
from triage.web.region import chosen_region

# Markup no escaped text can contain (every text from the request is escaped: "<" becomes "&lt;").
TOKEN = mark_safe("<kept-csrf-token>")
MAIN = mark_safe("<kept-main>")
HEADING_SPLIT = mark_safe("<kept-heading>")
# What base.html and its includes read that a view could give instead of the context processors.
LAYOUT_WORDS = frozenset(
    {
        "LANGUAGE_CODE",
        "asking_region",
        "csrf_token",
        "language_change_url",
        "other_languages",
        "page_path",
        "page_words",
        "preview",
        "preview_back_url",
        "preview_of",
        "region_change_url",
        "region_name",
    }
)


def layout_around(request: HttpRequest, page_title: str) -> tuple[str, str]:
    """base.html before and after the page's content, with TOKEN where the CSRF token goes."""
    region = chosen_region(request)
    path = request.get_full_path()

    def render_layout() -> tuple[str, str]:
        context = {"page_title": page_title, "csrf_token": TOKEN, "main_slot": MAIN}
        before, after = render_to_string("triage/chrome.html", context, request).split(MAIN)
        return before, after

    return kept(
        ("layout", translation.get_language(), region.code if region else "", path, page_title), render_layout
    )


def whole_page(request: HttpRequest, template: str, context: dict, status: int = 200) -> HttpResponse:
    """The whole page: its `content` partial inside the kept layout where it applies, else the
    template rendered in full (which gives the same page)."""
    # Kept per address only where the address holds nothing the person typed (a medicine search
    # without JavaScript puts its words in ?q=): "?change=1" is the one query the steps link to.
    plain_address = not request.GET or set(request.GET) == {"change"}
    if not plain_address or LAYOUT_WORDS & context.keys() or is_previewing(request):
        return render(request, template, context, status=status)
    token = get_token(request)
    before, after = layout_around(request, str(context.get("page_title") or ""))
    # One token for the whole page, as a page rendered in one go has.
    content = render_to_string(f"{template}#content", {**context, "csrf_token": token}, request)
    return HttpResponse(before.replace(TOKEN, token) + content + after.replace(TOKEN, token), status=status)


def step_heading(place: dict) -> dict:
    """A step page's Back link, and its heading down to its form's opening tag (the "Step N of M"
    progress, the title and introduction): what `place` (Journey.place) and the language alone
    decide, drawn by triage/_step_heading.html once per process for each and kept."""
    step = place["step"]
    back_link, heading = drawn_heading(
        step.title,
        step.intro,
        place["step_number"],
        place["step_count"],
        place["back_url"],
        place["step_post_url"],
        translation.get_language(),
    )
    return {"step_back_link": back_link, "step_heading": heading}


@lru_cache(maxsize=256)
def drawn_heading(
    title: str, intro: str, number: int, count: int, back_url: str, post_url: str, language: str
) -> tuple[str, str]:
    context = {
        "title": title,
        "intro": intro,
        "step_number": number,
        "step_count": count,
        "back_url": back_url,
        "step_post_url": post_url,
        "split": HEADING_SPLIT,
    }
    back_link, heading = get_template("triage/_step_heading.html").render(context).split(HEADING_SPLIT)
    return mark_safe(back_link), mark_safe(heading)  # noqa: S308 - rendered with autoescaping
