"""A saved assessment's admin page shows the result as the person saw it and the summary for the
doctor as text, not the stored JSON; the scenario runner links to its coverage from the top."""

from __future__ import annotations

import pytest

from tests.helpers import complete
from triage.models import Assessment

pytestmark = pytest.mark.django_db


def test_an_assessment_page_shows_the_result_and_the_summary_not_json(client, admin_client) -> None:
    complete(client)
    assessment = Assessment.objects.get()
    html = admin_client.get(f"/admin/triage/assessment/{assessment.pk}/change/").text
    seen = html[html.index("The result as the person saw it") :]
    summary = html[html.index("The summary for the doctor</h2>") :]
    result = assessment.result
    for flag in result.get("red_flags", []):
        assert flag["title"] in seen
    for cause in result["tiers"]["most_likely"]:
        assert cause["name"] in seen and cause["name"] in summary
    assert "Warning signs, with the answers that raised them" in summary or "No warning signs" in summary
    assert "Possible causes, with what to consider for each" in summary
    # The stored JSON is not on the page: none of its keys in quotes.
    assert "&quot;tiers&quot;" not in html and '"tiers"' not in html
    assert f'href="/results/{assessment.pk}/"' in seen or f"/results/{assessment.pk}" in seen


def test_the_runner_links_to_its_coverage_from_the_top(admin_client) -> None:
    html = admin_client.get("/admin/triage/scenario/run/").text
    link = html.index('href="#coverage-heading"')
    assert link < html.index("scenario-results") < html.index('id="coverage-heading"')


def test_an_assessment_with_a_bare_result_still_opens(admin_client) -> None:
    assessment = Assessment.objects.create(answers={}, result={"urgency": "routine"}, urgency="routine")
    response = admin_client.get(f"/admin/triage/assessment/{assessment.pk}/change/")
    assert response.status_code == 200
    assert "The summary for the doctor" in response.text
