"""Scenario coverage (triage/scenarios/coverage.py): what no scenario exercises, on the runner, the
publish page and `manage.py evaluate_scenarios`, so "no change" is not mistaken for "tested"."""

from __future__ import annotations

import html
import json
from dataclasses import replace
from io import StringIO

import pytest
from django.core.management import call_command

from tests.admin_data import management, question_data, through_confirmation
from tests.factories import condition, knowledge, question, red_flag
from tests.helpers import SCENARIO_DIR
from triage.knowledge.draft import build_knowledge
from triage.knowledge.releases import latest_release, published_knowledge
from triage.knowledge.scenarios import run_scenarios, saved_scenarios
from triage.models import Condition, ConditionFinding, Finding, Question, Release
from triage.scenarios.checks import outcome
from triage.scenarios.coverage import coverage, scenario_coverage, untested_changes

RUN = "/admin/triage/scenario/run/"
PUBLISH = "/admin/triage/release/publish/"


def twitch_knowledge(**changes) -> object:
    """Three places, a weakness question with a follow-up, three causes and one red flag."""
    where = question("where", ["eyelid", "calf", "arm"])
    weak = question("weak", ["weak-yes", "weak-no"], kind="single")
    detail = question("weak-detail", ["weak-spreading", "weak-one-limb"], show_when=("weak-yes",))
    conditions = changes.pop(
        "conditions",
        [
            condition("benign", {"eyelid": 5, "calf": 5}),
            condition(
                "nerve", {"arm": 5, "weak-one-limb": 5}, do_not_miss=True, key_answers=("weak-one-limb",)
            ),
            condition("mnd", {"weak-spreading": 10}, prevalence="rare", do_not_miss=True),
        ],
    )
    flags = changes.pop("red_flags", [red_flag("spreading", "urgent", {"weak-spreading"})])
    extra = changes.pop("extra_questions", [])
    return knowledge({"s1": [where, weak, detail, *extra]}, conditions, flags)


def runs_of(k, *answer_sets: dict) -> list:
    return [(answers, outcome(answers, k)) for answers in answer_sets]


def codes(items) -> list[str]:
    return [item.code for item in items]


CALF = {"where": ["calf"], "weak": ["weak-no"]}
SPREADING = {"where": ["arm"], "weak": ["weak-yes"], "weak-detail": ["weak-spreading"]}


# The pure function -----------------------------------------------------------------------------


def test_it_lists_the_answer_options_no_scenario_gives_and_not_those_given():
    k = twitch_knowledge()
    covered = coverage(k, runs_of(k, CALF))
    assert codes(covered.findings) == ["eyelid", "arm", "weak-yes", "weak-spreading", "weak-one-limb"]
    assert "Label eyelid (Question where?)" in [item.name for item in covered.findings]


def test_an_answer_to_a_follow_up_that_would_not_be_asked_does_not_count_as_given():
    k = twitch_knowledge()
    hidden = {"where": ["calf"], "weak": ["weak-no"], "weak-detail": ["weak-spreading"]}
    covered = coverage(k, runs_of(k, hidden))
    assert "weak-spreading" in codes(covered.findings)
    assert "spreading" in codes(covered.red_flags)


def test_it_lists_conditions_never_listed_and_red_flags_never_raised():
    k = twitch_knowledge()
    calf_only = coverage(k, runs_of(k, CALF))
    assert codes(calf_only.conditions) == ["nerve", "mnd"]
    assert codes(calf_only.red_flags) == ["spreading"]
    both = coverage(k, runs_of(k, CALF, SPREADING))
    assert codes(both.conditions) == []
    assert codes(both.red_flags) == []


def test_a_key_answer_counts_only_when_given_in_a_scenario_that_lists_its_condition():
    # The key answer given where the condition is not listed, and the condition listed without it.
    k = twitch_knowledge(
        conditions=[
            condition("benign", {"calf": 20}),
            condition(
                "nerve",
                {"arm": 20, "weak-one-limb": 2},
                prevalence="uncommon",
                key_answers=("weak-one-limb",),
            ),
        ],
        red_flags=[],
    )
    key_without_listing = {"where": ["calf"], "weak": ["weak-yes"], "weak-detail": ["weak-one-limb"]}
    listing_without_key = {"where": ["arm"], "weak": ["weak-no"]}
    assert "nerve" not in outcome(key_without_listing, k).listed
    assert "nerve" in outcome(listing_without_key, k).listed
    apart = coverage(k, runs_of(k, key_without_listing, listing_without_key))
    assert codes(apart.key_answers) == ["nerve/weak-one-limb"]
    assert [item.name for item in apart.key_answers] == ["Nerve: Label weak-one-limb"]

    together = {"where": ["arm"], "weak": ["weak-yes"], "weak-detail": ["weak-one-limb"]}
    assert coverage(k, runs_of(k, key_without_listing, together)).key_answers == ()


def test_a_scenario_without_an_outcome_exercises_nothing():
    k = twitch_knowledge()
    covered = coverage(k, [(CALF, None)])
    assert len(covered.findings) == len(k.findings)
    assert not covered.complete


def test_the_lines_count_what_is_exercised_out_of_all():
    k = twitch_knowledge()
    lines = coverage(k, runs_of(k, CALF, SPREADING)).lines()
    assert lines == [
        "Answer options given by a scenario: 5/7 (71%)",
        "Conditions listed by a scenario: 3/3 (100%)",
        "Red flags raised by a scenario: 1/1 (100%)",
        "Key answers given by a scenario that lists their condition: 0/1 (0%)",
    ]


# What a draft adds or changes that no scenario exercises -----------------------------------------


def test_a_new_answer_option_no_scenario_gives_is_named_as_untested():
    old = twitch_knowledge()
    tiredness = question("tired", ["tired-yes", "tired-no"], kind="single", required=False)
    new = twitch_knowledge(extra_questions=[tiredness])
    warnings = untested_changes(old, new, coverage(new, runs_of(new, CALF, SPREADING)))
    assert (
        "New answer option 'Label tired-yes' (question: Question tired?) is not used by any scenario: "
        "its effect is untested."
    ) in warnings
    # Options that were already there and did not change are no news, used or not.
    assert not [w for w in warnings if "eyelid" in w or "weak-one-limb" in w]


def test_a_new_answer_option_that_a_scenario_gives_raises_no_warning():
    old = twitch_knowledge()
    new = twitch_knowledge(extra_questions=[question("tired", ["tired-yes"], required=False)])
    used = {**CALF, "tired": ["tired-yes"]}
    assert untested_changes(old, new, coverage(new, runs_of(new, used, SPREADING))) == []


def test_an_unused_answer_option_whose_links_change_is_named_as_changed():
    old = twitch_knowledge()
    conditions = [
        condition("benign", {"eyelid": 5, "calf": 5}),
        condition("nerve", {"arm": 5, "weak-one-limb": 10}, do_not_miss=True, key_answers=("weak-one-limb",)),
        condition("mnd", {"weak-spreading": 10}, prevalence="rare", do_not_miss=True),
    ]
    new = twitch_knowledge(conditions=conditions)
    warnings = untested_changes(old, new, coverage(new, runs_of(new, CALF, SPREADING)))
    assert any(w.startswith("Changed answer option 'Label weak-one-limb'") for w in warnings), warnings
    # The condition itself is listed by a scenario, so its change shows in the scenario results.
    assert not [w for w in warnings if "condition 'Nerve'" in w]


def test_new_or_changed_conditions_red_flags_and_key_answers_no_scenario_reaches_are_named():
    old = twitch_knowledge()
    conditions = [
        condition("benign", {"eyelid": 5, "calf": 5}, key_answers=("eyelid",)),
        condition("nerve", {"arm": 5, "weak-one-limb": 5}, do_not_miss=True, key_answers=("weak-one-limb",)),
        condition("mnd", {"weak-spreading": 10}, prevalence="rare", do_not_miss=True),
        condition("cramps", {"weak-one-limb": 5}),
    ]
    flags = [
        replace(red_flag("spreading", "urgent", {"weak-spreading"}), message="Call 111 today."),
        red_flag("one-limb", "soon", {"weak-one-limb"}),
    ]
    new = twitch_knowledge(conditions=conditions, red_flags=flags)
    warnings = untested_changes(old, new, coverage(new, runs_of(new, CALF)))
    assert "New condition 'Cramps' is not listed by any scenario: its effect is untested." in warnings
    assert "Changed red flag 'spreading' is not raised by any scenario: the change is untested." in warnings
    assert "New red flag 'one-limb' is not raised by any scenario: its effect is untested." in warnings
    assert (
        "New key answer 'Label eyelid' of 'Benign' is not given by any scenario that lists the condition: "
        "its effect is untested."
    ) in warnings
    # Unchanged and unreached: known before, so not a warning about the draft.
    assert not [w for w in warnings if "'Nerve'" in w or "'Mnd'" in w]


def test_with_nothing_published_everything_unexercised_is_new():
    k = twitch_knowledge()
    warnings = untested_changes(None, k, coverage(k, runs_of(k, CALF)))
    assert any(w.startswith("New answer option 'Label eyelid'") for w in warnings)
    assert "New red flag 'spreading' is not raised by any scenario: its effect is untested." in warnings


def test_the_same_knowledge_has_no_untested_changes():
    k = twitch_knowledge()
    assert untested_changes(k, k, coverage(k, runs_of(k, CALF))) == []


# The shipped knowledge and scenarios -----------------------------------------------------------


@pytest.mark.django_db
def test_the_shipped_knowledge_coverage_is_computed_and_skips_what_a_scenario_gives():
    draft = build_knowledge()
    scenarios = saved_scenarios()
    covered = scenario_coverage(scenarios, draft)
    assert covered.totals == {
        "findings": len(draft.findings),
        "conditions": len(draft.conditions),
        "red_flags": len(draft.red_flags),
        "key_answers": sum(len(c.key_answers) for c in draft.conditions),
    }
    assert set(covered.codes("findings")) <= set(draft.findings)
    assert all(item.name for kind, _ in covered.KINDS for item in getattr(covered, kind))
    calf = json.loads((SCENARIO_DIR / "runner-calf-twitch.json").read_text())["answers"]
    given = {code for answers in calf.values() for code in answers}
    assert given and not given & covered.codes("findings")
    # The runner's path (the draft side of each comparison) gives the same answer.
    from_rows = coverage(draft, ((row.answers, row.draft.outcome) for row in run_scenarios(draft, None)))
    assert from_rows == covered


@pytest.mark.django_db
def test_evaluate_scenarios_prints_what_the_scenarios_exercise():
    covered = scenario_coverage(saved_scenarios(), build_knowledge())
    out = StringIO()
    call_command("evaluate_scenarios", stdout=out)
    text = out.getvalue()
    assert "What the scenarios exercise in the draft:" in text
    for line in covered.lines():
        assert f"  {line}\n" in text
    for item in covered.findings:
        assert f"UNTESTED answer option no scenario gives: {item.name} [{item.code}]" in text


# The admin: a clinician adds an answer option no scenario uses --------------------------------


def add_an_answer_option(client) -> Finding:
    """Through the question's admin page, as a clinician would, then linked to a condition."""
    lifestyle = Question.objects.get(code="lifestyle")
    data = question_data(lifestyle)
    count = lifestyle.findings.count()
    data.update(management("findings", count + 1, count))
    data.update(
        {
            f"findings-{count}-question": lifestyle.pk,
            f"findings-{count}-order": 99,
            f"findings-{count}-label_en_gb": "Long days at a screen",
            f"findings-{count}-help_text_en_gb": "",
            f"findings-{count}-code": "life-screens",
            # The new option's own fold: no condition links and no red flags yet.
            **management(f"findings-{count}-links", 0, 0),
        }
    )
    response = client.post(f"/admin/triage/question/{lifestyle.pk}/change/", data)
    assert response.status_code == 302, response.content.decode()[:3000]
    finding = Finding.objects.get(code="life-screens")
    ConditionFinding.objects.create(
        condition=Condition.objects.get(code="benign-twitches"), finding=finding, ratio=2
    )
    return finding


NEW_OPTION_WARNING = (
    "New answer option 'Long days at a screen' (question: Lately, have you had any of these?) is not used "
    "by any scenario: its effect is untested."
)


def page_text(response) -> str:
    assert response.status_code == 200
    return html.unescape(response.content.decode())


@pytest.mark.django_db
def test_the_runner_and_the_publish_page_name_a_new_answer_option_as_untested(client, editor, lead):
    client.force_login(editor)
    add_an_answer_option(client)
    client.force_login(lead)  # a lead who did not make the change reviews and publishes it

    runner = page_text(client.get(RUN))
    assert "0 scenarios would get a different result." in runner
    assert NEW_OPTION_WARNING in runner
    coverage_section = runner[runner.index("What the scenarios test") :]
    assert "Long days at a screen (Lately, have you had any of these?)" in coverage_section
    assert "life-screens" in coverage_section

    publish = page_text(client.get(PUBLISH))
    assert NEW_OPTION_WARNING in publish
    assert "This is a warning: it does not stop publishing." in publish

    # A warning, not a gate: the lead publishes with nothing more to tick.
    fingerprint = publish.split('name="draft_fingerprint" value="')[1].split('"')[0]
    response = through_confirmation(
        client, PUBLISH, {"note": "Screens as a trigger", "draft_fingerprint": fingerprint}
    )
    assert response.status_code == 302
    assert latest_release().version == 2
    assert "life-screens" in published_knowledge(latest_release()).findings


@pytest.mark.django_db
def test_an_unchanged_draft_gets_no_untested_change_warning_but_the_runner_still_lists_coverage(client, lead):
    client.force_login(lead)
    covered = scenario_coverage(saved_scenarios(), build_knowledge())
    runner = page_text(client.get(RUN))
    assert "that no scenario tests" not in runner
    for line in covered.lines():
        assert line in runner
    for item in covered.findings:
        assert item.name in runner
    assert "that no scenario tests" not in page_text(client.get(PUBLISH))
    assert Release.objects.count() == 1
