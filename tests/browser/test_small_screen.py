"""On a 360 x 640 phone screen nothing is cut off, nothing scrolls sideways and every control is
big enough to tap."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from tests.browser.flow import (
    JOURNEYS,
    continue_button,
    emergency_panel,
    heading,
    scenario,
    start,
    tick,
    walk,
)

PHONE = {"width": 360, "height": 640}

# Every visible element inside the page's width, and none clipping its own content sideways.
CUT_OFF = """() => {
  const width = document.documentElement.clientWidth;
  const problems = [];
  for (const el of document.body.querySelectorAll("*")) {
    if (el.closest(".visually-hidden, .skip-link")) continue;
    const box = el.getBoundingClientRect();
    if (box.width === 0 && box.height === 0) continue;
    const style = getComputedStyle(el);
    const clips = ["hidden", "clip", "auto", "scroll"].includes(style.overflowX);
    if (box.left < -0.5 || box.right > width + 0.5 || (clips && el.scrollWidth > el.clientWidth + 1)) {
      const where = `${Math.round(box.left)}-${Math.round(box.right)}`;
      problems.push(`${el.tagName.toLowerCase()}.${el.className}: ${where}`);
    }
  }
  return problems;
}"""

# Controls a person taps, with their size: WCAG 2.2 asks for 24 px; buttons here aim for 44.
TARGETS = """() => [...document.querySelectorAll(
    "button, input:not([type=hidden]), summary, .btn, .back-link, .summary-action a, .site-name")]
  .filter(el => el.getClientRects().length && !el.hidden)
  .map(el => {
    const box = el.getBoundingClientRect();
    return {name: `${el.tagName.toLowerCase()} ${(el.textContent || el.value || "").trim().slice(0, 30)}`,
            width: box.width, height: box.height, button: el.matches("button, .btn")};
  })"""


def expect_fits_a_phone(page: Page, name: str, screenshot) -> None:
    sizes = page.evaluate(
        "() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]"
    )
    assert sizes[0] <= sizes[1], f"{name}: scrolls sideways ({sizes[0]} > {sizes[1]} px)"
    assert page.evaluate(CUT_OFF) == [], f"{name}: cut off"
    targets = page.evaluate(TARGETS)
    assert targets, name
    small = [t for t in targets if t["width"] < 24 or t["height"] < (44 if t["button"] else 24)]
    assert small == [], f"{name}: too small to tap"
    screenshot(page, f"phone-{name}")


@pytest.mark.browser_context_args(viewport=PHONE)
def test_every_page_fits_a_phone_screen(page: Page, screenshot) -> None:
    page.goto("/")
    expect_fits_a_phone(page, "0-start", screenshot)

    start(page)
    continue_button(page).click()
    expect(page.locator(".error-summary")).to_be_visible()
    expect_fits_a_phone(page, "1-start-error", screenshot)
    tick(page, "emergency-signs", "em-seizure")
    expect(emergency_panel(page)).to_be_visible()
    expect_fits_a_phone(page, "1-start-warning", screenshot)
    tick(page, "emergency-signs", "em-seizure", checked=False)

    person = scenario(JOURNEYS["urgent"])
    walk(page, person["answers"], screenshot=lambda p, n: expect_fits_a_phone(p, n, screenshot), label="step")
    expect(heading(page)).to_have_text("Your results")
    expect_fits_a_phone(page, "9-results", screenshot)
    page.get_by_role("link", name="Summary for your doctor").click()
    expect(page).to_have_url(re.compile(r"/print/$"))
    # The Print button appears once the page's script has run; measure the page as a person sees it.
    expect(page.get_by_role("button", name="Print")).to_be_visible()
    expect_fits_a_phone(page, "10-print", screenshot)
