"""A clinician's working day in a real browser: a clinical editor adds an answer option on its
question's page and links it to a condition in the same save, sees the draft banner and the change
waiting with its new text, and a clinical lead publishes it; the public questionnaire then offers
the new answer."""

from __future__ import annotations

from django.test import Client
from playwright.sync_api import Page, expect

from tests.admin_data import staff_user
from tests.browser.flow import sign_in
from tests.helpers import CALM, answer_steps
from triage.models import Condition, ConditionFinding, Finding, Question, Scenario
from triage.vocabulary import Ratio

LABEL = "Working night shifts"
CODE = "life-night-shifts"


def pick(page: Page, select_id: str, text: str) -> None:
    """Choose in one of Django's autocomplete (select2) pickers, as a person does: open, type, click."""
    page.locator(f"#{select_id} + .select2").click()
    page.locator(".select2-container--open .select2-search__field").fill(text)
    page.locator(".select2-results__option", has_text=text).first.click()


def test_an_option_added_and_linked_on_its_question_is_published_and_offered_to_the_public(
    new_context, screenshot
) -> None:
    staff_user("dr-editor", "Clinical editor")
    staff_user("dr-lead", "Clinical lead")
    question = Question.objects.get(code="lifestyle")
    sleep = Condition.objects.get(code="sleep-deprivation")

    editor = new_context(viewport={"width": 1280, "height": 900}).new_page()
    url = f"/admin/triage/question/{question.pk}/change/"
    sign_in(editor, "dr-editor", url)
    expect(editor.locator(".draft-banner")).to_contain_text("You are editing the draft")
    total = editor.locator("#id_findings-TOTAL_FORMS")
    existing = int(total.input_value())
    editor.locator("#findings-group .add-row a").click()
    expect(total).to_have_value(str(existing + 1))
    prefix = f"findings-{existing}"
    row = editor.locator(".inline-related", has=editor.locator(f"#id_{prefix}-label_en_gb"))
    editor.locator(f"#id_{prefix}-label_en_gb").fill(LABEL)
    editor.locator(f"#id_{prefix}-code").fill(CODE)
    editor.locator(f"#id_{prefix}-order").fill("95")
    fold = row.locator("details.option-links").first
    if fold.get_attribute("open") is None:  # a new option's fold opens by itself
        fold.locator("summary").first.click()
    pick(editor, f"id_{prefix}-links-0-condition", sleep.name)
    editor.locator(f"#id_{prefix}-links-0-ratio").select_option(label=str(Ratio(5.0).label))
    editor.locator("#id_change_reason").fill("Night shifts cut sleep (NHS)")
    editor.locator("input[name='_continue']").click()
    expect(editor.locator(".messagelist")).to_contain_text("draft")

    option = Finding.objects.get(code=CODE)
    assert ConditionFinding.objects.get(finding=option, condition=sleep).ratio == 5.0
    # The other answers are as they were: "None of these" is still there and still exclusive.
    assert Finding.objects.get(code="life-none").exclusive
    banner = editor.locator(".draft-banner")
    expect(banner).to_contain_text("change")
    banner.get_by_role("link", name="See the changes waiting").click()
    expect(editor.locator("main, #content").first).to_contain_text(LABEL)
    screenshot(editor, "admin-clinicians-day-changes-waiting")

    lead = new_context(viewport={"width": 1280, "height": 900}).new_page()
    sign_in(lead, "dr-lead", "/admin/triage/release/publish/")
    expect(lead.locator("#content")).to_contain_text(LABEL)
    lead.get_by_label("Change note").fill("New answer: working night shifts, linked to lack of sleep.")
    # Every shipped scenario still passes with the new answer in the draft.
    total = Scenario.objects.count()
    assert total > 100
    expect(lead.locator("#content")).to_contain_text(f"{total} of {total} scenarios pass against the draft")
    lead.get_by_role("button", name="Continue: check what goes live").click()
    lead.get_by_role("button", name="Yes, publish release v2 now").click()
    expect(lead.locator(".messagelist")).to_contain_text("Published")

    public = Client()
    answer_steps(public, CALM, upto="pattern")
    assert LABEL in public.get("/step/pattern/").content.decode()
