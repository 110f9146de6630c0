"""A clinical editor in a real browser: the draft banner on the knowledge pages, a save that says it
went to the draft, and axe-core finding nothing to fix on the pages that show them."""

from __future__ import annotations

from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page, expect

from tests.admin_data import staff_user
from tests.browser.flow import sign_in
from triage.knowledge.releases import latest_release
from triage.models import Condition, Source

WCAG_22_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
axe = Axe()


def expect_no_violations(page: Page, state: str) -> None:
    results = axe.run(page, options={"runOnly": {"type": "tag", "values": WCAG_22_AA}})
    assert len(results.response["passes"]) > 10, state
    assert results.violations_count == 0, f"{state}:\n{results.generate_report()}"


def test_a_clinical_editor_sees_the_draft_banner_and_a_save_goes_to_the_draft(page: Page) -> None:
    """axe runs on the pages this feature changed that Django's own markup leaves clean: a condition's
    page has inline rows without labels and select2 pickers, which axe reports whatever the banner."""
    staff_user("dr-editor", "Clinical editor")
    version = latest_release().version
    source = Source.objects.order_by("code").first()
    sign_in(page, "dr-editor", f"/admin/triage/source/{source.pk}/change/")

    banner = page.locator("#draft-banner")
    expect(banner).to_contain_text(
        f"You are editing the draft: the public sees release v{version}. No changes waiting."
    )
    expect_no_violations(page, "a source's page with the draft banner")

    condition = Condition.objects.order_by("code").first()
    page.goto(f"/admin/triage/condition/{condition.pk}/change/")
    page.locator("#id_summary_en_gb").fill("A calm summary in plain words, changed for this test.")
    page.locator("#id_change_reason").fill("Plainer words for the public")
    page.locator("input[name='_save']").click()

    expect(page.locator(".messagelist .success")).to_have_text(
        f"The condition “{condition.name}” was saved to the draft. The public will see it after the "
        "next release."
    )
    expect(banner).to_contain_text(
        f"You are editing the draft: the public sees release v{version}. 1 change waiting."
    )
    expect_no_violations(page, "the list of conditions after a save, with the message and the banner")

    banner.get_by_role("link", name="See the changes waiting").click()
    expect(page.locator(".diff-item caption").first).to_have_text(condition.name)
    page.goto("/admin/triage/release/")
    expect(page.locator("#draft-changes")).to_contain_text(f"{condition.name} (summary in plain words)")
    expect_no_violations(page, "the releases page with the changes waiting in the draft")
