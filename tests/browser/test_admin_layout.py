"""A clinical editor's admin at 1,280 and 1,024 px: every knowledge model's list and page fits the
width with nothing cut off, and axe finds nothing to fix on a question's page, where each answer
option carries its links to conditions and its red flags."""

from __future__ import annotations

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page, expect

from tests.admin_data import staff_user
from tests.browser.flow import sign_in
from triage import models

WCAG_22_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
WIDTHS = (1280, 1024)
KNOWLEDGE_MODELS = [
    models.Source,
    models.Step,
    models.Question,
    models.Finding,
    models.Condition,
    models.SelfCareAdvice,
    models.ConditionFinding,
    models.RedFlag,
    models.AcceptedWarning,
]

# Every visible element inside the page's width, and none clipping its own content sideways. As
# tests/browser/test_small_screen.py's, but for the admin's markup: Django's visually hidden skip
# link and the selects that select2 hides behind its picker are meant to be out of sight, and a
# text box or select scrolls its own text by design (the box itself must still fit).
CUT_OFF = """() => {
  const width = document.documentElement.clientWidth;
  const problems = [];
  for (const el of document.body.querySelectorAll("*")) {
    if (el.closest(".visually-hidden, .skip-to-content-link, .select2-hidden-accessible")) continue;
    const box = el.getBoundingClientRect();
    if (box.width === 0 && box.height === 0) continue;
    const style = getComputedStyle(el);
    const clips = ["hidden", "clip", "auto", "scroll"].includes(style.overflowX)
      && !el.matches("input, select, textarea");
    if (box.left < -0.5 || box.right > width + 0.5 || (clips && el.scrollWidth > el.clientWidth + 1)) {
      const where = `${Math.round(box.left)}-${Math.round(box.right)}`;
      problems.push(`${el.tagName.toLowerCase()}.${el.className}: ${where}`);
    }
  }
  return problems;
}"""


# A select shows only its chosen option: every option of the likelihood-ratio pickers must fit its
# box in full (the font's own measure of the text against the box less its padding and arrow), so
# the number and words of whichever choice is made are never cut short.
CUT_SHORT_CHOICES = """() => {
  const measure = document.createElement("canvas").getContext("2d");
  const problems = [];
  for (const select of document.querySelectorAll("select[name$='ratio'], select[name$='ratio_if_absent']")) {
    if (!select.checkVisibility()) continue;
    const style = getComputedStyle(select);
    measure.font = `${style.fontWeight} ${style.fontSize} ${style.fontFamily}`;
    const room = select.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight) - 16;
    for (const option of select.options) {
      const needs = measure.measureText(option.text).width;
      if (needs > room) {
        problems.push(`${select.name}: "${option.text}" needs ${Math.ceil(needs)}, has ${Math.floor(room)}`);
      }
    }
  }
  return problems;
}"""


def pages_of(model) -> list[str]:
    name = model._meta.model_name
    first = model.objects.order_by("pk").first()
    page = f"/admin/triage/{name}/{first.pk}/change/" if first else f"/admin/triage/{name}/add/"
    return [f"/admin/triage/{name}/", page]


def expect_nothing_cut_off(page: Page, where: str) -> None:
    sizes = page.evaluate(
        "() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]"
    )
    assert sizes[0] <= sizes[1], f"{where}: scrolls sideways ({sizes[0]} > {sizes[1]} px)"
    assert page.evaluate(CUT_OFF) == [], f"{where}: cut off"
    assert page.evaluate(CUT_SHORT_CHOICES) == [], f"{where}: a likelihood ratio's words cut short"


@pytest.mark.parametrize("width", WIDTHS)
def test_every_knowledge_list_and_page_fits_the_width(page: Page, width: int) -> None:
    staff_user("dr-editor", "Clinical editor")
    page.set_viewport_size({"width": width, "height": 900})
    sign_in(page, "dr-editor")
    for model in KNOWLEDGE_MODELS:
        for url in pages_of(model):
            page.goto(url)
            expect(page.locator("#content h1")).to_be_visible()
            expect_nothing_cut_off(page, f"{url} at {width} px")


def test_a_question_page_and_a_condition_page_fit_and_the_question_page_passes_axe(
    page: Page, screenshot
) -> None:
    staff_user("dr-editor", "Clinical editor")
    question = models.Question.objects.get(code="symptoms")
    condition = models.Condition.objects.get(code="benign-twitches")
    sign_in(page, "dr-editor")

    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(f"/admin/triage/question/{question.pk}/change/")
    first = page.locator("#findings-0")
    first.locator("summary").click()
    expect(first.locator("table.link-rows .select2-container").first).to_be_visible()
    expect_nothing_cut_off(page, "a question's page with an option's links open")
    screenshot(page, "admin-question-1280")
    results = Axe().run(page, options={"runOnly": {"type": "tag", "values": WCAG_22_AA}})
    assert len(results.response["passes"]) > 10
    assert results.violations_count == 0, results.generate_report()

    page.set_viewport_size({"width": 1024, "height": 900})
    page.goto(f"/admin/triage/condition/{condition.pk}/change/")
    folds = page.locator("details.step-links")
    expect(folds.first).to_be_visible()
    folds.first.locator("summary").click()
    expect(folds.first.locator("table.link-rows")).to_be_visible()
    expect_nothing_cut_off(page, "a condition's page with a step's answers open")
    screenshot(page, "admin-condition-1024")
