"""Switching language in the middle of the questionnaire, with and without JavaScript, returns to
the same step with every earlier answer still ticked; a browser set to Taiwanese Chinese gets
Chinese from the first page."""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest
from playwright.sync_api import BrowserContext, Page, expect

from tests.browser.flow import (
    JOURNEYS,
    answer_step,
    answers_by_step,
    continue_button,
    heading,
    knowledge,
    option,
    scenario,
    start,
)

ANSWERED_FIRST = ("start", "about", "onset")


def switch_to(page: Page, name: str, language: str) -> None:
    page.get_by_role("button", name=name, exact=True).click()
    expect(page.locator("html")).to_have_attribute("lang", language)


def expect_ticked(page: Page, answers: dict[str, list[str]]) -> None:
    for question, codes in answers.items():
        for code in codes:
            expect(option(page, question, code)).to_be_checked()


@pytest.mark.parametrize("js", [True, False], ids=["with-javascript", "without-javascript"])
def test_switching_language_mid_questionnaire_keeps_every_answer(
    new_context: Callable[..., BrowserContext], js: bool
) -> None:
    page = new_context(java_script_enabled=js).new_page()
    person = scenario(JOURNEYS["routine"])["answers"]
    by_step = answers_by_step(person)
    steps = {step.code: step for step in knowledge().steps}
    start(page)
    for code in ANSWERED_FIRST:
        expect(heading(page)).to_have_text(steps[code].title)
        answer_step(page, steps[code], person, js)
        continue_button(page).click()
    expect(heading(page)).to_have_text(steps["location"].title)
    expect(page.locator("html")).to_have_attribute("lang", "en-gb")

    switch_to(page, "繁體中文", "zh-hant")
    # Back on the same step, now in Chinese.
    expect(page).to_have_url(re.compile(r"/step/location/$"))
    expect(page.get_by_role("button", name="繼續", exact=True)).to_be_visible()
    for code in ANSWERED_FIRST:
        page.goto(f"/step/{code}/")
        expect(page.locator("html")).to_have_attribute("lang", "zh-hant")
        expect_ticked(page, by_step[code])

    switch_to(page, "English", "en-gb")
    expect(page).to_have_url(re.compile(r"/step/onset/$"))
    expect_ticked(page, by_step["onset"])
    expect(continue_button(page)).to_be_visible()


def test_a_browser_set_to_taiwanese_chinese_gets_chinese_from_the_first_page(
    new_context: Callable[..., BrowserContext],
) -> None:
    page = new_context(locale="zh-TW").new_page()
    page.goto("/")
    expect(page.locator("html")).to_have_attribute("lang", "zh-hant")
    expect(page.get_by_role("link", name="立即開始")).to_be_visible()
    expect(page.get_by_role("button", name="English", exact=True)).to_have_attribute("lang", "en-gb")
