"""The "Changes waiting" page in a real browser at a desktop width: a clinical editor reads what the
draft changes, before and after, and axe-core finds nothing to fix on it."""

from __future__ import annotations

from playwright.sync_api import Page, expect

from tests.admin_data import staff_user
from tests.browser.test_admin_draft import expect_no_violations, sign_in
from triage.models import Condition, ConditionFinding, RedFlag
from triage.vocabulary import Ratio, Urgency

WAITING = "/admin/triage/release/waiting/"


def test_an_editor_reads_the_changes_waiting_before_and_after(page: Page, screenshot) -> None:
    staff_user("dr-editor", "Clinical editor")
    condition = Condition.objects.get(code="benign-twitches")
    condition.summary = condition.summary.replace("very common", "common", 1) + " Most people need no tests."
    condition.save()
    link = ConditionFinding.objects.filter(condition=condition).order_by("pk").first()
    old_ratio = Ratio(link.ratio)
    link.ratio = Ratio.SLIGHTLY_FOR if old_ratio != Ratio.SLIGHTLY_FOR else Ratio.FOR
    link.save()
    flag = RedFlag.objects.order_by("code").first()
    flag.urgency = Urgency.URGENT if flag.urgency != Urgency.URGENT else Urgency.EMERGENCY
    flag.save()

    page.set_viewport_size({"width": 1280, "height": 900})
    sign_in(page, "dr-editor", WAITING)
    expect(page.get_by_role("heading", name="Changes waiting", level=1)).to_be_visible()
    summary = page.locator(".diff-item", has=page.locator("caption", has_text=condition.name)).first
    expect(summary.locator("ins").last).to_have_text("Most people need no tests.")
    expect(summary.locator("del").first).to_have_text("very")
    ratio = page.locator(".diff-item", has=page.get_by_text(f"{condition.name}: {link.finding.label}"))
    expect(ratio).to_contain_text(f"{old_ratio.label} → {Ratio(link.ratio).label}")
    # The banner counts conditions, not their links: the ratio is part of the condition's change.
    expect(page.locator("#draft-banner")).to_contain_text("2 changes waiting.")

    expect_no_violations(page, "the changes waiting, at 1280 px")
    screenshot(page, "admin-changes-waiting")
