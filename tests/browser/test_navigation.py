"""Back, forward and reload in the middle of the questionnaire keep every answer; the Change links on
the check page lead back to a step and return to the check page."""

from __future__ import annotations

import re

from playwright.sync_api import Page, expect

from tests.browser.flow import (
    CHECK_TITLE,
    JOURNEYS,
    answer_step,
    answers_by_step,
    continue_button,
    heading,
    knowledge,
    option,
    scenario,
    start,
    tick,
    walk,
)


def expect_answered(page: Page, answers: dict) -> None:
    for question, codes in answers.items():
        for code in codes:
            expect(option(page, question, code)).to_be_checked()
    # Going back past a history entry htmx made reloads the page (its history cache is off); the
    # next back or forward must wait until that page's scripts have run, as a person's would.
    page.wait_for_load_state("load")


def test_back_forward_and_reload_keep_every_answer(page: Page) -> None:
    person = scenario("back-pain-saddle-numbness")["answers"]  # "about" has a follow-up question
    by_step = answers_by_step(person)
    steps = {step.code: step for step in knowledge().steps}
    start(page)
    for code in ("start", "about", "onset"):
        answer_step(page, steps[code], person)
        continue_button(page).click()
    expect(heading(page)).to_have_text(steps["location"].title)

    page.go_back()
    expect(heading(page)).to_have_text(steps["onset"].title)
    expect_answered(page, by_step["onset"])
    page.go_back()
    expect(heading(page)).to_have_text(steps["about"].title)
    expect_answered(page, by_step["about"])  # including the follow-up "Are you pregnant?"
    page.reload()
    expect(heading(page)).to_have_text(steps["about"].title)
    expect_answered(page, by_step["about"])
    page.go_forward()
    expect(heading(page)).to_have_text(steps["onset"].title)
    expect_answered(page, by_step["onset"])
    page.go_forward()
    expect(heading(page)).to_have_text(steps["location"].title)

    # Half-way through a step, a reload keeps the steps already answered.
    tick(page, "location", by_step["location"]["location"][0])
    page.reload()
    expect(heading(page)).to_have_text(steps["location"].title)
    page.go_back()
    expect(heading(page)).to_have_text(steps["onset"].title)
    expect_answered(page, by_step["onset"])

    for code in ("onset", "location", "pattern", "medicines"):
        expect(heading(page)).to_have_text(steps[code].title)
        answer_step(page, steps[code], person)
        continue_button(page).click()
    expect(heading(page)).to_have_text(steps["symptoms"].title)
    answer_step(page, steps["symptoms"], {"symptoms": ["sym-none"]})
    continue_button(page).click()
    answer_step(page, steps["general"], {"general-symptoms": ["gen-none"]})
    continue_button(page).click()
    expect(heading(page)).to_have_text(CHECK_TITLE)
    answers = page.locator(".summary-list dd:not(.summary-action)")
    labels = {f.code: f.label for f in knowledge().findings.values()}
    for question, codes in person.items():
        if question not in by_step["symptoms"]:
            for code in codes:
                expect(answers.filter(has_text=labels[code]).first).to_be_visible()


def test_change_links_lead_back_and_return_to_the_check_page(page: Page) -> None:
    person = scenario(JOURNEYS["routine"])
    walk(page, {**person["answers"]}, stop_at_check=True)
    expect(heading(page)).to_have_text(CHECK_TITLE)

    page.get_by_role("link", name="Change how old are you?").click()
    expect(page).to_have_url(re.compile(r"/step/about/\?change=1$"))
    expect(option(page, "age", "age-40-49")).to_be_checked()
    tick(page, "age", "age-50-74")
    page.get_by_role("button", name="Save and go back to your answers").click()
    expect(heading(page)).to_have_text(CHECK_TITLE)
    row = page.locator(".summary-row").filter(has_text="How old are you?")
    expect(row.locator("dd").first).to_have_text("50 to 74")

    # A change that reveals a follow-up question asks it before returning.
    page.get_by_role("link", name="Change do you take any of these?").click()
    expect(page).to_have_url(re.compile(r"/step/medicines/\?change=1$"))
    tick(page, "medicines", "med-none", checked=False)
    tick(page, "medicines", "med-statin")
    tick(page, "medicine-change", "med-changed-yes")
    tick(page, "medicine-change-when", "mcw-weeks")
    page.get_by_role("button", name="Save and go back to your answers").click()
    expect(heading(page)).to_have_text(CHECK_TITLE)
    follow_up = "Did you start, change the dose of, or stop one of these"
    expect(page.locator(".summary-row").filter(has_text=follow_up)).to_be_visible()

    page.get_by_role("button", name="Get my results").click()
    expect(heading(page)).to_have_text("Your results")
