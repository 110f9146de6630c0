"""Who may mark translations reviewed and warnings intended, who sees saved assessments, and the log
of every view and export of one by staff (issue 22, item 3; issue 20, item 5)."""

from __future__ import annotations

import pytest
from auditlog.models import LogEntry
from django.contrib.auth.models import Group
from django.core.management import call_command

from tests.admin_data import REASON, question_data, red_flag_data, staff_user
from tests.helpers import complete
from triage import access_log
from triage.admin.translations import tick_name
from triage.models import AcceptedWarning, Assessment, Question, RedFlag

pytestmark = pytest.mark.django_db

TICK = tick_name("title", "zh-hant")


def a_flag_with_chinese() -> RedFlag:
    flag = RedFlag.objects.exclude(title_zh_hant__isnull=True).exclude(title_zh_hant="").first()
    assert flag is not None
    return flag


def zh_reviewed(flag: RedFlag) -> list[str]:
    flag.refresh_from_db()
    return list((flag.reviewed_translations or {}).get("zh-hant", ()))


@pytest.mark.parametrize("role", ["Clinical lead", "Clinical reviewer"])
def test_a_lead_or_a_reviewer_marks_a_translation_reviewed(client, role):
    client.force_login(staff_user("dr-check", role))
    flag = a_flag_with_chinese()
    assert "title" not in zh_reviewed(flag)
    response = client.post(f"/admin/triage/redflag/{flag.pk}/change/", {**red_flag_data(flag), TICK: "on"})
    assert response.status_code == 302
    assert "title" in zh_reviewed(flag)


def test_an_editor_cannot_mark_a_translation_reviewed_even_by_posting_the_tick(client):
    client.force_login(staff_user("dr-editor", "Clinical editor"))
    flag = a_flag_with_chinese()
    page = client.get(f"/admin/triage/redflag/{flag.pk}/change/").content.decode()
    assert "Only a clinical lead or a clinical reviewer can tick this." in page
    response = client.post(f"/admin/triage/redflag/{flag.pk}/change/", {**red_flag_data(flag), TICK: "on"})
    assert response.status_code == 302
    assert "title" not in zh_reviewed(flag)


@pytest.mark.parametrize(("role", "ticked"), [("Clinical editor", False), ("Clinical lead", True)])
def test_only_a_reviewer_ticks_an_answer_option_on_its_questions_page(client, role, ticked):
    client.force_login(staff_user("dr-someone", role))
    question = Question.objects.get(code="symptoms")
    option = question.findings.first()
    assert option.label_zh_hant and "label" not in (option.reviewed_translations or {}).get("zh-hant", ())
    data = {**question_data(question), "findings-0-" + tick_name("label", "zh-hant"): "on"}
    assert client.post(f"/admin/triage/question/{question.pk}/change/", data).status_code == 302
    option.refresh_from_db()
    assert ("label" in (option.reviewed_translations or {}).get("zh-hant", ())) is ticked


def test_an_editors_edit_of_a_reviewed_chinese_text_still_takes_its_tick_away(client):
    flag = a_flag_with_chinese()
    flag.reviewed_translations = {"zh-hant": ["title"]}
    flag.save()
    client.force_login(staff_user("dr-editor", "Clinical editor"))
    data = {**red_flag_data(flag), "title_zh_hant": flag.title_zh_hant + "。", TICK: "on"}
    assert client.post(f"/admin/triage/redflag/{flag.pk}/change/", data).status_code == 302
    assert "title" not in zh_reviewed(flag)


def test_an_editor_cannot_mark_a_warning_intended(client):
    client.force_login(staff_user("dr-editor", "Clinical editor"))
    check = client.get("/admin/triage/knowledge-check/").content.decode()
    assert "Mark as intended" not in check
    data = {
        "kind": "source",
        "code": "x",
        "warning": "unused-source",
        "reason": "Mine",
        "change_reason": REASON,
    }
    assert client.post("/admin/triage/acceptedwarning/add/", data).status_code == 403
    warning = AcceptedWarning.objects.first()
    assert (
        client.post(f"/admin/triage/acceptedwarning/{warning.pk}/delete/", {"post": "yes"}).status_code == 403
    )
    assert not AcceptedWarning.objects.filter(code="x").exists()
    assert AcceptedWarning.objects.filter(pk=warning.pk).exists()


@pytest.mark.parametrize("role", ["Clinical lead", "Clinical reviewer"])
def test_a_lead_or_a_reviewer_marks_a_warning_intended(client, role):
    client.force_login(staff_user("dr-check", role))
    assert "Mark as intended" in client.get("/admin/triage/knowledge-check/").content.decode()
    data = {
        "kind": "source",
        "code": "x",
        "warning": "unused-source",
        "reason": "Kept",
        "change_reason": REASON,
    }
    assert client.post("/admin/triage/acceptedwarning/add/", data).status_code == 302
    assert AcceptedWarning.objects.filter(code="x").exists()


def test_create_clinician_makes_a_reviewer(monkeypatch):
    monkeypatch.setenv("CLINICIAN_PASSWORD", "a-long-test-password-42")
    call_command("create_clinician", "dr-review", "--role", "reviewer", "--no-input", verbosity=0)
    user = Group.objects.get(name="Clinical reviewer").user_set.get()
    assert user.username == "dr-review" and user.is_staff
    assert user.has_perm("triage.review_translations") and not user.has_perm("triage.publish_release")


def test_only_a_lead_sees_saved_assessments(client):
    complete(client)
    assessment = Assessment.objects.get()
    for role in ("Clinical editor", "Clinical reviewer"):
        client.force_login(staff_user(f"dr-{role.split()[1].lower()}", role))
        assert client.get("/admin/triage/assessment/").status_code == 403
        assert client.get(f"/admin/triage/assessment/{assessment.pk}/change/").status_code == 403
        assert client.get(f"/admin/triage/assessment/{assessment.pk}/fhir.json").status_code == 403
    assert not LogEntry.objects.filter(action=LogEntry.Action.ACCESS).exists()


def test_every_view_and_export_of_an_assessment_by_staff_is_logged(client):
    complete(client)
    assessment = Assessment.objects.get()
    # The person's own views are not logged: they are not signed in.
    client.get(f"/results/{assessment.pk}/print/")
    assert not LogEntry.objects.exists()

    lead = staff_user("dr-lead", "Clinical lead")
    client.force_login(lead)
    assert client.get(f"/admin/triage/assessment/{assessment.pk}/change/").status_code == 200
    assert client.get(f"/admin/triage/assessment/{assessment.pk}/fhir.json").status_code == 200
    assert client.get(f"/results/{assessment.pk}/print/").status_code == 200
    assert client.get(f"/results/{assessment.pk}/summary.pdf").status_code == 200
    entries = list(access_log.accesses(assessment).order_by("timestamp"))
    assert [e.additional_data["what"] for e in entries] == [
        access_log.ADMIN_PAGE,
        access_log.FHIR,
        access_log.SUMMARY,
        access_log.PDF,
    ]
    assert {e.actor for e in entries} == {lead}
    assert all(e.object_pk == str(assessment.pk) and e.timestamp for e in entries)
    assert entries[1].changes_text == "downloaded it as FHIR (JSON)"


def test_an_administrator_reads_the_log_in_the_admin_and_a_lead_cannot(client, admin_client):
    complete(client)
    assessment = Assessment.objects.get()
    lead = staff_user("dr-lead", "Clinical lead")
    client.force_login(lead)
    client.get(f"/admin/triage/assessment/{assessment.pk}/fhir.json")
    log = admin_client.get("/admin/auditlog/logentry/")
    assert log.status_code == 200
    html = log.content.decode()
    assert "dr-lead" in html and "downloaded it as FHIR (JSON)" in html
    assert client.get("/admin/auditlog/logentry/").status_code == 403
    # From the assessment's own page, the administrator sees who opened that one.
    page = admin_client.get(f"/admin/triage/assessment/{assessment.pk}/change/").content.decode()
    link = f"/admin/auditlog/logentry/?object_pk={assessment.pk}"
    assert link in page
    listed = admin_client.get(link).content.decode()
    assert "downloaded it as FHIR (JSON)" in listed and "opened its page in the admin" in listed
    assert (
        "Who opened or downloaded it"
        not in client.get(f"/admin/triage/assessment/{assessment.pk}/change/").text
    )
