"""The engine on small hand-built knowledge: no database, so these run in microseconds."""

from __future__ import annotations

import pytest

from tests import factories as f
from triage import engine


@pytest.fixture
def kb() -> engine.Knowledge:
    return f.knowledge(
        {
            "s1": [
                f.question("where", ["calf", "eyelid", "tongue"]),
                f.question("age", ["young", "old"], kind="single"),
            ],
            "s2": [
                f.question("symptoms", ["weak", "wasting", "cramp", "none"], exclusive=("none",)),
                f.question("weak-detail", ["worse", "stable"], show_when=("weak",)),
            ],
        },
        conditions=[
            f.condition("benign", {"calf": 3, "eyelid": 3, "young": 1, "weak": -2, "wasting": -4}),
            f.condition("stress", {"calf": 1, "eyelid": 1}),
            f.condition(
                "mnd",
                {"tongue": 3, "old": 1, "weak": 1, "worse": 3, "wasting": 3, "young": -2},
                prevalence="rare",
                do_not_miss=True,
            ),
            f.condition("myopathy", {"weak": 3, "wasting": 3}, prevalence="rare"),
            f.condition("unrelated", {"cramp": 1}),
        ],
        red_flags=[
            f.red_flag("weak-worse", "urgent", {"weak", "worse"}),
            f.red_flag("wasting", "soon", {"wasting"}),
            f.red_flag("tongue", "urgent", {"tongue"}),
            f.red_flag("tongue-old", "emergency", {"tongue", "old"}),
        ],
    )


def test_it_gives_self_care_when_no_red_flag_fires(kb):
    result = engine.assess({"where": ["calf"], "age": ["young"], "symptoms": ["none"]}, kb)
    assert result.urgency == "self_care"
    assert result.red_flags == ()
    assert result.most_likely.condition.code == "benign"


def test_it_takes_the_most_serious_red_flag(kb):
    result = engine.assess({"where": ["tongue"], "age": ["old"], "symptoms": ["wasting"]}, kb)
    assert result.urgency == "emergency"
    assert [f.red_flag.code for f in result.red_flags] == ["tongue-old", "tongue", "wasting"]


def test_a_combination_red_flag_needs_every_finding(kb):
    only_weak = engine.assess({"symptoms": ["weak"], "weak-detail": ["stable"]}, kb)
    assert "weak-worse" not in {f.red_flag.code for f in only_weak.red_flags}
    both = engine.assess({"symptoms": ["weak"], "weak-detail": ["worse"]}, kb)
    assert both.urgency == "urgent"
    assert [x.code for x in both.red_flags[0].findings] == ["weak", "worse"]


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


def test_do_not_miss_is_listed_whenever_an_answer_supports_it(kb):
    # A young person with a calf twitch and weakness: MND scores low but must still be listed.
    result = engine.assess(
        {"where": ["calf"], "age": ["young"], "symptoms": ["weak"], "weak-detail": ["stable"]}, kb
    )
    dnm = {m.condition.code: m for m in result.do_not_miss}
    assert "mnd" in dnm
    assert dnm["mnd"].score < 0
    assert [x.code for x in dnm["mnd"].supporting] == ["weak"]
    assert [x.code for x in dnm["mnd"].against] == ["young"]


def test_a_condition_nothing_supports_is_not_listed(kb):
    result = engine.assess({"where": ["eyelid"], "age": ["young"], "symptoms": ["none"]}, kb)
    listed = {m.condition.code for m in result.listed}
    assert "mnd" not in listed
    assert "myopathy" not in listed
    assert "unrelated" not in listed


def test_tiers_split_most_likely_other_likely_and_rare(kb):
    result = engine.assess({"where": ["calf"], "age": ["old"], "symptoms": ["wasting", "cramp"]}, kb)
    assert result.most_likely.condition.code == "stress"
    # Ties break by code; benign is still likely but wasting counts against it.
    assert [m.condition.code for m in result.other_likely] == ["unrelated", "benign"]
    assert [x.code for x in result.other_likely[1].against] == ["wasting"]
    assert [m.condition.code for m in result.do_not_miss] == ["mnd"]
    assert [m.condition.code for m in result.rare] == ["myopathy"]


def test_a_likely_cause_needs_a_positive_score(kb):
    result = engine.assess(
        {"where": ["calf"], "age": ["old"], "symptoms": ["weak", "wasting"], "weak-detail": ["stable"]}, kb
    )
    # Benign: 2 + 3 - 2 - 4 = -1, so it is not listed although the calf twitch fits it.
    assert "benign" not in {m.condition.code for m in result.listed}


def test_each_condition_appears_in_one_tier_only(kb):
    result = engine.assess(
        {
            "where": ["tongue", "calf"],
            "age": ["old"],
            "symptoms": ["weak", "wasting"],
            "weak-detail": ["worse"],
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
