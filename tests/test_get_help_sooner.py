""" "When to get help sooner" names only what would raise the level: signs above the result's own
level, none the person already has, none they cannot come to have, and no rule they have already
passed ("see a GP if it lasts more than 2 weeks" to a man at 4 months). Issue 21, item 4."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.helpers import SCENARIO_DIR, SCENARIO_FILES
from triage import engine
from triage.questionnaire.results import one_answer_away, result_data
from triage.vocabulary import Urgency

pytestmark = pytest.mark.django_db

SEE_A_GP = "See a GP if the twitching lasts more than 2 weeks or spreads to other places"
# What that sentence names: twitching for longer than 2 weeks, in more than one place, weakness, or a
# thinner muscle. A self-care result must have none of them, or the sentence would be a rule passed.
WHAT_THE_GP_RULE_NAMES = {"onset-months", "onset-long", "spread-moving", "sym-weakness", "sym-wasting"}


def outcome_and_result(path: Path, knowledge: engine.Knowledge) -> tuple[engine.Assessment, dict, dict]:
    answers = engine.clean_answers(json.loads(path.read_text())["answers"], knowledge)
    outcome = engine.assess(answers, knowledge)
    return outcome, result_data(outcome, answers, knowledge), answers


@pytest.mark.parametrize("path", SCENARIO_FILES, ids=[p.stem for p in SCENARIO_FILES])
def test_the_signs_to_watch_for_are_above_the_result_and_not_already_there(knowledge, path):
    outcome, result, answers = outcome_and_result(path, knowledge)
    fired = {f.red_flag.title for f in outcome.red_flags}
    by_title = {flag.title: flag for flag in knowledge.red_flags}
    given = {code for codes in answers.values() for code in codes}
    for key, level in (("seek_help_sooner", Urgency.EMERGENCY), ("seek_help_today", Urgency.URGENT)):
        for title in result[key]:
            flag = by_title[title]
            assert flag.urgency == level, (path.stem, title)
            # Not a sign the person has: that one would have set the level already.
            assert title not in fired, (path.stem, title)
            assert not flag.fires(frozenset(given)), (path.stem, title)
    if outcome.urgency in (Urgency.EMERGENCY, Urgency.URGENT):
        assert result["seek_help_today"] == [], path.stem
    # No self-care advice sends the person somewhere at the result's level or a slower one.
    levels = {
        advice.text: advice.only_below
        for c in knowledge.conditions
        for advice in c.self_care
        if advice.only_below
    }
    for text in result["self_care"]:
        if text in levels:
            assert engine.urgency_rank(outcome.urgency) > engine.urgency_rank(levels[text]), (path.stem, text)
    if outcome.urgency == Urgency.EMERGENCY:
        assert result["seek_help_sooner"] == [], path.stem


def gp_rule_problems(html: str, urgency: str, answers: dict) -> list[str]:
    """What is wrong with the "see a GP if" rule on one results page (test_results_say_one_thing
    renders every scenario's page once and calls this): shown only on a self-care result, and only
    to someone who has passed none of it; the old fixed sentence never."""
    given = {code for codes in answers.values() for code in codes}
    problems = []
    if urgency == Urgency.SELF_CARE:
        if SEE_A_GP not in html:
            problems.append("no see-a-GP rule on a self-care result")
        if given & WHAT_THE_GP_RULE_NAMES:
            problems.append(f"the rule is passed already: {sorted(given & WHAT_THE_GP_RULE_NAMES)}")
    elif SEE_A_GP in html:
        problems.append("see-a-GP rule under a result that already says to see someone")
    if "if you notice new weakness, a muscle getting thinner" in html:
        problems.append("the old fixed sentence")
    return problems


def test_no_same_day_sign_needs_a_medicine_the_person_does_not_take(knowledge):
    """Water tablets with weakness is a same-day sign; someone who takes no water tablets is not
    told to watch for it, someone who takes them is (when it fits their causes)."""
    path = SCENARIO_DIR / "new-bendroflumethiazide-cramps-and-twitches.json"
    _outcome, result, answers = outcome_and_result(path, knowledge)
    watching = " ".join(result["seek_help_today"] + result["seek_help_sooner"]).lower()
    assert "med-diuretic" in answers["medicines"]
    assert "water tablets" in watching
    without = {**answers, "medicines": ["med-none"]}
    without.pop("medicine-change", None)
    without.pop("medicine-change-when", None)
    cleaned = engine.clean_answers(without, knowledge)
    other = result_data(engine.assess(cleaned, knowledge), cleaned, knowledge)
    assert "water tablets" not in " ".join(other["seek_help_today"] + other["seek_help_sooner"]).lower()


def test_which_answers_cannot_change_later_is_the_knowledges_word_not_the_codes(knowledge):
    """Issue 23, item 3: a step's answers "do not change later" (who the person is, what happened at
    the start) because the knowledge marks the step so, not because the code names it. Unmarked, an
    operation the person said they did not have is again a sign they could come to have."""
    import dataclasses

    path = SCENARIO_DIR / "new-bendroflumethiazide-cramps-and-twitches.json"
    _outcome, _result, answers = outcome_and_result(path, knowledge)
    assert answers["known-conditions"] == ("known-none",)

    def watching(k: engine.Knowledge) -> str:
        cleaned = engine.clean_answers(answers, k)
        result = result_data(engine.assess(cleaned, k), cleaned, k)
        return " ".join(result["seek_help_today"] + result["seek_help_sooner"]).lower()

    unmarked = dataclasses.replace(
        knowledge, steps=tuple(dataclasses.replace(s, answers_stay=False) for s in knowledge.steps)
    )
    assert {s.code for s in knowledge.steps if s.answers_stay} == {"about", "onset", "medicines"}
    sign = "cramps after a neck or thyroid operation"
    assert sign not in watching(knowledge)
    assert sign in watching(unmarked)


def test_a_sign_is_near_only_when_one_more_answer_would_show_it():
    """ "Jerking of one side that keeps going, begun recently" needs a kind of movement, a side, a
    place and a time: a one-sided eyelid twitch that began this week has two of the four and is not
    near it (the general danger signs are the safety net); with the jerking as well, only the place
    is missing, and it is."""
    flag = engine.RedFlagInfo(
        code="one-sided-jerking",
        title="Jerking of one side that keeps going",
        urgency=Urgency.EMERGENCY,
        message="",
        action="",
        findings=frozenset({"len-minutes", "side-one"}),
        any_findings=frozenset({"loc-face", "loc-hands"}),
        also_any_findings=frozenset({"onset-today", "onset-days"}),
    )
    assert not one_answer_away(flag, frozenset({"side-one", "onset-days", "loc-eyelid"}))
    assert one_answer_away(flag, frozenset({"side-one", "onset-days", "len-minutes"}))
    assert not one_answer_away(flag, frozenset())
    # One answer of its own, and one more would show it.
    pair = engine.RedFlagInfo("pair", "Two together", Urgency.EMERGENCY, "", "", frozenset({"a", "b"}))
    assert one_answer_away(pair, frozenset({"a"})) and not one_answer_away(pair, frozenset({"c"}))
