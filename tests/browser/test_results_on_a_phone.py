"""The results page as a person sees it: one disposition on every results page of the scenario suite,
the common cases' advice, reasons, likely causes and keep-or-share actions within the first three
screens of a 375 × 667 phone, the link copied with a tap, and folded sections printed in full. The
summary for the doctor, printed by Chromium, fits two A4 pages with a header on each, for every
scenario."""

from __future__ import annotations

import io
import json
import unicodedata

import pytest
from playwright.sync_api import Page, expect
from pypdf import PdfReader

from tests.browser.conftest import SCREENSHOTS
from tests.helpers import SCENARIO_FILES
from triage import engine
from triage.knowledge.published import get_knowledge
from triage.models import Assessment, Release
from triage.questionnaire.results import result_data, urgency_display
from triage.reference import new_reference
from triage.regions import REGIONS
from triage.vocabulary import Urgency

PHONE = {"width": 375, "height": 667}
DESKTOP = {"width": 1280, "height": 900}
THREE_SCREENS = 3 * PHONE["height"]
COMMON = (Urgency.SELF_CARE, Urgency.ROUTINE)

# Where the page's key content ends: the keep-or-share buttons and the last likely cause. On a
# self-care result the self-care advice, which is the result's advice, comes before the causes
# (issue 21, item 6): it is key content itself, so its height does not count against the others.
KEY_CONTENT_BOTTOM = """() => {
  const keep = document.querySelector('.keep-actions').getBoundingClientRect().bottom;
  let last = 0, likely = false;
  const causes = document.querySelector('section[aria-labelledby=causes-title]');
  for (const el of causes.children) {
    const title = el.textContent.trim();
    if (el.matches('h3.tier-title')) likely = ['Most likely', 'Other possible causes'].includes(title);
    else if (likely && el.matches('details.condition')) last = el.getBoundingClientRect().bottom;
  }
  const advice = document.getElementById('self-care-title');
  const first = advice && advice.closest('details');
  const before = first && first.compareDocumentPosition(causes) & Node.DOCUMENT_POSITION_FOLLOWING;
  const advised = before ? first.getBoundingClientRect().height : 0;
  return Math.max(keep, last) - advised + window.scrollY;
}"""
# Where the self-care advice starts, in screens.
SELF_CARE_TOP = """() => {
  const advice = document.getElementById('self-care-title');
  return advice ? (advice.getBoundingClientRect().top + window.scrollY) / window.innerHeight : null;
}"""


def saved_scenarios() -> list[tuple[str, Assessment]]:
    knowledge = get_knowledge()
    release = Release.objects.filter(version=knowledge.revision).first()
    saved = []
    for path in SCENARIO_FILES:
        cleaned = engine.clean_answers(json.loads(path.read_text())["answers"], knowledge)
        outcome = engine.assess(cleaned, knowledge)
        assessment = Assessment.objects.create(
            answers={code: list(codes) for code, codes in cleaned.items()},
            result=result_data(outcome, cleaned, knowledge),
            urgency=outcome.urgency,
            knowledge_revision=knowledge.revision,
            release=release,
            reference=new_reference(),
        )
        saved.append((path.stem, assessment))
    return saved


def expect_one_disposition(page: Page, name: str, assessment: Assessment) -> None:
    banners = page.locator(".urgency-banner")
    expect(banners).to_have_count(1)
    expect(banners).to_be_visible()
    expect(page.locator("#urgency-title")).to_have_text(
        urgency_display(assessment.urgency, REGIONS["gb"], "en-gb")["title"]
    )
    # One timeframe, once; an emergency's is the title's "now" and no other (issue 21, item 2).
    when = 0 if assessment.urgency == Urgency.EMERGENCY else 1
    assert page.get_by_text("When:", exact=True).count() == when, name
    if assessment.urgency == Urgency.EMERGENCY:
        expect(page.locator("a[href='tel:999']").first).to_be_in_viewport()
        expect(page.get_by_text("What to expect at the doctor")).to_have_count(0)


def test_every_results_page_says_one_thing_and_common_ones_fit_three_phone_screens(new_context, live_server):
    page = new_context(viewport=PHONE).new_page()
    too_long = []
    for name, assessment in saved_scenarios():
        page.goto(f"{live_server.url}{assessment.get_absolute_url()}")
        expect_one_disposition(page, name, assessment)
        if assessment.urgency in COMMON:
            bottom = page.evaluate(KEY_CONTENT_BOTTOM)
            if bottom > THREE_SCREENS:
                too_long.append(f"{name}: {bottom:.0f} px")
        if assessment.urgency == Urgency.SELF_CARE:
            starts = page.evaluate(SELF_CARE_TOP)
            if starts is not None and starts > 2:
                too_long.append(f"{name}: self-care advice starts {starts:.1f} screens down")
    assert too_long == []


@pytest.mark.parametrize("js", [True, False], ids=["js", "no-js"])
@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_one_disposition_on_a_result_of_each_level_with_and_without_javascript(
    new_context, live_server, js, viewport
):
    page = new_context(viewport=viewport, java_script_enabled=js).new_page()
    seen = set()
    for name, assessment in saved_scenarios():
        if assessment.urgency in seen:
            continue
        seen.add(assessment.urgency)
        page.goto(f"{live_server.url}{assessment.get_absolute_url()}")
        expect_one_disposition(page, name, assessment)
    assert seen == set(Urgency.values)


def test_the_results_link_is_copied_with_a_tap(new_context, live_server, screenshot):
    context = new_context(viewport=PHONE, permissions=["clipboard-read", "clipboard-write"])
    page = context.new_page()
    name, assessment = next(s for s in saved_scenarios() if s[1].urgency == Urgency.SELF_CARE)
    page.goto(f"{live_server.url}{assessment.get_absolute_url()}")
    page.get_by_role("button", name="Copy link").click()
    expect(page.get_by_text("Link copied.")).to_be_visible()
    assert (
        page.evaluate("navigator.clipboard.readText()") == f"{live_server.url}{assessment.get_absolute_url()}"
    )
    expect(page.get_by_text(assessment.reference_display)).to_be_visible()
    screenshot(page, "results-phone")


def test_without_javascript_the_link_is_there_to_copy_and_no_dead_button_shows(new_context, live_server):
    page = new_context(viewport=PHONE, java_script_enabled=False).new_page()
    name, assessment = next(s for s in saved_scenarios() if s[1].urgency == Urgency.ROUTINE)
    page.goto(f"{live_server.url}{assessment.get_absolute_url()}")
    expect(page.locator("#results-link")).to_have_text(f"{live_server.url}{assessment.get_absolute_url()}")
    expect(page.get_by_role("button", name="Copy link")).to_be_hidden()


def test_folded_sections_print_in_full(new_context, live_server):
    page = new_context(viewport=DESKTOP).new_page()
    name, assessment = next(
        s for s in saved_scenarios() if s[1].urgency == Urgency.ROUTINE and s[1].result["red_flags"]
    )
    page.goto(f"{live_server.url}{assessment.get_absolute_url()}")
    message = page.locator("details.reason p").first
    expect(message).to_be_hidden()
    page.emulate_media(media="print")
    expect(message).to_be_visible()


@pytest.mark.rendering
def test_every_scenarios_printed_summary_fits_two_a4_pages_with_a_header_on_each(new_context, live_server):
    page = new_context(viewport=DESKTOP).new_page()
    problems = []
    for name, assessment in saved_scenarios():
        page.goto(f"{live_server.url}{assessment.get_absolute_url()}print/")
        reader = PdfReader(io.BytesIO(page.pdf(format="A4")))
        pages = [unicodedata.normalize("NFKC", " ".join(p.extract_text().split())) for p in reader.pages]
        if not 1 <= len(pages) <= 2:
            problems.append(f"{name}: {len(pages)} pages")
        for number, text in enumerate(pages, start=1):
            if (
                f"Reference {assessment.reference_display}" not in text
                or f"Page {number} of {len(pages)}" not in text
            ):
                problems.append(f"{name}: page {number} has no header")
    assert problems == []
    SCREENSHOTS.mkdir(exist_ok=True)
