"""A question not asked where it cannot apply ("do not ask when"): nobody aged 75 or over, and no
child under 12, is asked whether they are pregnant (issue 21, item 6). The engine, the step page,
the FHIR Questionnaire and the knowledge check agree."""

from __future__ import annotations

import dataclasses

import pytest

from tests.factories import condition, knowledge, question
from tests.helpers import CALM, answer_steps
from triage import engine
from triage.interop.fhir.questionnaires import question_item
from triage.knowledge.check import check

pytestmark = pytest.mark.django_db


def test_the_engine_does_not_ask_about_pregnancy_at_75_or_over():
    from triage.knowledge.published import get_knowledge

    shipped = get_knowledge()
    pregnant = shipped.questions["pregnant"]
    assert engine.is_visible(pregnant, frozenset({"sex-female", "age-50-74"}))
    assert not engine.is_visible(pregnant, frozenset({"sex-female", "age-75-plus"}))
    # An answer sent anyway is dropped, and so is its own follow-up.
    answers = {"age": ["age-75-plus"], "sex": ["sex-female"], "pregnant": ["pregnant-yes"]}
    answers["pregnancy-weeks"] = ["weeks-20-plus"]
    assert engine.clean_answers(answers, shipped) == {"age": ("age-75-plus",), "sex": ("sex-female",)}


def test_the_about_step_does_not_need_a_pregnancy_answer_at_75_or_over(client):
    older = {**CALM, "about": {"age": "age-75-plus", "sex": "sex-female", "known-conditions": ["known-none"]}}
    answer_steps(client, older, upto="onset")  # accepted without one
    younger = {**CALM, "about": {"age": "age-40-49", "sex": "sex-female", "known-conditions": ["known-none"]}}
    answer_steps(client, younger, upto="about")
    page = client.post("/step/about/", younger["about"])
    assert page.status_code == 200
    assert 'name="pregnant"' in page.content.decode()


def test_a_girl_under_12_is_not_asked_about_pregnancy_and_a_girl_of_12_to_17_is(client):
    """A parent answering for a girl of 5 is not asked whether she is pregnant; a teenager can be,
    and pregnancy changes what her twitching may mean (pre-eclampsia, cramps)."""
    from triage.knowledge.published import get_knowledge

    shipped = get_knowledge()
    pregnant = shipped.questions["pregnant"]
    assert not engine.is_visible(pregnant, frozenset({"sex-female", "age-under-12"}))
    assert engine.is_visible(pregnant, frozenset({"sex-female", "age-12-17"}))
    child = {
        **CALM,
        "about": {"age": "age-under-12", "sex": "sex-female", "known-conditions": ["known-none"]},
    }
    answer_steps(client, child, upto="onset")  # accepted without one
    assert 'name="pregnant"' not in client.get("/step/about/").content.decode()
    teen = {"age": "age-12-17", "sex": "sex-female", "known-conditions": ["known-none"]}
    page = client.post("/step/about/", teen)
    assert page.status_code == 200
    assert 'name="pregnant"' in page.content.decode()


def test_the_fhir_questionnaire_says_the_same():
    from triage.knowledge.published import get_knowledge

    shipped = get_knowledge()
    item = question_item(shipped.questions["pregnant"], shipped, "https://example.org")
    conditions = {(c.question, c.operator, c.answerCoding.code) for c in item.enableWhen}
    assert conditions == {
        ("sex", "=", "sex-female"),
        ("age", "!=", "age-75-plus"),
        ("age", "!=", "age-under-12"),
    }
    assert item.enableBehavior == "all"


def test_do_not_ask_when_with_several_triggers_is_an_error():
    base = question("asked", ["yes", "no"], kind="single", show_when=("a", "b"))
    steps = {
        "s1": [question("first", ["a", "b", "c"]), dataclasses.replace(base, hide_when=frozenset({"c"}))]
    }
    problems = check(knowledge(steps, conditions=[condition("x", {"a": 2, "b": 2, "c": 2, "yes": 2})]))
    assert [(p.level, p.code) for p in problems if p.check == "hide-when-with-several-triggers"] == [
        ("error", "asked")
    ]
