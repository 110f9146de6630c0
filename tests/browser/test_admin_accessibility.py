"""axe-core (bundled with axe-playwright-python, run offline) finds nothing to fix at WCAG 2.2 AA on
any admin page, at 1,280 and 1,024 px: every model's list, a change page, an add page and a
history page, and the clinical tools (knowledge check, publish, roll back, the scenario runner and
preview, imports), signed in as an administrator, who sees them all. The browser fixture fails the
test on any console error too (a Content Security Policy refusal included)."""

from __future__ import annotations

from axe_playwright_python.sync_playwright import Axe
from django.contrib import admin
from django.contrib.auth.models import User
from django.test import RequestFactory
from playwright.sync_api import Page, expect

from tests.admin_data import STAFF_PASSWORD
from tests.browser.flow import sign_in
from tests.summaries import SCENARIOS, scenario_assessment
from triage import models
from triage.knowledge.published import get_knowledge

WCAG_22_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
WIDTHS = (1280, 1024)
axe = Axe()


def model_pages() -> list[str]:
    """Each registered model's list, first object's change and history pages, and add page."""
    request = RequestFactory().get("/admin/")
    request.user = User.objects.get(username="root")
    urls = []
    for model, model_admin in admin.site._registry.items():
        base = f"/admin/{model._meta.app_label}/{model._meta.model_name}/"
        urls.append(base)
        first = model.objects.order_by("pk").first()
        if first is not None:
            urls += [f"{base}{first.pk}/change/", f"{base}{first.pk}/history/"]
        if model_admin.has_add_permission(request):
            urls.append(f"{base}add/")
    return urls


def clinical_tools() -> list[str]:
    release = models.Release.objects.order_by("version").first()
    scenario = models.Scenario.objects.order_by("pk").first()
    condition = models.Condition.objects.get(code="benign-twitches")
    weakness = models.Finding.objects.get(code="weak-one-side")
    user = User.objects.get(username="root")
    return [
        "/admin/",
        "/admin/triage/",
        "/admin/password_change/",
        f"/admin/auth/user/{user.pk}/password/",
        "/admin/triage/knowledge-check/",
        "/admin/triage/release/publish/",
        "/admin/triage/release/waiting/",
        f"/admin/triage/release/{release.pk}/rollback/",
        "/admin/triage/scenario/run/",
        "/admin/triage/scenario/import/",
        f"/admin/triage/scenario/{scenario.pk}/preview/",
        f"/admin/triage/condition/{condition.pk}/delete/",
        f"/admin/triage/redflag/?q=weakness&question={weakness.question_id}",
        f"/admin/triage/redflag/?question={weakness.question_id}&answer={weakness.pk}",
    ]


def expect_no_violations(page: Page, where: str) -> None:
    results = axe.run(page, options={"runOnly": {"type": "tag", "values": WCAG_22_AA}})
    assert len(results.response["passes"]) > 10, where  # axe really looked
    assert results.violations_count == 0, f"{where}:\n{results.generate_report()}"


def test_every_admin_page_passes_axe_at_1280_and_1024_px(page: Page) -> None:
    User.objects.create_superuser("root", password=STAFF_PASSWORD)
    scenario_assessment(SCENARIOS / "student-eyelid-caffeine-exams.json", get_knowledge()).save()
    # A change with a reason, so a history page lists one.
    flag = models.RedFlag.objects.get(code="one-sided-weakness")
    flag.title = f"{flag.title} (checked)"
    flag._change_reason = "Checked against the source"
    flag.save()
    urls = clinical_tools() + model_pages()
    assert len(urls) > 60
    sign_in(page, "root")
    for url in urls:
        page.set_viewport_size({"width": WIDTHS[0], "height": 900})
        response = page.goto(url)
        assert response is not None and response.ok, url
        expect(page.locator("html")).to_have_attribute("lang", "en-gb")
        # Folded parts too: a condition's answers by step, a question's options, the filters.
        page.evaluate("() => document.querySelectorAll('details').forEach(d => { d.open = true; })")
        for width in WIDTHS:
            page.set_viewport_size({"width": width, "height": 900})
            expect_no_violations(page, f"{url} at {width} px")
