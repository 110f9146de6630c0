"""axe-core (bundled with axe-playwright-python, run offline) finds nothing to fix at WCAG 2.2 AA on
any public page or state, and the parts axe cannot judge work as they should."""

from __future__ import annotations

import re

from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page, expect

from tests.browser.flow import (
    JOURNEYS,
    answer_step,
    continue_button,
    emergency_panel,
    heading,
    knowledge,
    scenario,
    start,
    tick,
)

WCAG_22_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
axe = Axe()


# Beyond axe: each answer is a labelled input inside its question's fieldset, named by a legend.
UNGROUPED_ANSWERS = """() => [...document.querySelectorAll("main input:is([type=radio], [type=checkbox])")]
  .filter(input => {
    const fieldset = input.closest("fieldset");
    const legend = fieldset && fieldset.firstElementChild;
    return !(legend && legend.tagName === "LEGEND" && legend.textContent.trim() && input.labels.length);
  })
  .map(input => input.name + "=" + input.value)"""


def expect_no_violations(page: Page, state: str) -> None:
    expect(page.locator("html")).to_have_attribute("lang", "en-gb")
    results = axe.run(page, options={"runOnly": {"type": "tag", "values": WCAG_22_AA}})
    # axe really looked: many rules applied and passed.
    assert len(results.response["passes"]) > 10, state
    assert results.violations_count == 0, f"{state}:\n{results.generate_report()}"


def test_every_page_and_state_is_accessible(page: Page) -> None:
    person = scenario(JOURNEYS["urgent"])["answers"]  # shows two follow-up questions on the way
    page.goto("/")
    expect_no_violations(page, "start page")
    start(page)

    continue_button(page).click()
    expect(page.locator(".error-summary")).to_be_visible()
    expect_no_violations(page, "a step with a validation error")

    tick(page, "emergency-signs", "em-breathing")
    expect(emergency_panel(page)).to_be_visible()
    expect_no_violations(page, "a step with the emergency panel")
    tick(page, "emergency-signs", "em-breathing", checked=False)
    expect(emergency_panel(page)).to_have_count(0)

    for step in knowledge().steps:
        expect(heading(page)).to_have_text(step.title)
        answer_step(page, step, person)  # with any follow-up questions and warnings showing
        expect_no_violations(page, f"step {step.code}")
        shown = [q for q in step.questions if page.locator(f"#q-{q.code} fieldset").count()]
        assert {q.code for q in step.questions if q.code in person} <= {q.code for q in shown}
        for question in shown:
            expect(page.locator(f"#q-{question.code} fieldset > legend")).to_have_text(question.text)
        assert page.evaluate(UNGROUPED_ANSWERS) == [], step.code
        continue_button(page).click()

    expect(heading(page)).to_have_text("Check your answers")
    expect_no_violations(page, "check page")
    page.get_by_role("button", name="Get my results").click()
    expect(heading(page)).to_have_text("Your results")
    expect_no_violations(page, "results page")
    page.get_by_role("link", name="Summary for your doctor").click()
    expect(page).to_have_url(re.compile(r"/print/$"))
    expect_no_violations(page, "print view")
