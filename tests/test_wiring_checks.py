"""Wiring checks (issue 22, item 4): an answer left out of a follow-up that most of its question's
answers open is named by the knowledge check, and a text with an unknown placeholder is refused when
it is saved in the admin, with the list of the known ones."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.test import Client

from tests.admin_data import staff_user
from tests.factories import condition, knowledge, question
from triage.knowledge.check import WARNING, check, find_problems
from triage.models import RedFlag, Step

MEDICINES = ["m1", "m2", "m3", "m4", "m5"]


def with_follow_up(wired: list[str]):
    """A medicines-like question (five answers and "none") and a follow-up opened by `wired`."""
    steps = {
        "s1": [
            question("meds", [*MEDICINES, "none"], exclusive=("none",)),
            question("change", ["yes", "no"], kind="single", show_when=tuple(wired)),
        ]
    }
    ratios = dict.fromkeys([*MEDICINES, "yes", "no"], 2)
    return knowledge(steps, conditions=[condition("c", ratios)])


def not_wired(problems) -> list[tuple[str, str]]:
    return [(p.level, p.code) for p in problems if p.check == "follow-up-not-wired"]


def test_an_answer_left_out_of_a_follow_up_the_others_open_is_named():
    problems = check(with_follow_up(["m1", "m2", "m3", "m4"]))
    assert not_wired(problems) == [(WARNING, "m5")]
    message = next(p.message for p in problems if p.check == "follow-up-not-wired")
    assert "asked after 4 of the 5 answers" in message


def test_a_follow_up_for_some_answers_only_is_not_a_wiring_problem():
    # Two of five, as "which part of the face" opens for the face answers of "where" alone.
    assert not_wired(check(with_follow_up(["m1", "m2"]))) == []
    # Every answer wired, and the exclusive "none" never counts.
    assert not_wired(check(with_follow_up(MEDICINES))) == []


@pytest.mark.django_db
def test_the_shipped_knowledge_has_every_follow_up_wired_or_marked_with_a_reason():
    problems = [p for p in find_problems() if p.check == "follow-up-not-wired"]
    assert [(p.code, bool(p.accepted)) for p in problems] == [("med-recreational", True)]


@pytest.mark.django_db
def test_a_misspelt_placeholder_is_refused_on_save_with_the_known_ones():
    client = Client()
    client.force_login(staff_user("editor", "Clinical editor"))
    flag = RedFlag.objects.get(code="unwell-after-medicine-or-drug")
    page = client.get(f"/admin/triage/redflag/{flag.pk}/change/")
    form = page.context["adminform"].form
    data = {
        key: value
        for key, value in {**form.initial, **{n: form[n].value() for n in form.fields}}.items()
        if value is not None
    }
    data["action_en_gb"] = "Call {emergancy} now."
    flat = {}
    for key, value in data.items():
        flat[key] = [getattr(v, "pk", v) for v in value] if isinstance(value, list | tuple) else value
    response = client.post(f"/admin/triage/redflag/{flag.pk}/change/", flat)
    assert response.status_code == 200  # the form again, not a redirect
    html = response.content.decode()
    assert (
        "{emergancy} is not a placeholder. Use one of {emergency}, {urgent}, {ed}, {gp}, {gp_surgery}, "
        "{alcohol_limit}, {stroke_check}." in html
    )
    flag.refresh_from_db()
    assert "{emergancy}" not in flag.action_en_gb


@pytest.mark.django_db
def test_a_known_placeholder_is_accepted_and_an_unknown_one_refused_in_every_language():
    step = Step.objects.first()
    step.intro_en_gb = "Call {emergency} if you cannot breathe."
    step.full_clean()
    step.intro_zh_hant = "{emergancy}"
    with pytest.raises(ValidationError) as refused:
        step.full_clean()
    assert "intro_zh_hant" in refused.value.message_dict
