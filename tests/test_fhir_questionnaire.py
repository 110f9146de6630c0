"""What the FHIR Questionnaire carries beside the questions: each step's introduction, the help
texts, the warning signs shown by exactly the answers that raise them, and the Traditional Chinese
texts, all in the download that fhir.resources reads back as valid R4."""

from __future__ import annotations

import itertools
import json
import random
from dataclasses import replace

import pytest
from fhir.resources.R4B.questionnaire import Questionnaire

from triage import engine
from triage.interop import exports, fhir
from triage.regions import deployment_region, fill

pytestmark = pytest.mark.django_db

ZH = "zh-hant"


@pytest.fixture
def downloaded(knowledge) -> tuple[Questionnaire, dict]:
    """The published questionnaire parsed back by fhir.resources, and its JSON data as sent."""
    resource, _ = exports.published_questionnaire()
    text = exports.as_json(resource)
    return Questionnaire.model_validate_json(text), json.loads(text)


def walk(items, parents=()):
    """Every item with the items that hold it, outermost first."""
    for item in items or ():
        yield item, parents
        yield from walk(item.item, (*parents, item))


def by_link_id(questionnaire: Questionnaire) -> dict:
    return {item.linkId: (item, parents) for item, parents in walk(questionnaire.item)}


def translations(element) -> dict[str, str]:
    """lang → content of the standard translation extensions on a `_text` or `_display`."""
    found = {}
    for extension in (element.extension if element else None) or ():
        assert extension.url == "http://hl7.org/fhir/StructureDefinition/translation"
        parts = {part.url: part for part in extension.extension}
        found[parts["lang"].valueCode] = parts["content"].valueString
    return found


def english(text: str) -> str:
    """A knowledge text as the questionnaire gives it: placeholders in the default region's words."""
    return fill(text, deployment_region())


def chinese(knowledge, key: str) -> str:
    return fill(knowledge.translations[ZH][key], deployment_region(), ZH)


def test_each_step_opens_with_its_introduction_in_english_and_traditional_chinese(knowledge, downloaded):
    questionnaire, _ = downloaded
    items = by_link_id(questionnaire)
    introduced = [step for step in knowledge.steps if step.intro and step.questions]
    assert introduced, "the shipped steps have introductions"
    for step in introduced:
        group, _ = items[f"step:{step.code}"]
        intro = group.item[0]
        assert (intro.linkId, intro.type) == (f"intro:{step.code}", "display")
        assert intro.text == english(step.intro)
        if f"step/{step.code}/intro" in knowledge.translations[ZH]:
            assert translations(intro.text__ext) == {"zh-Hant": chinese(knowledge, f"step/{step.code}/intro")}
    assert all(items[f"step:{s.code}"][0].item[0].type == "choice" for s in knowledge.steps if not s.intro)


def test_help_texts_are_help_display_items_inside_their_question(knowledge, downloaded):
    questionnaire, _ = downloaded
    items = by_link_id(questionnaire)
    helped = [q for q in knowledge.questions.values() if q.help_text]
    option_help = [(q, o) for q in knowledge.questions.values() for o in q.options if o.help_text]
    assert helped and option_help, "the shipped questions and answers have help"
    for question in helped:
        help_item, parents = items[f"help:{question.code}"]
        assert parents[-1].linkId == question.code
        assert help_item.type == "display"
        assert help_item.text == english(question.help_text)
        [control] = help_item.extension
        assert control.url == "http://hl7.org/fhir/StructureDefinition/questionnaire-itemControl"
        [code] = control.valueCodeableConcept.coding
        assert (code.system, code.code) == ("http://hl7.org/fhir/questionnaire-item-control", "help")
    for question, option in option_help:
        help_item, parents = items[f"help:{question.code}:{option.code}"]
        assert parents[-1].linkId == question.code
        assert help_item.text == f"{english(option.label)}: {english(option.help_text)}"
        assert help_item.extension[0].valueCodeableConcept.coding[0].code == "help"
    unhelped = [
        q for q in knowledge.questions.values() if not q.help_text and not any(o.help_text for o in q.options)
    ]
    assert all(items[q.code][0].item is None for q in unhelped)


def test_questions_answers_and_steps_carry_their_traditional_chinese_text(knowledge, downloaded):
    questionnaire, data = downloaded
    items = by_link_id(questionnaire)
    zh = knowledge.translations[ZH]
    for question in knowledge.questions.values():
        item, _ = items[question.code]
        assert translations(item.text__ext) == {
            "zh-Hant": chinese(knowledge, f"question/{question.code}/text")
        }
        for option in item.answerOption:
            expected = zh.get(f"finding/{option.valueCoding.code}/label")
            found = translations(option.valueCoding.display__ext)
            assert found == (
                {"zh-Hant": chinese(knowledge, f"finding/{option.valueCoding.code}/label")}
                if expected
                else {}
            )
    for step in knowledge.steps:
        if step.questions and f"step/{step.code}/title" in zh:
            assert translations(items[f"step:{step.code}"][0].text__ext) == {
                "zh-Hant": zh[f"step/{step.code}/title"]
            }
    # As JSON, the translations sit on the primitive's `_text` and `_display`, as FHIR writes them.
    first = data["item"][0]["item"]
    question = next(item for item in first if item["type"] == "choice")
    assert question["_text"]["extension"][0]["extension"][0] == {"url": "lang", "valueCode": "zh-Hant"}
    assert "_display" in question["answerOption"][0]["valueCoding"]


def enabled(chain, given: frozenset[str]) -> bool:
    """Whether an item and every item holding it are enabled, as a FHIR renderer decides from
    enableWhen (answers are codings of the finding system: `=` holds when that answer was given)."""
    for item in chain:
        if not item.enableWhen:
            continue
        hits = [when.answerCoding.code in given for when in item.enableWhen]
        assert len(hits) == 1 or item.enableBehavior in {"all", "any"}
        if not (any(hits) if item.enableBehavior == "any" else all(hits)):
            return False
    return True


def answer_sets(flag: engine.RedFlagInfo):
    """Sets of given answers to try: every subset of the sign's answers when they are few, else the
    ones that just fire it and just fail, and a seeded sample."""
    linked = sorted(flag.linked)
    if len(linked) <= 10:
        for size in range(len(linked) + 1):
            yield from (frozenset(c) for c in itertools.combinations(linked, size))
        return
    rng = random.Random(flag.code)
    firing = set(flag.findings)
    for either in (flag.any_findings, flag.also_any_findings):
        if either:
            firing.add(min(either))
    yield frozenset(firing)
    for code in firing:
        yield frozenset(firing - {code})
    for _ in range(300):
        yield frozenset(c for c in linked if rng.random() < 0.4)


def test_each_warning_sign_shows_for_exactly_the_answers_that_raise_it(knowledge, downloaded):
    questionnaire, _ = downloaded
    items = by_link_id(questionnaire)
    steps = [group.linkId for group in questionnaire.item]
    mixed = [f for f in knowledge.red_flags if f.findings and (f.any_findings or f.also_any_findings)]
    assert mixed, "the shipped signs include ones that need all of some answers and one of others"
    for flag in knowledge.red_flags:
        warning, parents = items[f"warning:{flag.code}"]
        assert warning.type == "display"
        assert warning.text == f"{english(flag.title)}: {english(flag.message)}"
        chain = [*parents, warning]
        for given in answer_sets(flag):
            assert enabled(chain, given) is flag.fires(given), (flag.code, sorted(given))
        # Shown in the step of the last question it depends on, once those answers are given.
        asked = [knowledge.questions[knowledge.findings[c].question_code].step_code for c in flag.linked]
        assert parents[0].linkId == f"step:{max(asked, key=knowledge.step_index)}"
        assert steps.index(parents[0].linkId) >= 0
        for item in chain:
            for when in item.enableWhen or ():
                assert when.question == knowledge.findings[when.answerCoding.code].question_code
                assert when.operator == "="


def test_a_warning_sign_shows_its_traditional_chinese_title_and_message(knowledge, downloaded):
    questionnaire, _ = downloaded
    items = by_link_id(questionnaire)
    flag = next(f for f in knowledge.red_flags if f"redflag/{f.code}/message" in knowledge.translations[ZH])
    warning, _ = items[f"warning:{flag.code}"]
    title = chinese(knowledge, f"redflag/{flag.code}/title")
    assert translations(warning.text__ext) == {
        "zh-Hant": f"{title}：{chinese(knowledge, f'redflag/{flag.code}/message')}"
    }
    assert "{" not in warning.text and "{" not in translations(warning.text__ext)["zh-Hant"]


def test_a_warning_sign_that_can_never_fire_is_left_out_rather_than_given_a_wrong_rule(knowledge):
    flag = next(f for f in knowledge.red_flags if f.findings and f.any_findings)
    assert fhir.firing_levels(flag, knowledge) == [
        ("all", sorted(flag.findings)),
        ("any", sorted(flag.any_findings)),
    ]
    retired = replace(flag, findings=flag.findings | {"a-retired-answer"})
    assert fhir.firing_levels(retired, knowledge) == []
    only_retired = replace(flag, any_findings=frozenset({"a-retired-answer"}))
    assert fhir.firing_levels(only_retired, knowledge) == []
    nothing = replace(flag, findings=frozenset(), any_findings=frozenset())
    assert fhir.firing_levels(nothing, knowledge) == []
    # An unknown answer among several in an "any of" list is simply one that is never given.
    partly = replace(flag, any_findings=flag.any_findings | {"a-retired-answer"})
    assert fhir.firing_levels(partly, knowledge)[1] == ("any", sorted(flag.any_findings))
