"""A warning sign shows its warning as soon as it is ticked, and the emergency way out works."""

from __future__ import annotations

import re

from playwright.sync_api import Page, expect

from tests.browser.flow import (
    RESULTS_TITLE,
    continue_button,
    emergency_advice_button,
    emergency_panel,
    heading,
    red_flag_titles,
    start,
    tick,
    urgency_title,
)


def test_a_warning_sign_warns_at_once_and_an_emergency_one_leads_to_emergency_advice(page: Page) -> None:
    warning = page.locator("#live-flags [role=alert]")
    emergency = emergency_panel(page)
    way_out = emergency_advice_button(page)
    start(page)
    tick(page, "emergency-signs", "em-none")
    continue_button(page).click()

    # A warning that is not an emergency: shown at once, with no emergency way out.
    expect(heading(page)).to_have_text("About you")
    expect(warning).to_have_count(0)
    tick(page, "known-conditions", "known-thyroid")
    expect(warning).to_have_text(re.compile(re.escape(red_flag_titles(["known-thyroid-problem"])[0])))
    expect(way_out).to_have_count(0)
    expect(page).to_have_url(re.compile(r"/step/about/$"))  # nothing was sent on: still on the step

    page.get_by_role("link", name="Back").click()
    expect(heading(page)).to_have_text("Check it is not an emergency")
    tick(page, "emergency-signs", "em-none", checked=False)
    tick(page, "emergency-signs", "em-breathing")
    # An emergency sign brings up the emergency panel in place of Continue.
    expect(emergency).to_have_count(1)
    expect(emergency).to_contain_text(red_flag_titles(["severe-breathing-difficulty"])[0])
    expect(warning).to_have_count(0)
    expect(way_out).to_be_visible()
    expect(continue_button(page)).to_have_count(0)
    tick(page, "emergency-signs", "em-breathing", checked=False)
    expect(emergency).to_have_count(0)
    expect(continue_button(page)).to_be_visible()

    tick(page, "emergency-signs", "em-choking")
    expect(emergency).to_have_count(1)
    way_out.click()
    expect(heading(page)).to_have_text(RESULTS_TITLE)
    expect(page.locator("#urgency-title")).to_have_text(urgency_title("emergency"))
    expect(page.locator(".callout h3")).to_have_text(red_flag_titles(["choking-cannot-swallow"]))
