"""On a slow network, pressing Continue shows that the page is working and cannot be pressed twice."""

from __future__ import annotations

from playwright.sync_api import Page, expect

from tests.browser.flow import continue_button, heading, start, tick


def test_a_slow_step_shows_a_busy_state_and_disables_continue(page: Page) -> None:
    start(page)
    tick(page, "emergency-signs", "em-none")
    # Chromium's own network emulation: every request now takes a second and a half.
    network = page.context.new_cdp_session(page)
    network.send("Network.enable")
    network.send(
        "Network.emulateNetworkConditions",
        {"offline": False, "latency": 1500, "downloadThroughput": -1, "uploadThroughput": -1},
    )
    button = continue_button(page)
    button.click()
    expect(button).to_be_disabled(timeout=1000)
    expect(page.locator("#busy")).to_have_class("busy-indicator htmx-request", timeout=1000)
    expect(heading(page)).to_have_text("About you", timeout=10000)
    expect(page.locator("#busy")).to_have_class("busy-indicator")
