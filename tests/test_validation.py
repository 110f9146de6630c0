"""Validation of clinicians' edits: clear messages on the admin page, never a server error."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from tests.admin_data import condition_data, question_data, red_flag_data
from triage.models import Condition, ConditionFinding, Finding, Question, RedFlag

pytestmark = pytest.mark.django_db


def test_a_red_flag_without_an_answer_option_is_refused(admin_client):
    flag = RedFlag.objects.first()
    response = admin_client.post(
        f"/admin/triage/redflag/{flag.pk}/change/", red_flag_data(flag, findings=[], title="Changed")
    )
    assert response.status_code == 200
    assert "Add at least one answer option: a red flag shows only when answers match." in response.text
    flag.refresh_from_db()
    assert flag.title != "Changed"
    assert flag.findings.exists()


def test_a_red_flag_without_a_source_is_refused(admin_client):
    flag = RedFlag.objects.first()
    response = admin_client.post(f"/admin/triage/redflag/{flag.pk}/change/", red_flag_data(flag, sources=[]))
    assert response.status_code == 200
    assert "Add at least one source: every red flag must cite where it comes from." in response.text
    assert flag.sources.exists()


def test_a_condition_without_a_source_is_refused(admin_client):
    condition = Condition.objects.first()
    response = admin_client.post(
        f"/admin/triage/condition/{condition.pk}/change/", condition_data(condition, sources=[])
    )
    assert response.status_code == 200
    assert "Add at least one source: every condition must cite where it comes from." in response.text
    assert condition.sources.exists()


def test_an_answer_added_twice_to_a_condition_is_a_friendly_error_not_a_server_error(admin_client):
    condition = Condition.objects.get(code="bfs")
    finding = Finding.objects.get(code="loc-face")
    response = admin_client.post(
        f"/admin/triage/condition/{condition.pk}/change/",
        condition_data(condition, new_links=[(finding.pk, 10.0), (finding.pk, 2.0)]),
    )
    assert response.status_code == 200
    assert "is linked more than once here. Keep one link and change its ratio instead." in response.text
    assert not ConditionFinding.objects.filter(condition=condition, finding=finding).exists()


def test_a_second_link_to_an_answer_already_linked_is_a_friendly_error(admin_client):
    link = ConditionFinding.objects.select_related("condition", "finding").first()
    condition = link.condition
    before = condition.finding_links.count()
    response = admin_client.post(
        f"/admin/triage/condition/{condition.pk}/change/",
        condition_data(condition, new_links=[(link.finding_id, 0.2)]),
    )
    assert response.status_code == 200
    assert "This answer is already linked to this condition. Change the ratio of the existing link" in (
        response.text
    )
    assert condition.finding_links.count() == before


def test_a_condition_linked_twice_from_the_answer_page_is_a_friendly_error(admin_client):
    # An answer no condition is linked to yet.
    finding = Finding.objects.get(code="loc-buttocks")
    condition = Condition.objects.get(code="bfs")
    data = {
        "code": finding.code,
        "question": finding.question_id,
        "label_en_gb": finding.label,
        "help_text_en_gb": finding.help_text,
        "order": finding.order,
        "condition_links-TOTAL_FORMS": "2",
        "condition_links-INITIAL_FORMS": "0",
        "condition_links-0-condition": condition.pk,
        "condition_links-0-ratio": "2.0",
        "condition_links-1-condition": condition.pk,
        "condition_links-1-ratio": "10.0",
    }
    response = admin_client.post(f"/admin/triage/finding/{finding.pk}/change/", data)
    assert response.status_code == 200
    assert "is linked more than once here" in response.text
    assert not finding.condition_links.exists()


def test_the_database_rule_against_duplicate_links_reads_as_a_plain_message():
    link = ConditionFinding.objects.first()
    duplicate = ConditionFinding(condition=link.condition, finding=link.finding, ratio=2)
    with pytest.raises(ValidationError) as error:
        duplicate.full_clean()
    assert "This answer is already linked to this condition." in str(error.value)


@pytest.mark.parametrize("ratio", ["0", "1", "3", "-2", "two"])
def test_a_ratio_off_the_scale_is_refused(admin_client, ratio):
    condition = Condition.objects.get(code="bfs")
    finding = Finding.objects.get(code="loc-face")
    response = admin_client.post(
        f"/admin/triage/condition/{condition.pk}/change/",
        condition_data(condition, new_links=[(finding.pk, ratio)]),
    )
    assert response.status_code == 200
    assert "Choose a likelihood ratio from the scale: above 1 for, below 1 against." in response.text
    assert not ConditionFinding.objects.filter(condition=condition, finding=finding).exists()


def test_a_ratio_off_the_scale_is_refused_by_the_model_too():
    link = ConditionFinding.objects.first()
    link.ratio = 3
    with pytest.raises(ValidationError) as error:
        link.full_clean()
    assert "Choose a likelihood ratio from the scale" in str(error.value)


def test_a_valid_new_link_is_saved(admin_client):
    condition = Condition.objects.get(code="bfs")
    finding = Finding.objects.get(code="loc-face")
    response = admin_client.post(
        f"/admin/triage/condition/{condition.pk}/change/",
        condition_data(condition, new_links=[(finding.pk, "0.2")]),
    )
    assert response.status_code == 302, response.text[:2000]
    assert ConditionFinding.objects.get(condition=condition, finding=finding).ratio == 0.2


def test_a_follow_up_rule_pointing_at_a_later_step_is_refused(admin_client):
    question = Question.objects.get(code="onset-when")
    later = Finding.objects.get(code="sym-weakness")
    response = admin_client.post(
        f"/admin/triage/question/{question.pk}/change/", question_data(question, show_when=[later.pk])
    )
    assert response.status_code == 200
    assert "which is asked after this question. Only answers to earlier questions can reveal" in response.text
    assert not question.show_when.exists()


def test_a_follow_up_rule_pointing_at_its_own_answers_is_refused(admin_client):
    question = Question.objects.get(code="onset-when")
    own = question.findings.first()
    response = admin_client.post(
        f"/admin/triage/question/{question.pk}/change/", question_data(question, show_when=[own.pk])
    )
    assert response.status_code == 200
    assert "is an answer to this same question." in response.text
    assert not question.show_when.exists()


def test_a_follow_up_rule_pointing_at_an_earlier_answer_is_saved(admin_client):
    question = Question.objects.get(code="onset-speed")
    trigger = Finding.objects.filter(question__code="age").first()
    response = admin_client.post(
        f"/admin/triage/question/{question.pk}/change/", question_data(question, show_when=[trigger.pk])
    )
    assert response.status_code == 302, response.text[:2000]
    assert list(question.show_when.all()) == [trigger]


def test_a_red_flag_needing_two_answers_to_a_one_answer_question_is_refused(admin_client):
    flag = RedFlag.objects.first()
    both = list(Finding.objects.filter(question__code="onset-speed")[:2])
    response = admin_client.post(
        f"/admin/triage/redflag/{flag.pk}/change/", red_flag_data(flag, findings=[f.pk for f in both])
    )
    assert response.status_code == 200
    assert "A person can never give all of these answers, so the warning would never show" in response.text
    assert set(flag.findings.all()) != set(both)
