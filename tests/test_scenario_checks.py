"""The shared scenario checks (triage/scenarios/checks.py): clear messages for bad scenarios and real
failures."""

from __future__ import annotations

import json

import pytest

from tests.helpers import SCENARIO_DIR
from triage.scenarios import checks as scenarios
from triage.scenarios import formats
from triage.vocabulary import short_words


def a_scenario(name: str = "runner-calf-twitch") -> dict:
    return json.loads((SCENARIO_DIR / f"{name}.json").read_text())


def test_a_good_scenario_has_no_format_problems():
    assert scenarios.file_format_problems(a_scenario()) == []


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ([], "one JSON object"),
        ({"name": "x", "description": "y", "answers": {"age": ["a"]}}, "Missing expected"),
        ({**a_scenario(), "colour": "red"}, "Unknown entries ['colour']"),
        ({**a_scenario(), "partial": "yes"}, '"partial" must be true or false'),
        ({**a_scenario(), "answers": ["em-none"]}, "Answers must be an object"),
        ({**a_scenario(), "answers": {"age": "age-18-39"}}, "Answers to 'age' must be a list"),
        ({**a_scenario(), "answers": {"age": []}}, "empty list"),
        ({**a_scenario(), "expected": {}}, '"urgency_at_least" (the lowest safe urgency) is required'),
        ({**a_scenario(), "expected": {"urgency_at_least": "later"}}, "'later' is not one of"),
        (
            {**a_scenario(), "expected": {"urgency_at_least": "soon", "top_three": "bfs"}},
            '"top_three" must be a list',
        ),
        (
            {**a_scenario(), "expected": {"urgency_at_least": "soon", "probable": ["bfs"]}},
            "Unknown entries ['probable']",
        ),
        (
            {**a_scenario(), "expected": {"urgency_at_least": "routine", "urgency_at_most": "self_care"}},
            '"urgency_at_most" must be at least as urgent as "urgency_at_least"',
        ),
    ],
)
def test_a_badly_shaped_scenario_gets_a_clear_message(data, message):
    problems = scenarios.file_format_problems(data)
    assert any(message in problem for problem in problems), problems


def test_a_scenario_that_does_not_fit_the_questionnaire_is_reported(knowledge):
    data = a_scenario()
    data["answers"] = {**data["answers"], "age": ["age-18-39", "age-40-49"], "mystery": ["x"]}
    data["answers"].pop("sides")
    data["expected"] = {**data["expected"], "top_three": ["no-such-condition"], "red_flags": ["no-flag"]}
    problems = scenarios.run(data, knowledge).problems
    assert "There is no question 'mystery'." in problems
    assert "age takes one answer only." in problems
    assert "The required question 'sides' is not answered." in problems
    assert "Expected result: there is no condition 'no-such-condition'." in problems
    assert "Expected result: there is no red flag 'no-flag'." in problems


def test_a_wrong_expectation_fails_with_what_happened_instead(knowledge):
    data = a_scenario()
    data["expected"] = {
        "urgency_at_least": "urgent",
        "urgency_at_most": "urgent",
        "most_likely": "als-mnd",
        "top_three": ["als-mnd"],
        "do_not_miss": ["tick-paralysis"],
        "red_flags": ["some-flag"],
        "not_listed": ["exercise-fatigue"],
    }
    result = scenarios.run(data, knowledge)
    assert not result.passed
    got = result.outcome
    urgency = short_words(got.urgency)
    assert f"Urgency should be Urgent (today) but is {urgency}." in result.failures
    assert f"Most likely should be als-mnd but is {got.most_likely}." in result.failures
    assert "als-mnd should be in the top three but is not." in result.failures
    assert "tick-paralysis should be listed (likely or do not miss) but is not." in result.failures
    assert "Red flags should include some-flag but are none." in result.failures
    assert "exercise-fatigue should not be listed but is." in result.failures


def test_a_partial_scenario_answers_only_the_emergency_screen(knowledge):
    data = a_scenario("emergency-seizure")
    assert data.get("partial") is True
    assert scenarios.run(data, knowledge).passed
    data["answers"] = {**data["answers"], "age": ["age-18-39"]}
    problems = scenarios.run(data, knowledge).problems
    assert any("answers only the 'start' step" in p for p in problems)


def test_changes_describe_a_different_result_in_plain_words():
    before = scenarios.Outcome("routine", "bfs", ("benign-twitches",), (), (), ())
    after = scenarios.Outcome("urgent", "benign-twitches", (), ("als-mnd",), (), ("weakness",))
    names = {"bfs": "Benign fasciculation syndrome", "als-mnd": "Motor neurone disease"}
    assert scenarios.changes(before, after, names) == [
        "Urgency: Routine GP appointment → Urgent (today)",
        "Most likely: Benign fasciculation syndrome → benign-twitches",
        "Other likely: drops benign-twitches",
        "Do not miss: adds Motor neurone disease",
        "Red flags: adds weakness",
    ]
    assert scenarios.changes(before, before, names) == []


def test_exports_put_json_keys_back_in_a_fixed_order_whatever_the_database_returns():
    # PostgreSQL's jsonb hands keys back sorted by length, not in the order they were saved.
    answers = {"sides": ["side-both"], "age": ["age-50-74"], "location": ["loc-thighs"]}
    expected = {
        "red_flags": [],
        "not_listed": [],
        "urgency_at_most": "routine",
        "urgency_at_least": "routine",
        "top_three": [],
    }
    ordered_answers, ordered_expected = formats.in_canonical_order(
        answers, expected, ["age", "location", "sides"]
    )
    assert list(ordered_answers) == ["age", "location", "sides"]
    assert list(ordered_expected) == [
        "urgency_at_least",
        "urgency_at_most",
        "top_three",
        "red_flags",
        "not_listed",
    ]
    assert ordered_answers == answers and ordered_expected == expected
