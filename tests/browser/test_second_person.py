"""A change walked from a clinical editor through a second clinical lead's approval to the public,
in the real admin: the editor saves it with a reason; a lead who also changed the draft cannot
publish it alone; another lead reviews the draft and approves it; the first lead then sees on the
confirmation page what goes live, and publishes it; the history shows who, why and the words that
changed."""

from __future__ import annotations

from pathlib import Path

from playwright.sync_api import expect

from tests.admin_data import staff_user
from tests.browser.flow import sign_in
from tests.browser.test_admin_draft import expect_no_violations
from triage.knowledge.published import get_knowledge
from triage.models import Condition, Release

DOCS = Path(__file__).resolve().parents[2] / "docs"
SUMMARY = "Most twitching is harmless and settles by itself within a few weeks, often sooner."
REASON = "NHS page on twitching reviewed in 2026: say how soon it settles"


def test_an_editors_change_is_approved_and_published_by_a_second_lead(new_context, screenshot) -> None:
    staff_user("dr-editor", "Clinical editor")
    staff_user("dr-author", "Clinical lead")
    staff_user("dr-second", "Clinical lead")
    condition = Condition.objects.get(code="benign-twitches")
    old_summary = condition.summary
    size = {"width": 1280, "height": 900}

    editor = new_context(viewport=size).new_page()
    sign_in(editor, "dr-editor", f"/admin/triage/condition/{condition.pk}/change/")
    editor.locator("#id_summary_en_gb").fill(SUMMARY)
    editor.locator("input[name='_save']").click()
    expect(editor.locator(".errornote, .errorlist").first).to_be_visible()
    expect(editor.locator(".field-change_reason .errorlist")).to_contain_text(
        "Say why you are making this change"
    )
    editor.locator("#id_summary_en_gb").fill(SUMMARY)
    editor.locator("#id_change_reason").fill(REASON)
    editor.locator("input[name='_save']").click()
    expect(editor.locator(".messagelist .success")).to_contain_text("was saved to the draft")

    # A lead who changed the draft too may not publish it alone.
    author = new_context(viewport=size).new_page()
    sign_in(author, "dr-author", f"/admin/triage/condition/{condition.pk}/change/")
    author.locator("#id_clinician_questions_en_gb").fill("Ask how long it has been going on.")
    author.locator("#id_change_reason").fill("A question the GP can ask")
    author.locator("input[name='_save']").click()
    expect(author.locator(".messagelist .success")).to_contain_text("was saved to the draft")
    author.goto("/admin/triage/release/publish/")
    expect(author.locator(".second-person")).to_contain_text("Ask one of: dr-second.")
    expect(author.get_by_role("button", name="Continue: check what goes live")).to_be_disabled()

    # The second lead reviews the draft and approves it as it is.
    second = new_context(viewport=size).new_page()
    sign_in(second, "dr-second", "/admin/triage/release/publish/")
    expect(second.locator(".draft-authors")).to_contain_text("dr-author, dr-editor")
    expect(second.locator("#content")).to_contain_text("settles by itself within a few weeks")
    screenshot(second, "admin-publish-approve")
    second.get_by_role("button", name="Approve this draft").click()
    expect(second.locator(".messagelist .success")).to_contain_text("You approved the draft as it is now")

    # Now the lead who changed it may publish it, after confirming what goes live.
    author.goto("/admin/triage/release/publish/")
    expect(author.locator(".draft-approvals")).to_contain_text("Approved as it is now by: dr-second.")
    author.get_by_label("Change note").fill("Say how soon harmless twitching settles; a question for the GP.")
    author.get_by_role("button", name="Continue: check what goes live").click()
    expect(author.locator("h1")).to_contain_text("Confirm: publish release v2")
    expect(author.locator(".confirm-summary")).to_contain_text("dr-author, dr-editor")
    expect(author.locator(".confirm-summary")).to_contain_text("dr-second")
    expect(author.locator("#content")).to_contain_text("settles by itself within a few weeks")
    assert Release.objects.count() == 1  # nothing is live before the confirmation
    expect_no_violations(author, "the confirmation page before publishing")
    screenshot(author, "admin-confirm-publish")
    author.screenshot(path=str(DOCS / "admin-confirm-publish.png"), full_page=False)
    author.set_viewport_size({"width": 390, "height": 844})
    screenshot(author, "admin-confirm-publish-phone")
    author.set_viewport_size(size)
    author.get_by_role("button", name="Yes, publish release v2 now").click()
    expect(author.locator(".messagelist .success")).to_contain_text("Published release v2")
    release = Release.objects.first()
    assert release.version == 2 and release.published_by.username == "dr-author"
    assert SUMMARY in {c.summary for c in get_knowledge().conditions}

    # The history: who, why, and the words that changed.
    lead = second
    lead.goto(f"/admin/triage/condition/{condition.pk}/history/")
    row = lead.locator("#change-history tbody tr", has_text=REASON)
    expect(row).to_contain_text("dr-editor")
    expect(row.locator("ins").first).to_be_visible()
    assert old_summary != SUMMARY
    expect_no_violations(lead, "a condition's history with reasons and word diffs")
    screenshot(lead, "admin-history-word-diff")
    lead.locator("#change-history").screenshot(path=str(DOCS / "admin-history-word-diff.png"))
