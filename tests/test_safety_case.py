"""The clinical safety case (issue 22 item 9): a hazard log in DCB0129's structure, seeded with this
product's hazards; each release's safety case report as a PDF with every hazard, control and its
scenario evidence on that release; a warning on publishing when a control's scenarios fail; and only
a clinical lead changes the log, with a reason kept in its history."""

from __future__ import annotations

import io
from io import StringIO

import pytest
from django.core.management import call_command
from pypdf import PdfReader

from triage.knowledge.releases import latest_release, publish_release, review_draft
from triage.models import Hazard, HazardControl, RedFlag, Release, Scenario
from triage.safety.report import safety_case
from triage.vocabulary import RISK_MATRIX, Likelihood, Severity, Urgency, risk_rating

pytestmark = pytest.mark.django_db

PUBLISH = "/admin/triage/release/publish/"
HAZARDS = "/admin/triage/hazard/"
SHIPPED = {
    "under-triage",
    "wrong-region-or-number",
    "stale-translation",
    "truncated-summary",
    "wrong-medicine-match",
    "outage",
}


def pdf_text(content: bytes) -> str:
    """The PDF's words on one line; a code cut at a hyphen at the end of a line is joined again."""
    text = " ".join(" ".join(page.extract_text().split()) for page in PdfReader(io.BytesIO(content)).pages)
    return text.replace("- ", "-")


def safety_case_pdf(client, release: Release) -> str:
    response = client.get(f"/admin/triage/release/{release.pk}/safety-case.pdf")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert f'filename="safety-case-v{release.version}.pdf"' in response["Content-Disposition"]
    return pdf_text(response.content)


def lower_the_emergency_flags() -> None:
    """Knowledge that under-triages: no red flag sends anyone to the emergency department any more,
    so the scenarios that test the emergency screen fail."""
    for flag in RedFlag.objects.filter(urgency="emergency"):
        flag.urgency = "routine"
        flag.save()


def test_the_risk_rating_is_the_dcb0129_matrix_lookup_not_a_product():
    assert risk_rating(Severity.MINOR, Likelihood.VERY_LOW) == 1
    assert risk_rating(Severity.MAJOR, Likelihood.VERY_LOW) == 2
    assert risk_rating(Severity.CONSIDERABLE, Likelihood.MEDIUM) == 3
    assert risk_rating(Severity.MAJOR, Likelihood.HIGH) == 4
    assert risk_rating(Severity.CATASTROPHIC, Likelihood.VERY_HIGH) == 5
    assert risk_rating(Severity.MINOR, Likelihood.VERY_HIGH) == 3
    # Never lower for a worse harm or a likelier one.
    for row in RISK_MATRIX:
        assert list(row) == sorted(row)
    for column in zip(*RISK_MATRIX, strict=True):
        assert list(column) == sorted(column)


def test_the_shipped_hazard_log_has_the_six_hazards_each_with_controls_and_evidence():
    assert set(Hazard.objects.values_list("code", flat=True)) == SHIPPED
    for hazard in Hazard.objects.all():
        controls = list(hazard.controls.all())
        assert controls, hazard.code
        assert all(c.scenarios.exists() or c.other_evidence for c in controls), hazard.code
        assert hazard.residual_risk <= hazard.initial_risk, hazard.code
    emergency = HazardControl.objects.get(code="under-triage-emergency-screen")
    assert set(emergency.scenarios.values_list("code", flat=True)) >= {
        "emergency-seizure",
        "emergency-screen-chest-pain",
    }
    assert emergency.red_flags.filter(code="stroke-signs").exists()
    medicines = HazardControl.objects.get(code="medicine-classes-drive-the-reasoning")
    assert medicines.scenarios.filter(code="lithium-tremor-vomiting-diarrhoea").exists()


def test_every_control_holds_on_the_shipped_release():
    case = safety_case(latest_release())
    assert case.controls == HazardControl.objects.count()
    assert case.controls_failing == 0
    assert case.scenarios_passed == case.scenarios_run == Scenario.objects.count()


def test_the_pdf_holds_every_hazard_its_controls_their_evidence_and_the_risk_matrix(client, editor):
    client.force_login(editor)
    text = safety_case_pdf(client, latest_release())
    assert "Clinical safety case report" in text
    assert "NHS England" in text and "DCB0129" in text
    for hazard in Hazard.objects.all():
        assert hazard.name in text
        assert " ".join(hazard.cause.split()) in text
        assert f"rating {hazard.initial_risk}" in text and f"rating {hazard.residual_risk}" in text
        for control in hazard.controls.all():
            assert control.code in text
            assert " ".join(control.description.split())[:60] in text
            for scenario in control.scenarios.all():
                assert f"{scenario.name} ({scenario.code})" in text
            for flag in control.red_flags.all():
                assert flag.code in text
    # Each scenario row says its result (a table cut by a page break reads column by column).
    assert text.count("Passes") == sum(c.scenarios.count() for c in HazardControl.objects.all())
    assert "Fails" not in text
    assert "This is the first release" in text


def test_the_pdf_of_a_later_release_says_what_changed_and_which_control_fails(client, lead):
    lower_the_emergency_flags()
    release = publish_release(user=lead, note="Emergency signs made routine", accept_failing_scenarios=True)
    client.force_login(lead)
    text = safety_case_pdf(client, release)
    assert "Emergency signs made routine" in text
    assert "Compared with release v1" in text
    # What changed, word by word: the red flags' urgency, before and after.
    assert f"{Urgency.EMERGENCY.label} → {Urgency.ROUTINE.label}" in text
    failing = [
        scenario.code
        for hazard in safety_case(release).hazards
        for control in hazard.controls
        for scenario in control.failing
    ]
    assert "emergency-seizure" in failing
    assert text.count("Fails:") == len(failing)
    assert "Controls not shown to work on this release" in text
    # The release before it still holds: each report is about its own release's knowledge.
    assert "Fails" not in safety_case_pdf(client, Release.objects.get(version=1))


def test_the_release_page_and_the_hazard_log_link_the_pdf(client, editor):
    client.force_login(editor)
    release = latest_release()
    link = f"/admin/triage/release/{release.pk}/safety-case.pdf"
    assert link in client.get(f"/admin/triage/release/{release.pk}/change/").content.decode()
    assert link in client.get(HAZARDS).content.decode()


def test_publishing_warns_on_the_review_and_confirmation_pages_when_a_controls_scenario_fails(client, lead):
    client.force_login(lead)
    review = review_draft()
    assert review.control_warnings == []
    assert 'id="control-warnings"' not in client.get(PUBLISH).content.decode()

    lower_the_emergency_flags()
    page = client.get(PUBLISH).content.decode()
    assert 'id="control-warnings"' in page
    assert "under-triage-emergency-screen" in page and "emergency-seizure" in page

    data = {"note": "Emergency signs made routine", "draft_fingerprint": review_draft().fingerprint}
    confirm = client.post(PUBLISH, {**data, "accept_failures": "on"}).content.decode()
    assert "Yes, publish release v2 now" in confirm
    assert 'id="control-warnings"' in confirm
    assert "Under-triage: advice to wait when help is needed sooner" in confirm
    assert "under-triage-emergency-screen" in confirm


def test_the_publish_service_and_command_return_the_warnings_with_the_release(lead):
    lower_the_emergency_flags()
    out = StringIO()
    call_command(
        "publish",
        "--user",
        "lead",
        "--note",
        "Emergency signs made routine",
        "--accept-failing-scenarios",
        stdout=out,
    )
    release = latest_release()
    assert release.version == 2
    assert (
        "Safety case: Hazard “Under-triage: advice to wait when help is needed sooner”, control "
        in out.getvalue()
    )
    assert "under-triage-emergency-screen" in out.getvalue()

    flag = RedFlag.objects.get(code="seizure")
    flag.message = flag.message + " Still routine."
    flag.save()
    again = publish_release(user=lead, note="Reworded", accept_failing_scenarios=True)
    assert any(
        "under-triage-emergency-screen" in w and "emergency-seizure" in w for w in again.safety_warnings
    )


def test_a_clinical_lead_changes_the_hazard_log_with_a_reason_kept_in_its_history(client, lead):
    hazard = Hazard.objects.get(code="outage")
    client.force_login(lead)
    url = f"{HAZARDS}{hazard.pk}/change/"
    page = client.get(url)
    assert page.status_code == 200
    form = page.context["adminform"].form
    data = {name: form.initial.get(name) for name in form.fields if form.initial.get(name) is not None}
    controls = list(hazard.controls.order_by("order", "code"))
    data |= {
        "controls-TOTAL_FORMS": str(len(controls)),
        "controls-INITIAL_FORMS": str(len(controls)),
        "controls-MIN_NUM_FORMS": "0",
        "controls-MAX_NUM_FORMS": "1000",
    }
    for i, control in enumerate(controls):
        data |= {
            f"controls-{i}-id": control.pk,
            f"controls-{i}-hazard": hazard.pk,
            f"controls-{i}-code": control.code,
            f"controls-{i}-order": control.order,
            f"controls-{i}-kind": control.kind,
            f"controls-{i}-description": control.description,
            f"controls-{i}-other_evidence": control.other_evidence,
        }
    data["residual_likelihood"] = Likelihood.VERY_LOW
    refused = client.post(url, data)
    assert refused.status_code == 200 and "Say why you are making this change" in refused.content.decode()

    saved = client.post(url, {**data, "change_reason": "Fault drills every quarter since November"})
    assert saved.status_code == 302
    hazard.refresh_from_db()
    assert hazard.residual_likelihood == Likelihood.VERY_LOW and hazard.residual_risk == 1
    assert hazard.history.first().history_change_reason == "Fault drills every quarter since November"
    history = client.get(f"{HAZARDS}{hazard.pk}/history/").content.decode()
    assert "Fault drills every quarter since November" in history


def test_an_editor_reads_the_hazard_log_but_cannot_change_add_or_delete(client, editor):
    hazard = Hazard.objects.get(code="outage")
    client.force_login(editor)
    assert client.get(HAZARDS).status_code == 200
    page = client.get(f"{HAZARDS}{hazard.pk}/change/").content.decode()
    assert hazard.name in page
    assert 'name="_save"' not in page and 'name="change_reason"' not in page
    assert client.post(f"{HAZARDS}{hazard.pk}/change/", {"name": "Changed"}).status_code == 403
    assert client.get(f"{HAZARDS}add/").status_code == 403
    assert client.post(f"{HAZARDS}{hazard.pk}/delete/", {"post": "yes"}).status_code == 403
    hazard.refresh_from_db()
    assert hazard.name == "The service is down or slow"


def test_rolling_back_to_a_release_whose_controls_fail_warns_on_its_confirmation_page(client, lead):
    lowered = list(RedFlag.objects.filter(urgency="emergency"))
    lower_the_emergency_flags()
    bad = publish_release(user=lead, note="Emergency signs made routine", accept_failing_scenarios=True)
    for flag in lowered:
        flag.save()  # the emergency urgency again
    publish_release(user=lead, note="Emergency signs restored")
    client.force_login(lead)
    confirm = client.post(f"/admin/triage/release/{bad.pk}/rollback/", {"note": "Testing a roll-back"})
    page = confirm.content.decode()
    assert f"Yes, publish release v{bad.version} again now" in page
    assert 'id="control-warnings"' in page and "under-triage-emergency-screen" in page
