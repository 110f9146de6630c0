"""The knowledge check: every problem in the knowledge base at once, on snapshots and on the fixtures."""

from __future__ import annotations

import dataclasses

import pytest
from django.core.management import CommandError, call_command

from tests.factories import SOURCE, condition, knowledge, question, red_flag
from triage import engine
from triage.knowledge.check import ERROR, WARNING, check, find_problems
from triage.models import Condition, Question, RedFlag, Source, Step


def problems_about(problems, code: str) -> list[tuple[str, str]]:
    return [(p.level, p.message) for p in problems if p.code == code]


def simple(**extra) -> engine.Knowledge:
    """Two steps; 'a' has answers a1, a2 and 'none'; 'b' is a one-answer question."""
    steps = {
        "s1": [question("a", ["a1", "a2", "none"], exclusive=("none",))],
        "s2": [question("b", ["b1", "b2"], step="s2", kind="single")],
    }
    steps.update(extra.pop("steps", {}))
    return knowledge(
        steps,
        conditions=extra.pop("conditions", [condition("c", {"a1": 10, "b1": 2, "a2": 0.2, "b2": 2})]),
        red_flags=extra.pop("red_flags", [red_flag("r", "urgent", {"a1", "b2"})]),
    )


def test_a_sound_snapshot_has_no_problems():
    assert check(simple()) == []


def test_a_step_with_no_questions_is_an_error():
    problems = check(simple(steps={"s3": []}))
    assert problems_about(problems, "s3") == [
        (ERROR, "This step has no questions: it would show an empty page.")
    ]


def test_a_question_with_no_options_is_an_error():
    problems = check(simple(steps={"s3": [question("empty", [], step="s3")]}))
    assert (ERROR, "This question has no answer options, so nobody can answer it.") in problems_about(
        problems, "empty"
    )


def test_a_follow_up_rule_on_its_own_answer_or_a_later_question_is_an_error():
    own = question("own", ["o1"], step="s3", show_when=("o1",), required=False)
    # 'early' is asked on s1 but revealed by an answer on s2, which comes later.
    early = question("early", ["e1"], step="s1", show_when=("b1",), required=False)
    base = simple(steps={"s3": [own]})
    first = dataclasses.replace(base.steps[0], questions=(*base.steps[0].questions, early))
    problems = check(dataclasses.replace(base, steps=(first, *base.steps[1:])))
    assert any("points at one of its own answers" in m for _, m in problems_about(problems, "own"))
    assert any("an answer to a question asked later" in m for _, m in problems_about(problems, "early"))


def test_a_required_follow_up_that_can_never_show_is_an_error():
    # 'never' is revealed by 'x1', which is itself on a question that nothing can reveal.
    hidden = question("hidden", ["x1"], step="s3", show_when=("x1",), required=False)
    never = question("never", ["n1"], step="s3", show_when=("x1",))
    problems = check(simple(steps={"s3": [hidden, never]}))
    assert (ERROR, "No set of answers can ever show this follow-up question.") in problems_about(
        problems, "never"
    )
    assert (WARNING, "No set of answers can ever show this follow-up question.") in problems_about(
        problems, "hidden"
    )


def test_a_follow_up_revealed_by_an_earlier_answer_is_fine():
    follow_up = question("more", ["m1", "m-none"], step="s3", show_when=("a1",), exclusive=("m-none",))
    sound = simple(
        steps={"s3": [follow_up]},
        conditions=[condition("c", {"a1": 10, "a2": 0.2, "b1": 2, "b2": 2, "m1": 2})],
    )
    assert check(sound) == []


def test_conditions_without_sources_bad_ratios_or_support_are_listed():
    no_source = dataclasses.replace(condition("nosrc", {"a1": 10, "b1": 2, "b2": 2}), sources=())
    zero = condition("zero", {"a1": 0, "b1": 2, "b2": 2, "a2": 7})
    unsupported = condition("unsupported", {"a1": 0.2, "b1": 0.05, "b2": 0.5})
    dnm = condition("dnm", {"a1": 0.2}, do_not_miss=True, key_answers=("a1",))
    problems = check(simple(conditions=[no_source, zero, unsupported, dnm]))
    assert problems_about(problems, "nosrc") == [(ERROR, "This condition cites no source. Add at least one.")]
    zero_messages = problems_about(problems, "zero")
    assert (ERROR, "The ratio of 'Label a1' is 0; choose one from the scale.") in zero_messages
    assert (ERROR, "The ratio of 'Label a2' is 7; choose one from the scale.") in zero_messages
    not_listed = "No answer supports this condition (no link with a ratio above 1), so it is never listed."
    assert problems_about(problems, "unsupported") == [(WARNING, not_listed)]
    weak_key = "Key answers should also make it likelier (a ratio above 1): a1."
    assert problems_about(problems, "dnm") == [(ERROR, not_listed), (WARNING, weak_key)]


def test_red_flags_that_can_never_show_are_errors():
    flags = [
        red_flag("nothing", "urgent", set()),
        dataclasses.replace(red_flag("nosrc", "urgent", {"a1"}), sources=()),
        red_flag("single", "emergency", {"b1", "b2"}),
        red_flag("exclusive", "soon", {"a1", "none"}),
        red_flag("missing", "soon", {"gone"}),
    ]
    problems = check(simple(red_flags=flags))
    assert problems_about(problems, "nothing") == [
        (ERROR, "This red flag has no answer options, so it can never show. Add at least one.")
    ]
    assert problems_about(problems, "nosrc") == [(ERROR, "This red flag cites no source. Add at least one.")]
    assert problems_about(problems, "single") == [
        (
            ERROR,
            "It can never show: 'Label b1' and 'Label b2' are answers to the same one-answer question "
            "'Question b?'.",
        )
    ]
    assert problems_about(problems, "exclusive") == [
        (
            ERROR,
            "It can never show: 'Label none' cannot be chosen together with other answers "
            "('Label a1' and 'Label none').",
        )
    ]
    assert problems_about(problems, "missing") == [(ERROR, "It needs an answer that does not exist (gone).")]


def test_answers_linked_to_nothing_are_warnings_but_none_of_these_is_not():
    problems = check(simple(conditions=[condition("c", {"a1": 10, "b1": 2, "b2": 2})]))
    assert problems_about(problems, "a2") == [
        (
            WARNING,
            "This answer is linked to no condition, red flag or follow-up question, so it changes nothing.",
        )
    ]
    assert problems_about(problems, "none") == []


def test_sources_without_an_address_or_never_cited_are_warnings():
    unused = engine.SourceInfo(code="unused", title="Old leaflet", publisher="NHS", url="")
    problems = check(simple(), sources=[SOURCE, unused])
    assert problems_about(problems, "unused") == [
        (WARNING, "This source has no web address."),
        (WARNING, "No condition, red flag, self-care advice or medicine cites this source."),
    ]
    assert problems_about(problems, SOURCE.code) == []


def test_errors_come_before_warnings():
    problems = check(simple(steps={"s3": []}, conditions=[condition("c", {"a1": 10, "b1": 2, "b2": 2})]))
    levels = [p.level for p in problems]
    assert levels == sorted(levels, key=lambda level: level != ERROR)
    assert ERROR in levels and WARNING in levels


@pytest.mark.django_db
def test_the_shipped_knowledge_has_no_errors():
    errors = [str(p) for p in find_problems() if p.is_error]
    assert errors == []


@pytest.mark.django_db
def test_the_command_passes_on_the_shipped_knowledge(capsys):
    call_command("check_knowledge")
    assert "Knowledge check passed: 0 error(s)" in capsys.readouterr().out


@pytest.mark.django_db
def test_the_command_lists_every_problem_and_fails_on_errors(capsys):
    RedFlag.objects.get(code=RedFlag.objects.first().code).findings.clear()
    Condition.objects.get(code="bfs").sources.clear()
    Step.objects.create(code="empty-step", title="An empty step", order=99)
    with pytest.raises(CommandError, match="3 error"):
        call_command("check_knowledge")
    out = capsys.readouterr().out
    assert "This red flag has no answer options" in out
    assert "ERROR: Condition 'bfs'" in out
    assert "ERROR: Step 'empty-step' (An empty step): This step has no questions" in out


@pytest.mark.django_db
def test_each_problem_links_to_its_admin_page():
    condition = Condition.objects.get(code="bfs")
    condition.sources.clear()
    source = Source.objects.create(code="leaflet", title="A leaflet", publisher="NHS")
    problems = find_problems()
    assert {p.admin_url for p in problems if p.code == "bfs"} == {
        f"/admin/triage/condition/{condition.pk}/change/"
    }
    assert {p.admin_url for p in problems if p.code == "leaflet"} == {
        f"/admin/triage/source/{source.pk}/change/"
    }


@pytest.mark.django_db
def test_a_snapshot_can_be_checked_instead_of_the_draft(knowledge):
    broken = dataclasses.replace(
        knowledge, steps=(*knowledge.steps, engine.StepInfo("extra", "Extra", "", ()))
    )
    assert [p.code for p in find_problems(broken) if p.is_error] == ["extra"]
    assert not Step.objects.filter(code="extra").exists()


@pytest.mark.django_db
def test_the_admin_page_lists_the_problems_with_links(admin_client):
    condition = Condition.objects.get(code="bfs")
    condition.sources.clear()
    response = admin_client.get("/admin/triage/knowledge-check/")
    assert response.status_code == 200
    assert "1 error" in response.text
    assert f'<a href="/admin/triage/condition/{condition.pk}/change/">{condition.name}</a>' in response.text
    assert "This condition cites no source. Add at least one." in response.text


@pytest.mark.django_db
def test_the_admin_page_says_when_there_are_no_errors(admin_client):
    response = admin_client.get("/admin/triage/knowledge-check/")
    assert "0 errors" in response.text


@pytest.mark.django_db
def test_the_admin_index_links_to_the_knowledge_check(admin_client):
    response = admin_client.get("/admin/")
    assert "Clinical tools" in response.text
    assert 'href="/admin/triage/knowledge-check/"' in response.text


@pytest.mark.django_db
def test_follow_up_questions_in_the_fixtures_are_reachable(knowledge):
    from triage.knowledge.check import reachable_questions

    follow_ups = {q.code for q in knowledge.questions.values() if q.show_when}
    assert follow_ups
    assert follow_ups <= reachable_questions(knowledge)
    assert Question.objects.filter(code__in=follow_ups).count() == len(follow_ups)


def test_a_warning_marked_as_intended_drops_out_of_the_count_with_its_reason(admin_client):
    from django.core.management import call_command

    from triage.models import AcceptedWarning

    html = admin_client.get("/admin/triage/knowledge-check/").content.decode()
    assert "Marked as intended (not counted)" in html
    intended = AcceptedWarning.objects.get(kind="finding", code="spread-fixed")
    assert intended.reason in html
    before = sum(p.needs_a_look for p in find_problems())
    intended.delete()
    problems = find_problems()
    assert sum(p.needs_a_look for p in problems) == before + 1
    again = next(p for p in problems if p.code == "spread-fixed")
    assert again.check == "unused-answer" and not again.accepted
    page = admin_client.get("/admin/triage/knowledge-check/").content.decode()
    assert "?kind=finding&amp;code=spread-fixed&amp;warning=unused-answer" in page
    call_command("check_knowledge", verbosity=0)  # warnings alone never fail the check


def test_an_error_can_never_be_marked_as_intended(db):
    from triage.models import AcceptedWarning, Step

    Step.objects.create(code="empty-step", title="An empty page", order=999)
    AcceptedWarning.objects.create(kind="step", code="empty-step", warning="", reason="Not a good reason")
    empty = [p for p in find_problems() if p.code == "empty-step"]
    assert empty and all(p.is_error and p.needs_a_look for p in empty)


def test_the_mark_as_intended_form_opens_filled_in_for_a_clinical_lead(client, lead):
    client.force_login(lead)
    page = client.get(
        "/admin/triage/acceptedwarning/add/?kind=finding&code=onset-sudden&warning=unused-answer"
    )
    html = page.content.decode()
    assert page.status_code == 200
    assert 'value="onset-sudden"' in html and 'value="unused-answer"' in html


def test_a_warning_sign_or_cause_no_scenario_reaches_is_named(db):
    """The shipped scenarios reach every warning sign and cause; take away the only scenario that
    raises one and the knowledge check names it, with the fix."""
    from triage.models import Scenario

    assert not [p for p in find_problems() if p.check == "no-scenario"]
    Scenario.objects.filter(code="hands-locked-in-spasms-twice-after-thyroid-surgery").delete()
    unreached = [p for p in find_problems() if p.check == "no-scenario"]
    assert [(p.model, p.code) for p in unreached] == [("redflag", "hands-or-feet-spasms")]
    assert "Add a scenario, written from a source" in unreached[0].message
    assert not unreached[0].is_error


def test_two_questions_filling_one_part_of_the_doctors_line_is_an_error_unless_one_follows_up():
    """Issue 23, item 3: the doctor's one-line summary is made of the parts questions fill. A second
    question filling a part would silently replace the first one's answer, unless it follows it up
    (which side after "one side")."""
    sides = dataclasses.replace(question("sides", ["one", "both"], kind="single"), summary_part="side")
    which = dataclasses.replace(
        question("which-side", ["left", "right"], kind="single", show_when=("one",)), summary_part="side"
    )
    other = dataclasses.replace(question("where", ["arm", "leg"]), summary_part="side")
    ratios = {"one": 2, "both": 2, "left": 2, "right": 2, "arm": 2, "leg": 2}
    fine = check(knowledge({"s1": [sides, which]}, conditions=[condition("x", ratios)]))
    assert not [p for p in fine if p.check == "summary-part-twice"]
    clash = check(knowledge({"s1": [sides, which, other]}, conditions=[condition("x", ratios)]))
    assert [(p.level, p.code) for p in clash if p.check == "summary-part-twice"] == [(ERROR, "where")]
