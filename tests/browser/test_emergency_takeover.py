"""An emergency answer takes over the screen, on a phone and on a desktop, with and without
JavaScript: the emergency advice is in view with a 999 link that dials, and no Continue competes
with it."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from playwright.sync_api import BrowserContext, Locator, Page, expect

from tests.browser.flow import (
    RESULTS_TITLE,
    continue_button,
    emergency_advice_button,
    emergency_panel,
    heading,
    start,
    tick,
    urgency_title,
)
from tests.browser.test_accessibility import expect_no_violations

PHONE = {"width": 375, "height": 667}
DESKTOP = {"width": 1280, "height": 800}
SCREENS = pytest.mark.parametrize("screen", ["phone", "desktop"])
SHOTS = Path("/tmp/shots-start-emergency")

# The last emergency sign in the list, so the farthest from the top of the step.
LAST_SIGN = "em-confused"

# Buttons named Continue that a person could see and press.
ENABLED_CONTINUE = """() => [...document.querySelectorAll("button")]
  .filter(b => b.textContent.trim() === "Continue" && !b.disabled && b.getClientRects().length)
  .length"""


def open_page(new_context: Callable[..., BrowserContext], screen: str, js: bool) -> Page:
    viewport = PHONE if screen == "phone" else DESKTOP
    return new_context(viewport=viewport, java_script_enabled=js).new_page()


def expect_wholly_in_view(page: Page, target: Locator) -> None:
    expect(target).to_be_in_viewport(ratio=1)  # waits for any smooth scroll to bring it in
    box = target.bounding_box()
    size = page.viewport_size
    assert box is not None and size is not None
    assert box["x"] >= 0 and box["y"] >= 0, box
    assert box["x"] + box["width"] <= size["width"], (box, size)
    assert box["y"] + box["height"] <= size["height"], (box, size)


def expect_a_call_link_in_view(page: Page) -> None:
    call = page.locator("main a[href='tel:999']")
    expect(call).to_have_count(1)
    expect(call).to_be_visible()
    expect(call).to_have_text("Call 999")
    expect_wholly_in_view(page, call)


def shot(page: Page, name: str) -> None:
    """What the person sees on the screen, not the whole page: the point is what is in view."""
    SHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"))


@SCREENS
def test_an_emergency_answer_brings_the_emergency_panel_into_view_instead_of_continue(
    new_context: Callable[..., BrowserContext], screen: str
) -> None:
    page = open_page(new_context, screen, js=True)
    panel = emergency_panel(page)
    advice = emergency_advice_button(page)
    start(page)
    option = page.locator(f"input[name='emergency-signs'][value='{LAST_SIGN}']")
    option.scroll_into_view_if_needed()
    tick(page, "emergency-signs", LAST_SIGN)

    expect_wholly_in_view(page, panel)
    expect(panel).to_be_focused()
    expect(panel).to_have_attribute("role", "alert")
    expect_a_call_link_in_view(page)
    expect(advice).to_have_count(1)
    expect(advice).to_be_visible()
    assert page.evaluate(ENABLED_CONTINUE) == 0
    shot(page, f"{screen}-js-1-emergency-panel")
    expect_no_violations(page, f"the emergency panel on a {screen}")

    # A second emergency sign keeps one panel, one call link and one way to the advice.
    tick(page, "emergency-signs", "em-breathing")
    expect(panel).to_contain_text("Severe difficulty breathing")
    expect(page.locator("a[href='tel:999']")).to_have_count(1)
    expect(advice).to_have_count(1)

    # Taking both answers back brings Continue back and takes the panel away.
    tick(page, "emergency-signs", "em-breathing", checked=False)
    tick(page, "emergency-signs", LAST_SIGN, checked=False)
    expect(panel).to_have_count(0)
    expect(continue_button(page)).to_be_visible()
    expect(continue_button(page)).to_be_enabled()
    shot(page, f"{screen}-js-2-answer-taken-back")

    tick(page, "emergency-signs", LAST_SIGN)
    expect_wholly_in_view(page, panel)
    advice.click()
    expect(heading(page)).to_have_text(RESULTS_TITLE)
    expect(page.locator("#urgency-title")).to_have_text(urgency_title("emergency"))
    expect_a_call_link_in_view(page)
    shot(page, f"{screen}-js-3-emergency-result")
    expect_no_violations(page, f"the emergency result on a {screen}")


@SCREENS
def test_without_javascript_an_emergency_answer_opens_the_emergency_advice_in_view(
    new_context: Callable[..., BrowserContext], screen: str
) -> None:
    page = open_page(new_context, screen, js=False)
    start(page)
    tick(page, "emergency-signs", LAST_SIGN, js=False)
    continue_button(page).click()

    expect(heading(page)).to_have_text(RESULTS_TITLE)
    banner = page.locator(".urgency-banner")
    expect(banner).to_have_class("urgency-banner urgency-emergency")
    expect(page.locator("#urgency-title")).to_have_text(urgency_title("emergency"))
    expect_wholly_in_view(page, banner)
    expect_a_call_link_in_view(page)
    assert page.evaluate(ENABLED_CONTINUE) == 0
    shot(page, f"{screen}-nojs-emergency-result")
