"""Clinical scenarios as data: each file in tests/scenarios/ is a complete questionnaire and what the
engine must make of it, run against the real knowledge base from fixtures/.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from triage import engine

SCENARIO_DIR = Path(__file__).resolve().parent / "scenarios"
SCENARIO_FILES = sorted(SCENARIO_DIR.glob("*.json"))
TOP_KEYS = {"name", "description", "answers", "expected", "partial"}
EXPECTED_KEYS = {"urgency", "most_likely", "top_three", "do_not_miss", "red_flags", "not_listed"}
EMERGENCY_STEP = "start"


def load(path: Path) -> dict:
    return json.loads(path.read_text())


def check_answers_are_a_real_questionnaire(scenario: dict, knowledge: engine.Knowledge) -> None:
    """Only known codes, each option under its own question, and every required visible question
    answered, as the flow would insist; an emergency exit answers the first step only."""
    answers = scenario["answers"]
    for question_code, codes in answers.items():
        question = knowledge.questions.get(question_code)
        assert question is not None, f"unknown question {question_code!r}"
        assert codes, f"{question_code}: empty answer"
        for code in codes:
            assert code in knowledge.findings, f"{question_code}: unknown finding {code!r}"
            assert code in question.option_codes, f"{code!r} is not an option of {question_code!r}"
        assert len(codes) == len(set(codes)), f"{question_code}: repeated answer"
        if question.kind == "single":
            assert len(codes) == 1, f"{question_code} takes one answer"
        exclusive = [c for c in codes if knowledge.findings[c].exclusive]
        assert not exclusive or len(codes) == 1, f"{question_code}: {exclusive} cannot go with others"

    partial = scenario.get("partial", False)
    given: set[str] = set()
    for step in knowledge.steps:
        for question in step.questions:
            visible = engine.is_visible(question, frozenset(given))
            answered = question.code in answers
            if partial and step.code != EMERGENCY_STEP:
                assert not answered, f"a partial scenario answers only the {EMERGENCY_STEP!r} step"
                continue
            if not visible:
                assert not answered, f"{question.code} is not asked with these answers"
                continue
            if question.required:
                assert answered, f"required question {question.code!r} is not answered"
            given.update(answers.get(question.code, ()))
    if partial:
        assert any(not knowledge.findings[c].exclusive for c in answers.get("emergency-signs", ())), (
            "a partial scenario is an emergency exit: it must give an emergency sign"
        )


def listed_codes(result: engine.Assessment) -> list[str]:
    return [match.condition.code for match in result.listed]


@pytest.mark.parametrize("path", SCENARIO_FILES, ids=[p.stem for p in SCENARIO_FILES])
def test_scenario(path: Path, knowledge: engine.Knowledge) -> None:
    scenario = load(path)
    assert set(scenario) <= TOP_KEYS and {"name", "description", "answers", "expected"} <= set(scenario)
    expected = scenario["expected"]
    assert set(expected) <= EXPECTED_KEYS and "urgency" in expected
    check_answers_are_a_real_questionnaire(scenario, knowledge)
    condition_codes = {c.code for c in knowledge.conditions}
    for key in ("top_three", "do_not_miss", "not_listed"):
        assert set(expected.get(key, ())) <= condition_codes, f"{key}: unknown condition"
    assert set(expected.get("red_flags", ())) <= {f.code for f in knowledge.red_flags}, "unknown red flag"

    result = engine.assess(scenario["answers"], knowledge)
    most_likely = result.most_likely.condition.code if result.most_likely else None
    other_likely = [m.condition.code for m in result.other_likely]
    do_not_miss = [m.condition.code for m in result.do_not_miss]
    fired = sorted(f.red_flag.code for f in result.red_flags)
    summary = (
        f"urgency={result.urgency} most_likely={most_likely} other_likely={other_likely} "
        f"do_not_miss={do_not_miss} rare={[m.condition.code for m in result.rare]} "
        f"red_flags={fired}"
    )

    assert result.urgency == expected["urgency"], summary
    if "most_likely" in expected:
        assert most_likely == expected["most_likely"], summary
    head = [most_likely, *other_likely[:2]]
    for code in expected.get("top_three", ()):
        assert code in head, f"{code} not in the top three: {summary}"
    for code in expected.get("do_not_miss", ()):
        assert code in [most_likely, *other_likely, *do_not_miss], f"{code} not listed: {summary}"
    if "red_flags" in expected:
        assert fired == sorted(expected["red_flags"]), summary
    for code in expected.get("not_listed", ()):
        assert code not in listed_codes(result), f"{code} should not be listed: {summary}"


def test_scenarios_fire_every_red_flag(knowledge: engine.Knowledge) -> None:
    fired: set[str] = set()
    for path in SCENARIO_FILES:
        result = engine.assess(load(path)["answers"], knowledge)
        fired.update(f.red_flag.code for f in result.red_flags)
    never = sorted({f.code for f in knowledge.red_flags} - fired)
    assert not never, f"no scenario fires these red flags: {never}"


def test_every_condition_is_listed_by_some_scenario(knowledge: engine.Knowledge) -> None:
    listed: set[str] = set()
    for path in SCENARIO_FILES:
        listed.update(listed_codes(engine.assess(load(path)["answers"], knowledge)))
    never = sorted({c.code for c in knowledge.conditions} - listed)
    assert not never, f"no scenario lists these conditions: {never}"


def test_scenarios_cover_every_urgency_level() -> None:
    covered = {load(path)["expected"]["urgency"] for path in SCENARIO_FILES}
    assert covered == set(engine.URGENCY_ORDER)


def test_every_emergency_screen_answer_is_an_emergency(knowledge: engine.Knowledge) -> None:
    question = knowledge.questions["emergency-signs"]
    for option in question.options:
        if option.exclusive:
            continue
        result = engine.assess({question.code: [option.code]}, knowledge)
        assert result.urgency == "emergency", option.code
