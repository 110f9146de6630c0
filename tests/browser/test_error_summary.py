"""A step sent without an answer: an error summary at the top, linked to the question, and focus on it."""

from __future__ import annotations

from playwright.sync_api import Page, expect

from tests.browser.flow import continue_button, heading, start


def test_the_error_summary_is_focused_and_its_links_move_focus_to_the_question(page: Page) -> None:
    start(page)
    continue_button(page).click()
    summary = page.locator(".error-summary")
    expect(summary).to_be_focused()
    expect(page).to_have_title("Error: Check it is not an emergency (step 1 of 9) – Muscle twitching check")
    # At the top: before the step's heading and the form.
    assert summary.evaluate("(el) => !!(el.compareDocumentPosition(document.querySelector('main h1')) & 4)")

    question = page.locator("#q-emergency-signs")
    fieldset = question.locator("fieldset")
    expect(fieldset).to_have_attribute("aria-describedby", "emergency-signs-hint emergency-signs-error")
    expect(question.locator("#emergency-signs-error")).to_contain_text("Error:")
    summary.get_by_role("link").click()
    expect(question.locator("input").first).to_be_focused()
    expect(heading(page)).to_have_text("Check it is not an emergency")
