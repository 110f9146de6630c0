"""Clinical scenarios as data: each file in fixtures/scenarios/ is a complete questionnaire and what the
engine must make of it, run against the published knowledge (release v1, from fixtures/).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.helpers import SCENARIO_DIR, SCENARIO_FILES
from triage import engine
from triage.scenarios import checks as scenarios


def load(path: Path) -> dict:
    return json.loads(path.read_text())


def listed_codes(result: engine.Assessment) -> list[str]:
    return [match.condition.code for match in result.listed]


@pytest.mark.parametrize("path", SCENARIO_FILES, ids=[p.stem for p in SCENARIO_FILES])
def test_scenario(path: Path, knowledge: engine.Knowledge) -> None:
    # The same check the admin's scenario runner makes (triage/scenarios/checks.py).
    result = scenarios.run(load(path), knowledge)
    summary = result.outcome.summary() if result.outcome else "not run"
    assert result.passed, [*result.reasons, summary]


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
    """Every level is the lowest safe urgency of some scenario, and the highest reasonable of some."""
    bands = [scenarios.urgency_band(load(path)["expected"]) for path in SCENARIO_FILES]
    assert {low for low, _ in bands} == set(engine.URGENCY_ORDER)
    assert {high for _, high in bands} == set(engine.URGENCY_ORDER)


def test_there_are_at_least_a_hundred_scenarios_each_citing_its_source() -> None:
    assert len(SCENARIO_FILES) >= 100
    unsourced = [path.stem for path in SCENARIO_FILES if not load(path).get("source", "").strip()]
    assert not unsourced, f"these scenarios cite no source: {unsourced}"


def test_scenarios_spread_over_every_age_band_and_sex(knowledge: engine.Knowledge) -> None:
    answered = {code for path in SCENARIO_FILES for codes in load(path)["answers"].values() for code in codes}
    for question in ("age", "sex"):
        options = {o.code for o in knowledge.questions[question].options}
        assert options <= answered, f"no scenario answers {sorted(options - answered)}"


def test_every_emergency_screen_answer_is_an_emergency(knowledge: engine.Knowledge) -> None:
    question = knowledge.questions["emergency-signs"]
    for option in question.options:
        if option.exclusive:
            continue
        result = engine.assess({question.code: [option.code]}, knowledge)
        assert result.urgency == "emergency", option.code


@pytest.mark.django_db
def test_the_evaluation_meets_the_clinical_thresholds() -> None:
    """Never under-triage; at least 95% in the band and with an expected cause among the likely;
    every required do-not-miss condition shown. The command prints the same figures."""
    from io import StringIO

    from django.core.management import call_command

    from triage.knowledge.draft import build_knowledge
    from triage.scenarios.evaluation import evaluate

    data = [(path.stem, load(path)) for path in SCENARIO_FILES]
    result = evaluate(data, build_knowledge())
    assert result.safe == result.total
    assert result.in_band >= 0.95 * result.total
    assert result.with_expected_cause >= 0.95 * result.naming_causes
    assert result.do_not_miss_shown == result.do_not_miss_required
    out = StringIO()
    call_command("evaluate_scenarios", stdout=out)
    assert f"At or above the safe urgency: {result.safe}/{result.total}" in out.getvalue()


def test_the_warning_signs_to_watch_for_are_few_distinct_and_tailored(knowledge: engine.Knowledge) -> None:
    """At most six, no repeats, none after an emergency; a calm eyelid twitch gets none of the
    pesticide, wound or tick-bite warnings a long generic list would give."""
    from triage.questionnaire.results import MAX_SOONER, result_data

    for path in SCENARIO_FILES:
        answers = engine.clean_answers(load(path)["answers"], knowledge)
        sooner = result_data(engine.assess(answers, knowledge), answers, knowledge)["seek_help_sooner"]
        assert len(sooner) <= MAX_SOONER, path.stem
        assert len(sooner) == len(set(sooner)), path.stem
    calm = load(SCENARIO_DIR / "student-eyelid-caffeine-exams.json")["answers"]
    answers = engine.clean_answers(calm, knowledge)
    sooner = " ".join(
        result_data(engine.assess(answers, knowledge), answers, knowledge)["seek_help_sooner"]
    ).lower()
    for unrelated in ("pesticide", "wound", "tick"):
        assert unrelated not in sooner


def test_no_warning_about_a_medicine_the_person_said_they_do_not_take(knowledge: engine.Knowledge) -> None:
    """Caffeine makes "caffeine and stimulants" likely, and that cause shares answers with the warning
    about jerks and a high temperature after drugs or a serotonin medicine. Someone who ticked "None
    of these" for medicines is not told to watch for it; someone taking an antidepressant is."""
    from triage.questionnaire.results import result_data

    title = next(f.title for f in knowledge.red_flags if f.code == "serotonin-reaction-very-hot")

    def sooner(answers: dict) -> list[str]:
        cleaned = engine.clean_answers(answers, knowledge)
        return result_data(engine.assess(cleaned, knowledge), cleaned, knowledge)["seek_help_sooner"]

    calm = load(SCENARIO_DIR / "student-eyelid-caffeine-exams.json")["answers"]
    assert calm["medicines"] == ["med-none"]
    assert "caffeine-stimulants" in listed_codes(engine.assess(calm, knowledge))
    assert title not in sooner(calm)
    on_an_antidepressant = {
        **calm,
        "medicines": ["med-antidepressant"],
        "medicine-change": ["med-changed-no"],
    }
    assert title in sooner(on_an_antidepressant)


def test_no_warning_about_something_the_person_said_did_not_happen_when_it_started(
    knowledge: engine.Knowledge,
) -> None:
    """A hand weakening over months, with nothing happening when the twitching began: no warning about
    a wound or a chemical, which cannot happen in the past now. With a wound, the wound signs stay."""
    from triage.questionnaire.results import result_data

    def sooner(answers: dict) -> str:
        cleaned = engine.clean_answers(answers, knowledge)
        result = result_data(engine.assess(cleaned, knowledge), cleaned, knowledge)
        return " ".join(result["seek_help_sooner"])

    weak_hand = load(SCENARIO_DIR / "hand-weaker-for-months-not-sure-how-twitching-began.json")["answers"]
    assert weak_hand["onset-context"] == ["ctx-none"]
    signs = sooner(weak_hand).lower()
    assert signs
    for past in ("wound", "chemical"):
        assert past not in signs, past
    assert "wound" in sooner({**weak_hand, "onset-context": ["ctx-wound"]}).lower()


def test_fit_words_tell_the_causes_apart(knowledge: engine.Knowledge) -> None:
    """Only the likeliest cause "fits many of your answers"; another fits "some" only while it is at
    least half as likely as the likeliest. Across the scenarios, the words are not all the same."""
    words = set()
    for path in SCENARIO_FILES:
        outcome = engine.assess(engine.clean_answers(load(path)["answers"], knowledge), knowledge)
        fits = {match.condition.code: outcome.fit_of(match) for match in outcome.listed}
        many = [code for code, fit in fits.items() if fit == engine.Fit.MANY]
        assert many in ([], [outcome.most_likely.condition.code] if outcome.most_likely else []), path.stem
        top = outcome.most_likely
        for match in outcome.other_likely:
            if fits[match.condition.code] == engine.Fit.SOME and top is not None:
                assert match.probability >= engine.RELATIVE_SOME * top.probability, path.stem
        words |= set(fits.values())
    assert words == {engine.Fit.MANY, engine.Fit.SOME, engine.Fit.FEW}
