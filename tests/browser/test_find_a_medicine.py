"""Finding a medicine by name in a real browser: live as the person types with scripts on, with the
Search button with them off; the follow-up question a picked medicine opens, a name added as typed,
and axe on the step with its matches showing."""

from __future__ import annotations

from playwright.sync_api import Page, expect

from tests.browser.flow import continue_button, heading, knowledge, tick, to_the_step
from tests.browser.test_accessibility import expect_no_violations
from tests.helpers import CALM


def to_the_medicines_step(page: Page, js: bool = True) -> None:
    to_the_step(page, "medicines", CALM, js)


def search_box(page: Page):
    return page.get_by_label("Medicine name")


def test_a_medicine_found_as_you_type_is_picked_and_opens_the_follow_up(page: Page, screenshot) -> None:
    to_the_medicines_step(page)
    search_box(page).fill("Uniphyllin")
    match = page.get_by_label("Theophylline (Uniphyllin Continus, Slo-Phyllin)")
    expect(match).to_be_visible()
    expect(page.locator("#medicine-status")).to_have_text("1 medicine found. Tick it if you take it.")
    expect(page.get_by_text("Counts as: Theophylline or aminophylline, for asthma or COPD")).to_be_visible()
    expect_no_violations(page, "medicines step with matches")
    with page.expect_response(lambda r: r.url.endswith("/check/")):
        match.check()
    expect(page.locator("input[name='medicine-change']")).to_have_count(3)

    # A second search keeps the first medicine, now among the medicines named.
    search_box(page).fill("Cipro")
    expect(page.get_by_label("Ciprofloxacin (Cipro, Ciproxin)")).to_be_visible()
    expect(page.locator("#picked-theophylline")).to_be_checked()
    page.get_by_label("Ciprofloxacin (Cipro, Ciproxin)").check()

    search_box(page).fill("Magnesium glycinate")
    add = page.get_by_role("button", name="Add “Magnesium glycinate” as you typed it")
    add.click()
    expect(page.locator("input[name='medicine_typed'][value='Magnesium glycinate']")).to_be_checked()
    expect(search_box(page)).to_be_focused()
    expect(search_box(page)).to_have_value("")
    screenshot(page, "medicines-named")
    expect_no_violations(page, "medicines step with medicines named")

    tick(page, "medicine-change", "med-changed-yes")
    tick(page, "medicine-change-when", "mcw-weeks")
    page.set_viewport_size({"width": 390, "height": 844})
    screenshot(page, "medicines-change-and-when-phone")
    expect_no_violations(page, "medicines step with when a medicine changed")
    continue_button(page).click()
    expect(heading(page)).to_have_text(knowledge().steps[6].title)


def test_without_javascript_the_search_button_finds_and_keeps_what_was_ticked(new_context) -> None:
    page = new_context(java_script_enabled=False).new_page()
    to_the_medicines_step(page, js=False)
    # "None of these": the person does not know sertraline is an antidepressant.
    page.locator("input[name='medicines'][value='med-none']").check()
    search_box(page).fill("樂復得")
    page.get_by_role("button", name="Search").click()
    expect(page.locator("input[name='medicines'][value='med-none']")).to_be_checked()
    # Found by its Chinese name, which the label repeats, with its name in the person's region.
    page.get_by_label("Sertraline (樂復得, Lustral)").check()
    continue_button(page).click()
    # The follow-up the antidepressant opens, shown rather than skipped.
    expect(page.get_by_text("Your answer needs one more detail")).to_be_visible()
    page.locator("input[name='medicine-change'][value='med-changed-no']").check()
    continue_button(page).click()
    expect(heading(page)).to_have_text(knowledge().steps[6].title)
