"""After the step-by-step flow (htmx swaps every page in place, so the results never load as a page
of their own): the results' Copy link button shows and copies, and "Change an answer" brings the
answers back at the check page, from which new results come at a new link."""

from __future__ import annotations

from playwright.sync_api import expect

from tests.browser.flow import JOURNEYS, RESULTS_TITLE, heading, scenario, walk
from triage.models import Assessment

PHONE = {"width": 375, "height": 667}


def test_after_the_flow_the_link_copies_and_an_answer_can_be_changed(new_context, live_server, screenshot):
    context = new_context(viewport=PHONE, permissions=["clipboard-read", "clipboard-write"])
    page = context.new_page()
    saved = Assessment.objects.count()
    walk(page, scenario(JOURNEYS["self_care"])["answers"])
    assert Assessment.objects.count() == saved + 1
    first = Assessment.objects.order_by("-created_at").first()
    expect(page).to_have_url(f"{live_server.url}{first.get_absolute_url()}")
    copy = page.get_by_role("button", name="Copy link")
    expect(copy).to_be_visible()
    copy.click()
    expect(page.get_by_text("Link copied.")).to_be_visible()
    assert page.evaluate("navigator.clipboard.readText()") == f"{live_server.url}{first.get_absolute_url()}"
    screenshot(page, "results-after-flow-phone")

    page.get_by_role("button", name="Change an answer").click()
    expect(heading(page)).to_have_text("Check your answers")
    expect(page.get_by_text("Your answers are back.")).to_be_visible()
    page.get_by_role("button", name="Get my results").click()
    expect(heading(page)).to_have_text(RESULTS_TITLE)
    # New results at a new link (each showing of the check page is a submission of its own); the
    # results they had stay at theirs.
    assert Assessment.objects.count() == saved + 2
    second = Assessment.objects.order_by("-created_at").first()
    expect(page).to_have_url(f"{live_server.url}{second.get_absolute_url()}")
    assert second.answers == first.answers
    page.goto(first.get_absolute_url())
    expect(heading(page)).to_have_text(RESULTS_TITLE)
