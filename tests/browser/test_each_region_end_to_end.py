"""A person in each region, on a phone, answers the whole questionnaire and reads their own numbers,
services and measures on the results, the summary for the doctor and its PDF (issue 20): a heavy
drinker in the United States reads US standard drinks and 911, in Australia standard drinks of
10 g and 000, in the United Kingdom units and 999, and in Taiwan, in Chinese, units of 10 g and
119, with no other region's number or measure anywhere."""

from __future__ import annotations

import io
import re
from collections.abc import Callable

import pytest
from playwright.sync_api import BrowserContext, expect
from pypdf import PdfReader

from tests.browser.flow import scenario, walk

PHONE = {"width": 390, "height": 844}
# Has "Drinking alcohol on most days" and gets the self-care advice on alcohol ("within a few days").
HEAVY_DRINKER = "heavy-drinking-omeprazole-long-cramps"

# region, language, its emergency number, its alcohol measure, its family doctor's words.
REGIONS = {
    "gb": ("en-gb", "999", "14 units of alcohol a week", "GP"),
    "us": ("en-gb", "911", "where a standard drink holds 14 g of alcohol", "primary care doctor"),
    "au": ("en-gb", "000", "10 standard drinks a week (4 on any one day)", "GP"),
    "tw": ("zh-hant", "119", "男性每天 2 個單位、女性每天 1 個單位", "家醫科或神經內科"),
}
# What only one region says (compared in lower case): none of these may be on another region's pages.
# (Sources keep their publishers' own titles: an NHS page is cited in every region.)
ONLY = {
    "gb": ("call 999", "撥打 999", "nhs 111", "pints", "品脫"),
    "us": ("call 911", "撥打 911", "14 g of alcohol", "14 公克"),
    "au": ("call 000", "撥打 000", "1800medicare", "10 standard drinks"),
    "tw": ("call 119", "撥打 119", "男性每天 2 個單位"),
}


def pdf_text(content: bytes) -> str:
    return " ".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)


def flat(text: str) -> str:
    return re.sub(r"\s+", " ", text)


@pytest.mark.parametrize("region", sorted(REGIONS))
def test_a_heavy_drinker_in_each_region_reads_their_own_numbers_and_measures_everywhere(
    new_context: Callable[..., BrowserContext], region: str, screenshot: Callable
) -> None:
    language, number, measure, doctor = REGIONS[region]
    page = new_context(region=region, viewport=PHONE).new_page()
    walk(page, scenario(HEAVY_DRINKER)["answers"])
    if language != "en-gb":
        # Answered in English, read in Chinese: the language control keeps the page.
        page.context.add_cookies([{"name": "django_language", "value": language, "url": page.url}])
        page.reload()
        expect(page.locator("html")).to_have_attribute("lang", language)
    results_url = page.url
    screenshot(page, f"region-{region}-results")

    results = flat(page.locator("main").text_content() or "")
    assert measure in results, (region, "results")
    assert doctor in results, (region, "results")
    footer = page.locator(".site-footer").inner_text()
    assert number in footer, (region, footer)

    page.goto(results_url + "print/")
    summary = flat(page.locator("main").text_content() or "")
    pdf = page.request.get(results_url + "summary.pdf")
    assert pdf.ok and pdf.headers["content-type"] == "application/pdf"
    printed = flat(pdf_text(pdf.body()))
    for shown, where in ((results, "results"), (summary, "summary"), (printed, "PDF")):
        lower = shown.lower()
        others = [w for other, words in ONLY.items() if other != region for w in words if w in lower]
        assert others == [], (region, where, others)
    # The summary and its PDF say the same; the doctor's copy names the region's doctor too.
    assert doctor in summary and doctor.replace(" ", "") in printed.replace(" ", ""), region
