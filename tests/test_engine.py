"""The engine on small hand-built knowledge: no database, so these run in microseconds.

Each kind of reasoning failure the independent review found has a test here (time course, the
leading serious cause, answers not given, one weak answer, minimum urgency from a likely cause).
"""

from __future__ import annotations

import itertools
import math

import pytest

from tests import factories as f
from triage import engine


@pytest.fixture
def kb() -> engine.Knowledge:
    return f.knowledge(
        {
            "s1": [
                f.question("where", ["calf", "eyelid", "tongue", "hand", "legs"]),
                f.question("age", ["young", "old"], kind="single"),
            ],
            "s2": [
                f.question("symptoms", ["weak", "wasting", "cramp", "numb", "none"], exclusive=("none",)),
                f.question("weak-detail", ["worse", "stable", "one-side"], show_when=("weak",)),
                f.question(
                    "speed", ["minutes", "days", "weeks"], kind="single", show_when=("weak", "wasting")
                ),
            ],
        },
        conditions=[
            f.condition(
                "benign",
                {"calf": 5, "eyelid": 5, "young": 2, "weak": 0.2, "wasting": 0.05},
                prevalence="very_common",
            ),
            f.condition("stress", {"calf": 2, "eyelid": 2}),
            f.condition(
                "mnd",
                {
                    "tongue": 10,
                    "old": 5,
                    "weak": 5,
                    "worse": 10,
                    "wasting": 10,
                    "young": 0.2,
                    "minutes": 0.05,
                },
                prevalence="rare",
                do_not_miss=True,
                key_answers=("tongue", "wasting", "worse"),
            ),
            f.condition("trapped-nerve", {"hand": 2, "weak": 2, "numb": 10}, if_absent={"numb": 0.2}),
            f.condition(
                "stroke",
                {"weak": 2, "one-side": 20, "minutes": 20, "old": 5},
                prevalence="rare",
                do_not_miss=True,
                key_answers=("one-side", "minutes"),
                minimum_urgency="emergency",
            ),
            f.condition(
                "cauda",
                {"legs": 2, "numb": 10},
                prevalence="very_rare",
                do_not_miss=True,
                key_answers=("numb",),
            ),
            f.condition("myopathy", {"weak": 5, "wasting": 5}, prevalence="rare"),
        ],
        red_flags=[
            f.red_flag("weak-worse", "urgent", {"weak", "worse"}),
            f.red_flag("wasting", "soon", {"wasting"}),
            f.red_flag("tongue", "urgent", {"tongue"}),
            f.red_flag("tongue-old", "urgent", {"tongue", "old"}),
            # Any serious symptom that came on within minutes: an emergency, without "severe".
            f.red_flag("sudden", "emergency", {"minutes"}, any_findings={"weak", "wasting"}),
        ],
    )


CALF = {"where": ["calf"], "age": ["young"], "symptoms": ["none"]}


def test_it_gives_self_care_when_no_red_flag_fires(kb):
    result = engine.assess(CALF, kb)
    assert result.urgency == "self_care"
    assert result.red_flags == ()
    assert result.most_likely.condition.code == "benign"


def test_posterior_odds_are_the_prior_odds_times_the_ratios(kb):
    result = engine.assess(CALF, kb)
    benign = result.most_likely
    # very common (0.30): odds 0.3/0.7, × calf 5 × young 2.
    assert benign.log_odds == pytest.approx(math.log(0.3 / 0.7 * 5 * 2))
    assert benign.probability == pytest.approx(0.3 / 0.7 * 10 / (1 + 0.3 / 0.7 * 10))


def test_it_takes_the_most_serious_red_flag(kb):
    result = engine.assess(
        {"where": ["tongue"], "age": ["old"], "symptoms": ["wasting"], "speed": ["weeks"]}, kb
    )
    assert result.urgency == "urgent"
    assert [f.red_flag.code for f in result.red_flags] == ["tongue", "tongue-old", "wasting"]


def test_a_combination_red_flag_needs_every_finding(kb):
    only_weak = engine.assess({"symptoms": ["weak"], "weak-detail": ["stable"], "speed": ["weeks"]}, kb)
    assert "weak-worse" not in {f.red_flag.code for f in only_weak.red_flags}
    both = engine.assess({"symptoms": ["weak"], "weak-detail": ["worse"], "speed": ["weeks"]}, kb)
    assert both.urgency == "urgent"
    assert [x.code for x in both.red_flags[0].findings] == ["weak", "worse"]


def test_time_course_makes_the_same_symptom_an_emergency(kb):
    """Weakness that came on within minutes is an emergency without the word 'severe'; the same
    weakness over weeks is not."""
    sudden = engine.assess({"symptoms": ["weak"], "weak-detail": ["stable"], "speed": ["minutes"]}, kb)
    slow = engine.assess({"symptoms": ["weak"], "weak-detail": ["stable"], "speed": ["weeks"]}, kb)
    assert sudden.urgency == "emergency"
    assert [x.code for x in sudden.red_flags[0].findings] == ["minutes", "weak"]
    assert slow.urgency == "self_care"


def test_a_red_flag_with_any_findings_needs_one_of_them(kb):
    # "minutes" alone (without a serious symptom it belongs to) cannot be answered here; the rule
    # itself is checked on the flag.
    flag = kb.red_flags[-1]
    assert not flag.fires(frozenset({"minutes"}))
    assert flag.fires(frozenset({"minutes", "wasting"}))


def test_a_red_flag_with_two_one_of_lists_needs_an_answer_from_each():
    """Being unwell (one of several signs) together with something new (one of several exposures):
    neither list alone fires it, and the answers that raised it are the ones given."""
    flag = f.red_flag(
        "unwell-after-something-new", "urgent", set(), {"fever", "vomiting"}, {"new-medicine", "bite"}
    )
    assert not flag.fires(frozenset({"fever", "vomiting"}))
    assert not flag.fires(frozenset({"bite"}))
    assert flag.fires(frozenset({"vomiting", "bite"}))
    kb = f.knowledge(
        {
            "s": [
                f.question("unwell", ["fever", "vomiting", "well"], kind="multiple"),
                f.question("exposure", ["new-medicine", "bite", "nothing"], kind="multiple"),
            ]
        },
        red_flags=[flag],
    )
    result = engine.assess({"unwell": ["vomiting"], "exposure": ["bite"]}, kb)
    assert result.urgency == "urgent"
    assert [x.code for x in result.red_flags[0].findings] == ["bite", "vomiting"]
    assert engine.assess({"unwell": ["vomiting"], "exposure": ["nothing"]}, kb).urgency == "self_care"


def test_the_leading_serious_cause_is_most_likely_whatever_its_rarity(kb):
    """Months of worsening weakness, wasting and a tongue twitch in an older person: MND leads, and
    keeps its 'a doctor must rule this out' mark, instead of hiding under 'do not miss'."""
    answers = {
        "where": ["tongue", "legs"],
        "age": ["old"],
        "symptoms": ["weak", "wasting"],
        "weak-detail": ["worse"],
        "speed": ["weeks"],
    }
    result = engine.assess(answers, kb)
    assert result.most_likely.condition.code == "mnd"
    assert result.most_likely.condition.do_not_miss
    assert "mnd" not in {m.condition.code for m in result.do_not_miss}


def test_an_answer_not_given_counts_against_when_a_clinician_says_so(kb):
    """'None of these' to numbness lowers a trapped nerve: its ratio-if-absent is 0.2."""
    numb = engine.score_condition(
        kb.conditions[3], frozenset({"hand", "numb"}), frozenset({"where", "symptoms"}), kb
    )
    not_numb = engine.score_condition(
        kb.conditions[3], frozenset({"hand", "none"}), frozenset({"where", "symptoms"}), kb
    )
    assert numb.condition.code == "trapped-nerve"
    assert not_numb.probability < numb.probability
    assert [x.code for x in not_numb.absent] == ["numb"]
    # Not asked at all (no symptoms answer), its absence says nothing.
    unasked = engine.score_condition(kb.conditions[3], frozenset({"hand"}), frozenset({"where"}), kb)
    assert unasked.log_odds == pytest.approx(math.log(0.1 / 0.9 * 2))


def test_one_weak_answer_does_not_list_a_grave_condition(kb):
    """'Both legs' supports cauda equina a little, but without a key answer it is not listed."""
    result = engine.assess({"where": ["legs"], "age": ["young"], "symptoms": ["none"]}, kb)
    assert "cauda" not in {m.condition.code for m in result.listed}
    with_key = engine.assess({"where": ["legs"], "age": ["young"], "symptoms": ["numb"]}, kb)
    assert "cauda" in {m.condition.code for m in with_key.do_not_miss}


def test_a_serious_cause_the_answers_argue_down_is_not_listed_as_do_not_miss(kb):
    """Wasting is a key answer of MND, but in a young person whose weakness came on in minutes the
    answers as a whole make it less likely than before any answer."""
    result = engine.assess(
        {
            "where": ["calf"],
            "age": ["young"],
            "symptoms": ["weak", "wasting"],
            "weak-detail": ["stable"],
            "speed": ["minutes"],
        },
        kb,
    )
    assert "mnd" not in {m.condition.code for m in result.listed}


def test_a_likely_cause_can_set_a_minimum_urgency(kb):
    """A stroke among the likely causes makes the result an emergency even if no red flag says so."""
    result = engine.assess(
        {
            "where": ["hand"],
            "age": ["old"],
            "symptoms": ["weak"],
            "weak-detail": ["one-side"],
            "speed": ["weeks"],
        },
        kb,
    )
    assert "stroke" in {m.condition.code for m in result.likely}
    assert result.red_flags == ()
    assert result.urgency == "emergency"
    assert [m.condition.code for m in result.raised_by] == ["stroke"]


def test_a_likely_cause_sets_its_minimum_urgency_only_on_one_of_its_key_answers():
    """A rare, grave cause can rank among the likely on general answers alone (heatstroke from hot
    weather and exercise, with no fever or confusion). It raises the urgency only when one of its
    key answers was given, as a do-not-miss cause is named only on one; its warning signs, not its
    rank, say when it is urgent (fresh batch 3's marathon runner)."""
    questions = {
        "s": [
            f.question("context", ["heat", "exercise"]),
            f.question("general", ["fever", "confused", "none"], exclusive=("none",)),
        ]
    }
    heat = f.condition(
        "heatstroke",
        {"heat": 20, "exercise": 5, "fever": 20, "confused": 20},
        prevalence="rare",
        key_answers=("fever", "confused"),
        minimum_urgency="urgent",
    )
    kb = f.knowledge(questions, conditions=[heat, f.condition("cramps", {"exercise": 2})])
    general_only = engine.assess({"context": ["heat", "exercise"], "general": ["none"]}, kb)
    assert "heatstroke" in {m.condition.code for m in general_only.likely}
    assert general_only.raised_by == ()
    assert general_only.urgency == "self_care"
    with_fever = engine.assess({"context": ["heat", "exercise"], "general": ["fever"]}, kb)
    assert [m.condition.code for m in with_fever.raised_by] == ["heatstroke"]
    assert with_fever.urgency == "urgent"


def test_fit_words_follow_the_probability(kb):
    result = engine.assess(CALF, kb)
    assert result.most_likely.fit == "many"
    low = engine.assess({"where": ["eyelid"], "age": ["old"], "symptoms": ["none"]}, kb)
    assert {m.fit for m in low.listed} <= {"many", "some", "few"}


def test_fit_words_are_relative_to_the_likeliest_cause(kb):
    result = engine.assess(CALF, kb)
    assert result.fit_of(result.most_likely) == result.most_likely.fit
    for match in result.listed[1:]:
        assert result.fit_of(match) != "many"
        if match.probability < engine.RELATIVE_SOME * result.most_likely.probability:
            assert result.fit_of(match) == "few"


def test_answers_to_a_hidden_follow_up_are_ignored(kb):
    # "worse" belongs to a follow-up shown only after "weak": without it, it cannot count.
    result = engine.assess({"symptoms": ["cramp"], "weak-detail": ["worse"]}, kb)
    assert result.urgency == "self_care"
    assert engine.clean_answers({"symptoms": ["cramp"], "weak-detail": ["worse"]}, kb) == {
        "symptoms": ("cramp",)
    }


def test_unknown_and_misplaced_codes_are_dropped(kb):
    cleaned = engine.clean_answers({"where": ["calf", "bogus", "old"], "nope": ["x"]}, kb)
    assert cleaned == {"where": ("calf",)}


def test_a_condition_nothing_supports_is_not_listed(kb):
    result = engine.assess({"where": ["eyelid"], "age": ["young"], "symptoms": ["none"]}, kb)
    listed = {m.condition.code for m in result.listed}
    assert not listed & {"mnd", "myopathy", "stroke", "cauda"}


def test_other_likely_are_those_close_enough_to_the_top(kb):
    result = engine.assess({"where": ["calf"], "age": ["young"], "symptoms": ["cramp"]}, kb)
    top = result.most_likely
    for match in result.other_likely:
        assert match.probability >= max(engine.MIN_LIKELY, top.probability * engine.LIKELY_SHARE_OF_TOP)
    assert [m.condition.code for m in result.other_likely] == ["stress"]


def test_each_condition_appears_in_one_tier_only(kb):
    result = engine.assess(
        {
            "where": ["tongue", "calf"],
            "age": ["old"],
            "symptoms": ["weak", "wasting"],
            "weak-detail": ["worse"],
            "speed": ["weeks"],
        },
        kb,
    )
    codes = [m.condition.code for m in result.listed]
    assert len(codes) == len(set(codes))


def test_it_is_deterministic(kb):
    answers = {"where": ["eyelid", "calf"], "age": ["young"], "symptoms": ["cramp"]}
    assert engine.assess(answers, kb) == engine.assess(dict(reversed(answers.items())), kb)


def test_urgency_order_is_highest_first():
    assert engine.most_urgent(["routine", "emergency", "soon"]) == "emergency"
    assert engine.most_urgent([]) == "self_care"
    assert engine.URGENCY_ORDER == ("emergency", "urgent", "soon", "routine", "self_care")


def test_urgency_levels_match_the_model_choices():
    from triage.vocabulary import Urgency

    assert tuple(Urgency.values) == engine.URGENCY_ORDER


def test_answers_are_cleaned_once_and_carried_in_the_result(kb):
    """Issue 23, item 4: the engine's result carries the answers it cleaned; cleaning them again
    against the same knowledge gives the same object back, and they cannot be changed by mistake."""
    cleaned = engine.clean_answers(CALF, kb)
    assert engine.clean_answers(cleaned, kb) is cleaned
    result = engine.assess(cleaned, kb)
    assert result.answers is cleaned
    with pytest.raises(TypeError):
        cleaned["where"] = ("hand",)  # type: ignore[index]
    # A copy is a plain dict, cleaned again when asked.
    copy = {**cleaned, "where": ["not-an-answer"]}
    assert "where" not in engine.clean_answers(copy, kb)
    # Against other knowledge, they are cleaned again.
    other = f.knowledge({"s": [f.question("where", ["calf"])]})
    assert engine.clean_answers(cleaned, other) is not cleaned


def test_the_warning_signs_checked_are_every_one_that_could_show():
    """fired_red_flags checks only the signs that need an answer given (Knowledge.red_flags_needing):
    for every set of answers it finds what checking every sign finds, in the same order."""
    flags = [
        f.red_flag("all-of-two", "urgent", {"a", "b"}),
        f.red_flag("one-of", "soon", set(), {"b", "c"}),
        f.red_flag("all-and-one-of", "emergency", {"c"}, {"a", "d"}),
        f.red_flag("one-of-each", "urgent", set(), {"a", "e"}, {"d"}),
        f.red_flag("only-also", "urgent", set(), set(), {"a"}),  # can never show: nothing it needs all of
        f.red_flag("one", "soon", {"e"}),
    ]
    kb = f.knowledge(
        {"s": [f.question("q", ["a", "b", "c", "d", "e", "x"], kind="multiple")]}, red_flags=flags
    )
    for size in range(7):
        for given in itertools.combinations("abcdex", size):
            answers = frozenset(given)
            every = [flag for flag in kb.red_flags if flag.fires(answers)]
            every.sort(key=lambda flag: (engine.urgency_rank(flag.urgency), flag.code))
            assert [fired.red_flag for fired in engine.fired_red_flags(answers, kb)] == every, given
    assert engine.fired_red_flags(frozenset("abcd"), kb)[0].red_flag.code == "all-and-one-of"
