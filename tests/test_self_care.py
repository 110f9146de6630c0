"""Self-care advice: drawn from the likely causes, each piece once however many causes give it, and
never about a medicine the person did not report; and the lines of older knowledge (snapshot format
2, and the draft before migration 0012) turned into shared advice items."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from dataclasses import replace
from pathlib import Path

import pytest

from tests.test_scenarios import SCENARIO_FILES, load
from triage import engine
from triage.knowledge.check import ERROR, WARNING, check, find_problems
from triage.knowledge.self_care_lines import ADVICE, FROM_LINE, line_code
from triage.knowledge.snapshot import SNAPSHOT_FORMAT, knowledge_from_dict, knowledge_to_dict
from triage.models import SelfCareAdvice
from triage.questionnaire.results import MAX_SELF_CARE, result_data
from triage.vocabulary import medicine_for_everyone, medicine_named_in

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parent.parent


def shown_advice(answers: dict, knowledge: engine.Knowledge) -> list[engine.SelfCareAdviceInfo]:
    """The advice items behind the self-care texts a results page would show for these answers."""
    by_text = {item.text: item for c in knowledge.conditions for item in c.self_care}
    result = result_data(engine.assess(answers, knowledge), answers, knowledge)
    return [by_text[text] for text in result["self_care"]]


def advice(code: str, *only_if: str) -> engine.SelfCareAdviceInfo:
    return engine.SelfCareAdviceInfo(code=code, text=f"The advice {code}.", only_if=frozenset(only_if))


def likely(code: str, *items: engine.SelfCareAdviceInfo) -> engine.ConditionMatch:
    condition = engine.ConditionInfo(
        code=code, name=code, summary="", prevalence="common", do_not_miss=False, ratios={}, self_care=items
    )
    return engine.ConditionMatch(condition, log_odds=0.0, probability=0.5, supporting=(), against=())


# Choosing the advice ----------------------------------------------------------------------------


def test_advice_that_two_causes_share_is_given_once():
    sleep = advice("regular-sleep")
    chosen = engine.self_care_advice(
        [likely("benign", sleep, advice("relax")), likely("tired", sleep)], frozenset(), 5
    )
    assert [a.code for a in chosen] == ["regular-sleep", "relax"]


def test_advice_with_only_if_answers_is_given_only_to_people_who_gave_one():
    stimulant = advice("stimulant-medicine", "med-stimulant")
    causes = [likely("caffeine", advice("less-caffeine"), stimulant)]
    assert [a.code for a in engine.self_care_advice(causes, frozenset({"med-none"}), 5)] == ["less-caffeine"]
    with_medicine = engine.self_care_advice(causes, frozenset({"med-stimulant"}), 5)
    assert [a.code for a in with_medicine] == ["less-caffeine", "stimulant-medicine"]


def test_each_cause_gives_its_first_advice_before_any_gives_its_second():
    first = likely("first", advice("a1"), advice("a2"), advice("a3"))
    second = likely("second", advice("b1"), advice("b2"))
    assert [a.code for a in engine.self_care_advice([first, second], frozenset(), 5)] == [
        "a1",
        "b1",
        "a2",
        "b2",
        "a3",
    ]


def test_advice_that_says_when_to_get_help_shows_only_below_its_level():
    """'See a GP soon if you notice weakness' is for a result less urgent than "soon": under "get help
    today" it would name a slower path than the result."""
    soon = engine.SelfCareAdviceInfo(code="see-gp-soon-if", text="See a GP soon if...", only_below="soon")
    causes = [likely("benign", advice("relax"), soon)]
    for urgency, shown in (
        ("self_care", ["relax", "see-gp-soon-if"]),
        ("routine", ["relax", "see-gp-soon-if"]),
        ("soon", ["relax"]),
        ("urgent", ["relax"]),
    ):
        assert [a.code for a in engine.self_care_advice(causes, frozenset(), 5, urgency)] == shown, urgency


def test_no_more_advice_is_given_than_the_limit():
    many = likely("many", *(advice(f"tip-{i}") for i in range(9)))
    assert len(engine.self_care_advice([many], frozenset(), 5)) == 5


# On the shipped knowledge and every scenario -----------------------------------------------------


def test_every_scenario_gets_each_piece_of_advice_once_and_none_about_a_medicine_it_did_not_report(
    knowledge,
):
    medicine_advice_shown = 0
    for path in SCENARIO_FILES:
        answers = load(path)["answers"]
        given = engine.given_findings(answers, knowledge)
        shown = shown_advice(answers, knowledge)
        codes = [item.code for item in shown]
        assert len(codes) == len(set(codes)), (path.stem, codes)
        assert len({item.text for item in shown}) == len(shown), path.stem
        assert len(shown) <= MAX_SELF_CARE, path.stem
        for item in shown:
            assert item.applies(given), (path.stem, item.code)
            if medicine_named_in(item.text):
                assert item.only_if & given, (path.stem, item.code)
                medicine_advice_shown += 1
            if "med-none" in given:
                assert not medicine_named_in(item.text), (path.stem, item.code)
    # Not vacuous: people who take a medicine do get advice about it.
    assert medicine_advice_shown >= 5


def test_a_young_adult_with_an_eyelid_twitch_reads_each_tip_once_and_nothing_about_medicines(knowledge):
    answers = load(ROOT / "fixtures/scenarios/eyelid-twitch-screens-and-late-nights.json")["answers"]
    assert answers["age"] == ["age-18-39"] and answers["medicines"] == ["med-none"]
    texts = [item.text.lower() for item in shown_advice(answers, knowledge)]
    assert 3 <= len(texts) <= MAX_SELF_CARE
    for topic in ("sleep", "caffeine", "relax"):
        assert sum(topic in text for text in texts) == 1, topic
    assert not any("stimulant" in text or "medicine" in text for text in texts)
    # The causes it came from gave ten tips before, three of them saying the same as another.
    assert not any("calves" in text for text in texts)


def test_the_shipped_knowledge_shares_one_item_between_causes_that_give_the_same_advice(knowledge):
    givers = [
        c.code for c in knowledge.conditions if "less-caffeine-and-alcohol" in {a.code for a in c.self_care}
    ]
    assert {"benign-twitches", "bfs", "caffeine-stimulants", "sleep-deprivation"} <= set(givers)


# The knowledge check ----------------------------------------------------------------------------


def test_the_knowledge_check_refuses_advice_that_names_a_medicine_but_shows_to_everyone(knowledge):
    unsafe = engine.SelfCareAdviceInfo(code="statin-tip", text="Keep taking your statin.")
    conditions = tuple(
        replace(c, self_care=(*c.self_care, unsafe)) if c.code == "statin-muscle" else c
        for c in knowledge.conditions
    )
    problems = [p for p in check(replace(knowledge, conditions=conditions)) if p.model == "selfcareadvice"]
    assert [(p.level, p.code) for p in problems] == [(ERROR, "statin-tip")]
    assert "'statin'" in problems[0].message


def test_the_knowledge_check_warns_about_advice_no_condition_gives():
    SelfCareAdvice.objects.create(code="nobody-gives-this", text="Drink water.")
    problems = [p for p in find_problems() if p.code == "nobody-gives-this"]
    assert [(p.level, p.check) for p in problems] == [(WARNING, "unused-advice")]
    assert problems[0].admin_url.startswith("/admin/triage/selfcareadvice/")


def test_the_shipped_advice_has_no_problems(knowledge):
    assert [str(p) for p in find_problems() if p.model == "selfcareadvice"] == []


# Older knowledge ---------------------------------------------------------------------------------

STIMULANT_LINE = (
    "If you take a prescribed stimulant, for example for ADHD, talk to your doctor or pharmacist. "
    "Do not stop it yourself."
)


def test_a_format_2_release_reads_its_lines_as_the_shared_advice_items(knowledge):
    data = knowledge_to_dict(knowledge)
    assert data["format"] == SNAPSHOT_FORMAT == 4
    lines = {
        "benign-twitches": [
            "Cut down on coffee, tea, cola, energy drinks and alcohol.",
            "A line of our own.",
        ],
        "caffeine-stimulants": ["Cut down on coffee, tea, cola and energy drinks.", STIMULANT_LINE],
    }
    old = {
        **data,
        "format": 2,
        "conditions": [{**c, "self_care": lines.get(c["code"], [])} for c in data["conditions"]],
    }
    read = {c.code: c.self_care for c in knowledge_from_dict(old).conditions}
    assert [a.code for a in read["benign-twitches"]] == [
        "less-caffeine-and-alcohol",
        line_code("A line of our own."),
    ]
    assert read["benign-twitches"][1].text == "A line of our own."
    assert read["benign-twitches"][0] == read["caffeine-stimulants"][0]
    assert read["caffeine-stimulants"][1].only_if == frozenset({"med-stimulant"})


def test_every_line_the_table_knows_becomes_items_it_defines():
    assert {code for codes in FROM_LINE.values() for code in codes} == set(ADVICE)
    for code, (text, only_if) in ADVICE.items():
        assert not medicine_for_everyone(text, only_if), code


MIGRATION = """
import json
import django

django.setup()
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = [("triage", "0011_assessment_reference_and_key_negatives")]
AFTER = [("triage", "0012_self_care_advice")]


def migrate(target):
    executor = MigrationExecutor(connection)
    executor.migrate(target)
    return executor.loader.project_state(target).apps


apps = migrate(BEFORE)
step = apps.get_model("triage", "Step").objects.create(code="s", title="S")
question = apps.get_model("triage", "Question").objects.create(code="q", step=step, text="Q")
apps.get_model("triage", "Finding").objects.create(code="med-stimulant", question=question, label="M")
Condition = apps.get_model("triage", "Condition")
Condition.objects.create(code="a", name="A", summary="", self_care=LINES_A)
Condition.objects.create(code="b", name="B", summary="", self_care=LINES_B)

apps = migrate(AFTER)
links = apps.get_model("triage", "ConditionAdvice").objects.order_by("condition__code", "order")
advice = apps.get_model("triage", "SelfCareAdvice").objects.all()
after = {
    "links": [[link.condition.code, link.advice.code] for link in links],
    "only_if": {a.code: sorted(a.only_if.values_list("code", flat=True)) for a in advice},
    "text": {a.code: a.text for a in advice},
}
apps = migrate(BEFORE)
back = {c.code: c.self_care for c in apps.get_model("triage", "Condition").objects.all()}
print(json.dumps({"after": after, "back": back}))
"""


def test_the_migration_turns_each_conditions_lines_into_shared_advice_and_back(tmp_path):
    lines_a = "\n".join(["Cut down on coffee, tea, cola and energy drinks.", STIMULANT_LINE, "Eat well.", ""])
    lines_b = "Cut down on caffeine and alcohol, and protect your sleep."
    script = f"LINES_A = {lines_a!r}\nLINES_B = {lines_b!r}\n" + MIGRATION
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    env |= {"SQLITE_PATH": str(tmp_path / "migrate.sqlite3"), "DJANGO_SETTINGS_MODULE": "triage.settings"}
    env["PYTHONPATH"] = str(ROOT)
    done = subprocess.run(
        [sys.executable, "-c", script], cwd=ROOT, env=env, capture_output=True, text=True, timeout=300
    )
    assert done.returncode == 0, done.stderr[-3000:]
    result = json.loads(done.stdout.strip().splitlines()[-1])
    eat_well = line_code("Eat well.")
    assert result["after"]["links"] == [
        ["a", "less-caffeine-and-alcohol"],
        ["a", "stimulant-medicine"],
        ["a", eat_well],
        ["b", "less-caffeine-and-alcohol"],
        ["b", "regular-sleep"],
    ]
    assert result["after"]["only_if"]["stimulant-medicine"] == ["med-stimulant"]
    assert result["after"]["only_if"]["less-caffeine-and-alcohol"] == []
    assert result["after"]["text"][eat_well] == "Eat well."
    assert result["back"]["b"] == "\n".join(
        [ADVICE["less-caffeine-and-alcohol"][0], ADVICE["regular-sleep"][0]]
    )
