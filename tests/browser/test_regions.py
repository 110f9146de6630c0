"""In a real browser, a first visit is asked the region before anything else, with the browser's
suggestion ticked; a person changes their region from the header, with or without JavaScript, and
an emergency result gives their region's number to tap: 119 in Taiwan, 911 in the United States."""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest
from playwright.sync_api import BrowserContext, Page, expect

from tests.browser.flow import (
    JOURNEYS,
    RESULTS_TITLE,
    answer_step,
    continue_button,
    emergency_advice_button,
    heading,
    knowledge,
    scenario,
    start,
    tick,
)

JS = pytest.mark.parametrize("js", [True, False], ids=["with-js", "without-js"])
PHONE = {"width": 375, "height": 667}


@JS
def test_a_us_browser_on_a_phone_is_asked_the_region_first_with_the_us_ticked_then_sees_911(
    new_context: Callable[..., BrowserContext], base_url: str, js: bool, screenshot: Callable
) -> None:
    context = new_context(java_script_enabled=js, locale="en-US", viewport=PHONE, region=None)
    page = context.new_page()
    page.goto("/")
    expect(page.get_by_role("heading", name="Where are you?")).to_be_visible()
    expect(page.get_by_label("United States", exact=True)).to_be_checked()
    # Nothing to dial and no number at all until the person says where they are.
    expect(page.locator("a[href^='tel:']")).to_have_count(0)
    expect(page.locator("body")).not_to_contain_text("999")
    expect(page.locator(".site-footer")).to_contain_text("In an emergency call your local emergency number.")
    # The question and its button fit the phone's first screen.
    continue_region = page.get_by_role("button", name="Continue", exact=True)
    expect(continue_region).to_be_in_viewport(ratio=1)
    screenshot(page, f"region-first-us-phone-{'js' if js else 'no-js'}")

    continue_region.click()
    expect(page).to_have_url(f"{base_url}/")
    page.wait_for_load_state("load")
    expect(page.locator(".callout-emergency h2")).to_have_text("Call 911 now if you:")
    expect(page.locator(".region-name")).to_have_text("United States")
    expect(page.locator(".site-footer")).to_contain_text("In an emergency call 911.")
    expect(page.locator("body")).not_to_contain_text("999")
    # The questionnaire goes on as before, in the chosen region.
    page.get_by_role("link", name="Start now").click()
    expect(heading(page)).to_have_text(knowledge().steps[0].title)
    page.wait_for_load_state("load")
    tick(page, "emergency-signs", "em-seizure", js=js)
    if js:
        expect(page.locator(".emergency-panel a[href='tel:911']")).to_be_visible()


def test_a_step_opened_directly_asks_the_region_first_and_comes_back_to_it(
    new_context: Callable[..., BrowserContext], base_url: str
) -> None:
    page = new_context(locale="en-AU", region=None).new_page()
    page.goto("/step/start/")
    expect(heading(page)).to_have_text("Where are you?")
    expect(page.get_by_label("Australia", exact=True)).to_be_checked()
    page.get_by_role("button", name="Continue", exact=True).click()
    expect(page).to_have_url(f"{base_url}/step/start/")
    expect(heading(page)).to_have_text(knowledge().steps[0].title)
    expect(page.locator(".region-name")).to_have_text("Australia")


def choose_region(page: Page, name: str) -> None:
    """From any page: the header's change link, the region's radio button, Save."""
    page.locator(".region-control").get_by_role("link", name="change").click()
    expect(heading(page)).to_have_text("Where are you?")
    page.get_by_label(name, exact=True).check()
    page.get_by_role("button", name="Save").click()


def emergency_result(page: Page, js: bool) -> None:
    start(page)
    tick(page, "emergency-signs", "em-seizure", js=js)
    if js:
        emergency_advice_button(page).click()
    else:
        page.get_by_role("button", name="Continue", exact=True).click()
    expect(heading(page)).to_have_text(RESULTS_TITLE)


@JS
@pytest.mark.parametrize(("region", "number"), [("Taiwan", "119"), ("United States", "911")])
def test_an_emergency_result_gives_the_regions_number_as_a_link_that_dials(
    new_context: Callable[..., BrowserContext], base_url: str, js: bool, region: str, number: str
) -> None:
    page = new_context(java_script_enabled=js).new_page()
    page.goto("/")
    choose_region(page, region)
    # Back on the page the person came from, with the new region in the header.
    expect(page).to_have_url(f"{base_url}/")
    expect(page.locator(".region-name")).to_have_text(region)
    expect(page.locator(".callout-emergency h2")).to_have_text(f"Call {number} now if you:")

    emergency_result(page, js)
    call = page.locator(".urgency-banner a.call-link")
    expect(call).to_have_attribute("href", f"tel:{number}")
    expect(call).to_have_text(f"Call {number}")
    expect(call).to_be_visible()
    expect(page.locator("a[href='tel:999']")).to_have_count(0)
    expect(page.locator("#urgency-title")).to_contain_text(f"Call {number}")
    expect(page.locator(".site-footer")).to_contain_text(f"In an emergency call {number}.")


def test_the_region_control_works_without_javascript_and_keeps_the_place_in_the_questionnaire(
    new_context: Callable[..., BrowserContext],
) -> None:
    page = new_context(java_script_enabled=False).new_page()
    start(page)
    step_url = page.url
    choose_region(page, "Australia")
    expect(page).to_have_url(step_url)
    expect(page.locator(".region-name")).to_have_text("Australia")
    tick(page, "emergency-signs", "em-seizure", js=False)
    page.get_by_role("button", name="Continue", exact=True).click()
    expect(page.locator(".urgency-banner a.call-link")).to_have_attribute("href", "tel:000")


def test_with_javascript_the_region_control_brings_the_person_back_to_the_step_shown_now(page: Page) -> None:
    # htmx moves from step to step without reloading the header: its link must follow.
    person = scenario(JOURNEYS["routine"])["answers"]
    first, second = knowledge().steps[:2]
    start(page)
    answer_step(page, first, person)
    continue_button(page).click()
    expect(heading(page)).to_have_text(second.title)
    expect(page).to_have_url(re.compile(f"/step/{second.code}/$"))
    choose_region(page, "Taiwan")
    expect(page).to_have_url(re.compile(f"/step/{second.code}/$"))
    expect(page.locator(".region-name")).to_have_text("Taiwan")
