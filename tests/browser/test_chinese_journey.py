"""A whole questionnaire in Traditional Chinese, with JavaScript and without, from a browser in
Taiwan's Chinese: the first screen asks the region with Taiwan ticked, every page is in Chinese (its
<html lang>, its headings from the Chinese knowledge and the site's Chinese strings), axe finds
nothing to fix on any of them, and the results and the summary for the doctor are in Chinese too,
with the summary also printable in English."""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.utils import translation
from django.utils.translation import gettext
from playwright.sync_api import BrowserContext, Page, expect

from tests.browser.flow import JOURNEYS, answer_step, option, scenario
from triage import engine
from triage.knowledge.localise import localised
from triage.knowledge.published import get_knowledge
from triage.regions import REGIONS

CHINESE = "zh-hant"
WCAG_22_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
axe = Axe()


def words() -> dict[str, str]:
    """The site's own words a person clicks or reads on the way, in Chinese."""
    with translation.override(CHINESE):
        return {
            "start": gettext("Start now"),
            "continue": gettext("Continue"),
            "one more detail": gettext(
                "Your answer needs one more detail. Please answer the extra question below."
            ),
            "check": gettext("Check your answers"),
            "get results": gettext("Get my results"),
            "results": gettext("Your results"),
            "summary": gettext("Summary for your doctor"),
            "summary in english": gettext("Summary in English"),
            "emergency advice": gettext("Get emergency advice now"),
            "where": gettext("Where are you?"),
        }


def chinese_knowledge() -> engine.Knowledge:
    return localised(get_knowledge(), region=REGIONS["tw"], language=CHINESE)


def confirm_taiwan(page: Page, js: bool = True) -> None:
    """The region question a first visit gets, with Taiwan ticked from the browser's zh-TW."""
    say = words()
    expect(page.get_by_text(say["where"])).to_be_visible()
    expect(page.get_by_label("臺灣", exact=True)).to_be_checked()
    expect(page.locator("a[href^='tel:']")).to_have_count(0)
    expect_chinese_and_accessible(page, "the region question", js)
    page.get_by_role("button", name=say["continue"], exact=True).click()
    # The page the person is sent back to, with its scripts running (htmx's live check).
    expect(page.locator(".region-name")).to_have_text("臺灣")
    page.wait_for_load_state("load")


def expect_chinese_and_accessible(page: Page, state: str, js: bool = True) -> None:
    """In Chinese, and (where scripts run, which axe needs) with nothing for axe to fix."""
    expect(page.locator("html")).to_have_attribute("lang", CHINESE)
    if not js:
        return
    results = axe.run(page, options={"runOnly": {"type": "tag", "values": WCAG_22_AA}})
    assert len(results.response["passes"]) > 10, state
    assert results.violations_count == 0, f"{state}:\n{results.generate_report()}"


@pytest.mark.parametrize("js", [True, False], ids=["with-javascript", "without-javascript"])
def test_a_whole_questionnaire_in_chinese(new_context: Callable[..., BrowserContext], js: bool) -> None:
    say = words()
    knowledge = chinese_knowledge()
    person = scenario(JOURNEYS["urgent"])["answers"]  # two follow-up questions on the way
    context = new_context(java_script_enabled=js, locale="zh-TW", region=None)
    page = context.new_page()
    heading = page.locator("main h1")

    page.goto("/")
    confirm_taiwan(page, js)
    expect(page.locator(".callout-emergency h2")).to_have_text("如果您有下列情況，請立即撥打 119：")
    expect_chinese_and_accessible(page, "start page", js)
    page.get_by_role("link", name=say["start"]).click()
    for step in knowledge.steps:
        expect(heading).to_have_text(step.title)
        answer_step(page, step, person, js, more_detail=say["one more detail"], continue_name=say["continue"])
        for question in step.questions:
            if page.locator(f"#q-{question.code} fieldset").count():
                expect(page.locator(f"#q-{question.code} fieldset > legend")).to_have_text(question.text)
        expect_chinese_and_accessible(page, f"step {step.code}", js)
        page.get_by_role("button", name=say["continue"], exact=True).click()

    expect(heading).to_have_text(say["check"])
    expect_chinese_and_accessible(page, "check page", js)
    page.get_by_role("button", name=say["get results"]).click()
    expect(heading).to_have_text(say["results"])
    expect(page).to_have_url(re.compile(r"/results/[0-9a-f-]{36}/$"))
    expect_chinese_and_accessible(page, "results page", js)
    expected = scenario(JOURNEYS["urgent"])["expected"]
    names = {c.code: c.name for c in knowledge.conditions}
    expect(page.locator(".condition-name").first).to_contain_text(names[expected["most_likely"]])

    page.get_by_role("link", name=say["summary"], exact=True).click()
    expect(page).to_have_url(re.compile(r"/print/$"))
    expect_chinese_and_accessible(page, "print view", js)
    expect(page.locator("main")).to_contain_text(names[expected["most_likely"]])

    page.go_back()
    page.get_by_role("link", name=say["summary in english"]).click()
    expect(page).to_have_url(re.compile(r"/print/\?in=en-gb$"))
    expect(page.locator("html")).to_have_attribute("lang", "en-gb")
    english = next(c.name for c in get_knowledge().conditions if c.code == expected["most_likely"])
    expect(page.locator("main")).to_contain_text(english)


def test_an_emergency_in_chinese_on_the_first_step(new_context: Callable[..., BrowserContext]) -> None:
    # A browser in Taiwan's Chinese once got the United Kingdom's 999 here (issue 20): it is asked
    # the region first, with Taiwan ticked, and then gets 119.
    say = words()
    page = new_context(locale="zh-TW", region=None).new_page()
    page.goto("/step/start/")
    confirm_taiwan(page)
    expect(page).to_have_url(re.compile(r"/step/start/$"))
    with page.expect_response(lambda r: r.url.endswith("/check/")):
        option(page, "emergency-signs", "em-breathing").check()
    panel = page.locator(".emergency-panel")
    expect(panel).to_be_visible()
    expect(panel.locator("a[href='tel:119']")).to_be_visible()
    expect(page.locator("a[href='tel:999']")).to_have_count(0)
    expect_chinese_and_accessible(page, "a step with the emergency panel")
    page.get_by_role("button", name=say["emergency advice"]).click()
    expect(page.locator("main h1")).to_have_text(say["results"])
    expect_chinese_and_accessible(page, "emergency results")
