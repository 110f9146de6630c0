"""A warning sign shows its warning as soon as it is ticked, and the emergency way out works."""

from __future__ import annotations

import re

from playwright.sync_api import Page, expect

from tests.browser.flow import RESULTS_TITLE, heading, red_flag_titles, start, tick, urgency_title


def test_an_emergency_answer_warns_at_once_and_leads_to_emergency_advice(page: Page) -> None:
    start(page)
    warning = page.locator("#live-flags [role=alert]")
    expect(warning).to_have_count(0)

    tick(page, "emergency-signs", "em-breathing")
    expect(warning).to_have_count(1)
    expect(warning).to_contain_text(red_flag_titles(["severe-breathing-difficulty"])[0])
    expect(page).to_have_url(re.compile(r"/step/start/$"))  # still on the step: nothing was sent on
    tick(page, "emergency-signs", "em-breathing", checked=False)
    expect(warning).to_have_count(0)

    tick(page, "emergency-signs", "em-choking")
    expect(warning).to_have_count(1)
    page.get_by_role("button", name="Get emergency advice now").click()
    expect(heading(page)).to_have_text(RESULTS_TITLE)
    expect(page.locator("#urgency-title")).to_have_text(urgency_title("emergency"))
    expect(page.locator(".callout h3")).to_have_text(red_flag_titles(["choking-cannot-swallow"]))
