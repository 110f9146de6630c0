"""A clinical editor in a real browser previews the draft: an edited question shows in the public
questionnaire under the preview banner, the results are saved nowhere, a scenario's results page
renders against the draft, and axe-core finds nothing to fix on any of these pages."""

from __future__ import annotations

import re

from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page, expect

from tests.admin_data import staff_user
from tests.browser.flow import JOURNEYS, heading, scenario, sign_in, walk
from triage.models import Assessment, Question, Scenario

WCAG_22_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
BANNER = "Preview of the draft — not what the public sees. Nothing is saved."
DRAFT_TEXT = "Do you have any of these right now? (reworded in the draft)"
axe = Axe()


def expect_no_violations(page: Page, state: str) -> None:
    results = axe.run(page, options={"runOnly": {"type": "tag", "values": WCAG_22_AA}})
    assert len(results.response["passes"]) > 10, state
    assert results.violations_count == 0, f"{state}:\n{results.generate_report()}"


def test_a_clinical_editor_previews_an_edited_question_and_a_scenario_s_results(page: Page) -> None:
    staff_user("dr-editor", "Clinical editor")
    question = Question.objects.get(code="emergency-signs")
    sign_in(page, "dr-editor", f"/admin/triage/question/{question.pk}/change/")
    page.locator("#id_text_en_gb").fill(DRAFT_TEXT)
    page.locator("#id_change_reason").fill("Trying a plainer question")
    page.locator("input[name='_save']").click()
    expect(page.locator(".messagelist .success")).to_contain_text("was saved to the draft")

    page.goto("/admin/")
    page.get_by_role("button", name="Preview the questionnaire with the draft").click()
    banner = page.locator("#preview-banner")
    expect(banner).to_contain_text(BANNER)
    expect_no_violations(page, "the start page in a preview")

    page.get_by_role("link", name="Start now").click()
    expect(page.locator("#q-emergency-signs fieldset > legend")).to_have_text(DRAFT_TEXT)
    expect(banner).to_contain_text(BANNER)
    expect_no_violations(page, "the first step in a preview, with the draft's question")

    saved = Assessment.objects.count()
    walk(page, scenario(JOURNEYS["self_care"])["answers"])
    expect(page).to_have_url(re.compile(r"/preview/results/$"))
    expect(banner).to_contain_text(BANNER)
    expect(page.get_by_text("This is a preview, so nothing is saved")).to_be_visible()
    expect(page.get_by_role("link", name="Summary for your doctor")).to_have_count(0)
    expect_no_violations(page, "the results of a preview")
    assert Assessment.objects.count() == saved

    person = Scenario.objects.get(code=JOURNEYS["urgent"])
    page.goto("/admin/triage/scenario/run/")
    page.get_by_role("link", name=f"Preview results with the draft for {person.name}", exact=True).click()
    expect(heading(page)).to_have_text("Your results")
    expect(banner).to_contain_text(
        f"The results of the scenario “{person.name}”, as the draft would show them."
    )
    expect_no_violations(page, "a scenario's results as the draft would render them")
    assert Assessment.objects.count() == saved

    banner.get_by_role("button", name="Stop preview").click()
    expect(page).to_have_url(re.compile(r"/admin/$"))
    page.goto("/step/start/")
    expect(page.locator("#preview-banner")).to_have_count(0)
    expect(page.locator("#q-emergency-signs fieldset > legend")).not_to_have_text(DRAFT_TEXT)
