"""Which side: an optional follow-up of "one side" that puts the side into the doctor's one-line
summary. With scripts on it appears as the person ticks "one side"; it never holds anyone up."""

from __future__ import annotations

from playwright.sync_api import Page, expect

from tests.browser.flow import continue_button, heading, knowledge, tick, to_the_step
from tests.browser.test_accessibility import expect_no_violations
from tests.helpers import CALM


def test_which_side_appears_after_one_side_and_can_be_left_out(page: Page, screenshot) -> None:
    page.set_viewport_size({"width": 390, "height": 844})
    to_the_step(page, "location", CALM)
    tick(page, "movement", "mv-flicker")
    tick(page, "location", "loc-calves")
    expect(page.locator("input[name='which-side']")).to_have_count(0)
    tick(page, "sides", "side-one")
    expect(page.locator("input[name='which-side']")).to_have_count(2)
    page.get_by_text("Which side?").scroll_into_view_if_needed()
    screenshot(page, "which-side-phone")
    expect_no_violations(page, "location step with which side")
    tick(page, "spread", "spread-fixed")
    # Left out: the step goes on all the same.
    continue_button(page).click()
    location = next(step for step in knowledge().steps if step.code == "location")
    expect(heading(page)).not_to_have_text(location.title)
