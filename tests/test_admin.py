"""The real Django admin: a clinician adds an answer option and links it to a condition."""

from __future__ import annotations

import pytest

from triage.models import Assessment, Condition, ConditionFinding, Finding, Question

pytestmark = pytest.mark.django_db


def test_each_knowledge_page_opens_for_staff(admin_client):
    for path in ["source", "step", "question", "finding", "condition", "redflag", "assessment"]:
        assert admin_client.get(f"/admin/triage/{path}/").status_code == 200, path
    condition = Condition.objects.first()
    assert admin_client.get(f"/admin/triage/condition/{condition.pk}/change/").status_code == 200


def test_a_clinician_adds_an_answer_option_through_the_admin(admin_client, client):
    question = Question.objects.get(code="symptoms")
    response = admin_client.post(
        "/admin/triage/finding/add/",
        {
            "code": "sym-hiccups",
            "question": question.pk,
            "label_en_gb": "Hiccups that will not stop",
            "help_text_en_gb": "",
            "order": 5,
            "condition_links-TOTAL_FORMS": "1",
            "condition_links-INITIAL_FORMS": "0",
            "condition_links-0-condition": Condition.objects.get(code=Condition.objects.first().code).pk,
            "condition_links-0-ratio": "10.0",
            "change_reason": "Persistent hiccups can come with brainstem problems",
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    finding = Finding.objects.get(code="sym-hiccups")
    assert ConditionFinding.objects.filter(finding=finding, ratio=10).exists()


def test_a_ratio_off_the_scale_is_refused_with_a_message(admin_client):
    condition = Condition.objects.first()
    finding = Finding.objects.get(code="loc-calves")
    data = {
        "code": "x-test",
        "name_en_gb": "X",
        "summary_en_gb": "s",
        "prevalence": "common",
        "sources": [s.pk for s in condition.sources.all()],
        "finding_links-TOTAL_FORMS": "1",
        "finding_links-INITIAL_FORMS": "0",
        "finding_links-0-finding": finding.pk,
        "finding_links-0-ratio": "9",
    }
    response = admin_client.post("/admin/triage/condition/add/", data)
    assert response.status_code == 200
    message = "Choose a likelihood ratio from the scale: above 1 for, below 1 against."
    assert message in response.content.decode()
    assert not Condition.objects.filter(code="x-test").exists()


def test_assessments_are_read_only(admin_client):
    assessment = Assessment.objects.create(answers={}, result={"urgency": "routine"}, urgency="routine")
    assert admin_client.get("/admin/triage/assessment/add/").status_code == 403
    response = admin_client.post(
        f"/admin/triage/assessment/{assessment.pk}/change/", {"urgency": "emergency"}
    )
    assert response.status_code == 403
    assessment.refresh_from_db()
    assert assessment.urgency == "routine"


def test_the_public_cannot_reach_the_admin(client):
    response = client.get("/admin/triage/condition/")
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]
