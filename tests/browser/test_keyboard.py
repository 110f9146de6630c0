"""The whole questionnaire with the keyboard alone: Tab, Space, arrow keys and Enter, no mouse."""

from __future__ import annotations

from playwright.sync_api import Locator, Page, expect

from tests.browser.flow import (
    CHECK_TITLE,
    JOURNEYS,
    RESULTS_TITLE,
    continue_button,
    expect_results,
    heading,
    knowledge,
    live_check,
    option,
    scenario,
)

IS_FOCUSED = "els => els.includes(document.activeElement)"
FOCUS_RING = """el => {
  const s = getComputedStyle(el);
  return (s.outlineStyle !== "none" && parseFloat(s.outlineWidth) >= 2) || s.boxShadow !== "none";
}"""


def tab_to(page: Page, target: Locator, limit: int = 80) -> None:
    """Press Tab until one of `target` has the focus, as a keyboard user moves through a page."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if target.evaluate_all(IS_FOCUSED):
            return
    raise AssertionError(f"Tab never reached {target}")


def expect_visible_focus(target: Locator) -> None:
    assert target.evaluate(FOCUS_RING), f"no visible focus indicator on {target}"


def choose(page: Page, question: str, code: str) -> None:
    """Tick a checkbox with Space; pick a radio button by arrowing through its group."""
    box = option(page, question, code)
    expect(box).to_be_attached()  # a follow-up question appears after the live check
    if box.get_attribute("type") == "checkbox":
        tab_to(page, box)
        expect_visible_focus(box)
        with live_check(page):
            page.keyboard.press("Space")
    else:
        tab_to(page, page.locator(f"input[name='{question}']"))
        expect_visible_focus(page.locator(f"input[name='{question}']:focus"))
        for _ in range(10):
            if box.evaluate("el => el === document.activeElement"):
                break
            with live_check(page):
                page.keyboard.press("ArrowDown")  # moves to and selects the next option
        if not box.is_checked():
            with live_check(page):
                page.keyboard.press("Space")
    expect(box).to_be_checked()


def expect_step_announced(page: Page, text: str) -> None:
    """After an HTMX swap the new heading has the focus and the live region names the step."""
    expect(heading(page)).to_be_focused()
    expect(page.locator("#announce")).to_have_attribute("aria-live", "polite")
    expect(page.locator("#announce")).to_contain_text(text)


def test_a_whole_journey_with_the_keyboard_alone(page: Page) -> None:
    person = scenario(JOURNEYS["urgent"])  # with two follow-up questions
    page.goto("/")

    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Skip to main content")
    expect(skip).to_be_focused()
    expect(skip).to_be_in_viewport()
    expect_visible_focus(skip)
    page.keyboard.press("Enter")
    expect(page.locator("main")).to_be_focused()

    start_now = page.get_by_role("link", name="Start now")
    tab_to(page, start_now)
    expect_visible_focus(start_now)
    page.keyboard.press("Enter")

    steps = knowledge().steps
    for number, step in enumerate(steps, start=1):
        expect(heading(page)).to_have_text(step.title)
        expect_step_announced(page, f"Step {number} of {len(steps) + 1}: {step.title}")
        for question in step.questions:
            for code in person["answers"].get(question.code, ()):
                choose(page, question.code, code)
        tab_to(page, continue_button(page))
        expect_visible_focus(continue_button(page))
        page.keyboard.press("Enter")

    expect(heading(page)).to_have_text(CHECK_TITLE)
    expect_step_announced(page, f"Step {len(steps) + 1} of {len(steps) + 1}: {CHECK_TITLE}")
    results = page.get_by_role("button", name="Get my results")
    tab_to(page, results)
    page.keyboard.press("Enter")
    expect(heading(page)).to_have_text(RESULTS_TITLE)
    expect(heading(page)).to_be_focused()
    expect_results(page, person["expected"])

    for details in (
        page.locator("details.condition > summary").first,
        page.get_by_role("link", name="Summary for your doctor"),
    ):
        tab_to(page, details)
        expect_visible_focus(details)
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("Muscle twitching: summary for the doctor")
