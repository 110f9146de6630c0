"""Four people, one for each level of urgency, answer the whole questionnaire in Chromium, with and
without JavaScript, and see the right advice."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page

from tests.browser.flow import JOURNEYS, expect_results, scenario, walk


@pytest.mark.parametrize("urgency", list(JOURNEYS))
def test_it_gives_each_person_the_right_advice(page: Page, urgency: str, screenshot) -> None:
    person = scenario(JOURNEYS[urgency])
    walk(page, person["answers"], screenshot=screenshot, label=f"journey-{urgency}")
    expect_results(page, person["expected"])
    screenshot(page, f"journey-{urgency}-9-results")


# The two whose answers bring up follow-up questions, which without scripts appear after Continue.
@pytest.mark.parametrize("urgency", ["urgent", "emergency"])
@pytest.mark.browser_context_args(java_script_enabled=False)
def test_it_works_the_same_without_javascript(page: Page, urgency: str) -> None:
    person = scenario(JOURNEYS[urgency])
    walk(page, person["answers"], js=False)
    assert page.evaluate("typeof window.htmx") == "undefined"
    expect_results(page, person["expected"])
