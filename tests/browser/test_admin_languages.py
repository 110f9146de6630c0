"""A clinician in a real browser edits a condition's Chinese summary beside its English, ticks it as
reviewed, and sees the tick kept; the page at 1280 px is saved as docs/admin-languages.png."""

from __future__ import annotations

from pathlib import Path

from playwright.sync_api import Page, expect

from tests.admin_data import staff_user
from tests.browser.flow import sign_in
from triage.models import Condition

DOCS = Path(__file__).resolve().parents[2] / "docs"
CHINESE = "多數的肌肉跳動會在幾週內自行緩解。"


def test_a_clinician_edits_and_reviews_a_chinese_text_beside_its_english(page: Page) -> None:
    # Only a clinical lead or reviewer may tick a translation reviewed.
    staff_user("dr-reviewer", "Clinical reviewer")
    condition = Condition.objects.get(code="benign-twitches")
    page.set_viewport_size({"width": 1280, "height": 900})
    sign_in(page, "dr-reviewer", f"/admin/triage/condition/{condition.pk}/change/")

    english, chinese = page.locator("#id_summary_en_gb"), page.locator("#id_summary_zh_hant")
    expect(english).to_have_value(condition.summary)
    expect(chinese).to_have_value(condition.summary_zh_hant)
    # Side by side: the Chinese box starts to the right of the English one, on the same row.
    left, right = english.bounding_box(), chinese.bounding_box()
    assert right["x"] > left["x"] + left["width"] and abs(right["y"] - left["y"]) < 40
    expect(page.locator(".fieldBox.field-summary_zh_hant_reviewed")).to_contain_text(
        "Traditional Chinese: not reviewed"
    )
    page.locator("fieldset").first.screenshot(path=str(DOCS / "admin-languages.png"))

    chinese.fill(CHINESE)
    page.locator("#id_summary_zh_hant_reviewed").check()
    page.locator("#id_change_reason").fill("Checked the Chinese against the English")
    page.locator("input[name='_continue']").click()

    expect(page.locator(".messagelist .success")).to_contain_text("was saved to the draft")
    expect(page.locator("#id_summary_zh_hant")).to_have_value(CHINESE)
    expect(page.locator("#id_summary_zh_hant_reviewed")).to_be_checked()
    status = page.locator(".fieldBox.field-summary_zh_hant_reviewed")
    expect(status).to_contain_text("Traditional Chinese: reviewed")
