"""Self-care advice in the admin: a clinician writes an advice item, gives it to a condition (or
picks one another condition already gives), and sees which conditions give each item."""

from __future__ import annotations

import pytest

from tests.admin_data import REASON, condition_data
from triage.knowledge.draft import build_knowledge
from triage.models import Condition, ConditionAdvice, Finding, SelfCareAdvice

pytestmark = pytest.mark.django_db


def advice_data(**changes) -> dict:
    data = {
        "code": "cool-compress",
        "text_en_gb": "A cool, damp cloth on the eyelid may soothe it.",
        "change_reason": REASON,
    }
    return {**data, **changes}


def test_a_clinician_adds_advice_and_gives_it_to_a_condition(admin_client):
    response = admin_client.post("/admin/triage/selfcareadvice/add/", advice_data())
    assert response.status_code == 302, response.content.decode()[:3000]
    advice = SelfCareAdvice.objects.get(code="cool-compress")

    condition = Condition.objects.get(code="benign-twitches")
    response = admin_client.post(
        f"/admin/triage/condition/{condition.pk}/change/", condition_data(condition, new_advice=[advice.pk])
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    assert ConditionAdvice.objects.filter(condition=condition, advice=advice).exists()
    draft = next(c for c in build_knowledge().conditions if c.code == "benign-twitches")
    assert draft.self_care[-1].code == "cool-compress"


def test_advice_that_names_a_medicine_is_refused_unless_it_says_who_takes_it(admin_client):
    text = "Ask your pharmacist whether your inhaler could be the cause."
    response = admin_client.post(
        "/admin/triage/selfcareadvice/add/", advice_data(code="inhaler", text_en_gb=text)
    )
    assert response.status_code == 200
    assert "This advice names a medicine (&#x27;inhaler&#x27;)" in response.content.decode()
    assert not SelfCareAdvice.objects.filter(code="inhaler").exists()

    inhaler = Finding.objects.get(code="med-inhaler")
    response = admin_client.post(
        "/admin/triage/selfcareadvice/add/", advice_data(code="inhaler", text=text, only_if=[inhaler.pk])
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    assert list(SelfCareAdvice.objects.get(code="inhaler").only_if.all()) == [inhaler]


def test_giving_a_condition_the_same_advice_twice_is_refused(admin_client):
    condition = Condition.objects.get(code="benign-twitches")
    already = condition.advice_links.first().advice
    response = admin_client.post(
        f"/admin/triage/condition/{condition.pk}/change/", condition_data(condition, new_advice=[already.pk])
    )
    assert response.status_code == 200
    assert ConditionAdvice.objects.filter(condition=condition, advice=already).count() == 1


def test_an_advice_page_lists_the_conditions_that_give_it(admin_client):
    advice = SelfCareAdvice.objects.get(code="less-caffeine-and-alcohol")
    html = admin_client.get(f"/admin/triage/selfcareadvice/{advice.pk}/change/").content.decode()
    for code in ("benign-twitches", "caffeine-stimulants", "sleep-deprivation"):
        condition = Condition.objects.get(code=code)
        assert f'href="/admin/triage/condition/{condition.pk}/change/"' in html, code


def test_a_condition_page_finds_existing_advice_by_its_words(admin_client):
    response = admin_client.get(
        "/admin/autocomplete/",
        {"app_label": "triage", "model_name": "conditionadvice", "field_name": "advice", "term": "caffeine"},
    )
    assert response.status_code == 200
    texts = [row["text"] for row in response.json()["results"]]
    assert SelfCareAdvice.objects.get(code="less-caffeine-and-alcohol").text in texts


def test_a_clinical_editor_may_write_advice(client, editor):
    client.force_login(editor)
    assert client.get("/admin/triage/selfcareadvice/add/").status_code == 200
    response = client.post("/admin/triage/selfcareadvice/add/", advice_data())
    assert response.status_code == 302
    assert SelfCareAdvice.objects.filter(code="cool-compress").exists()
