"""Linking where you are: on a question's admin page each answer option carries the conditions it
bears on (with their ratios) and the red flags it belongs to, so a new option is written and linked
in one save; a condition's page folds its answers by step."""

from __future__ import annotations

import re
from collections import defaultdict

import pytest
from django.db.models import Count

from tests.admin_data import REASON, BrowserForm, as_browser_sends
from triage.knowledge.draft import build_knowledge
from triage.models import Condition, ConditionFinding, Finding, Question, RedFlag

pytestmark = pytest.mark.django_db


def question_page(client, question: Question) -> tuple[str, defaultdict[str, list[str]]]:
    """The question's admin page and what a browser would send from it unchanged."""
    url = f"/admin/triage/question/{question.pk}/change/"
    reader = BrowserForm("question_form")
    reader.feed(client.get(url).text)
    fields: defaultdict[str, list[str]] = defaultdict(list)
    for name, value in reader.pairs:
        fields[name].append(value)
    return url, fields


def add_option(fields: dict, **values) -> str:
    """A new answer option row, as a clinician fills in the empty block; returns its prefix."""
    index = int(fields["findings-TOTAL_FORMS"][0])
    fields["findings-TOTAL_FORMS"] = [str(index + 1)]
    prefix = f"findings-{index}"
    fields[f"{prefix}-links-TOTAL_FORMS"] = ["3"]
    fields[f"{prefix}-links-INITIAL_FORMS"] = ["0"]
    for name, value in values.items():
        fields[f"{prefix}-{name}"] = value if isinstance(value, list) else [str(value)]
    return prefix


def option_prefix(fields: dict, option: Finding) -> str:
    return next(
        name.removesuffix("-id")
        for name, v in fields.items()
        if re.fullmatch(r"findings-\d+-id", name) and v == [str(option.pk)]
    )


def test_a_new_answer_is_linked_to_a_condition_and_a_red_flag_in_the_same_save(client, editor):
    client.force_login(editor)
    question = Question.objects.get(code="symptoms")
    condition = Condition.objects.get(code="bfs")
    flag = (
        RedFlag.objects.exclude(findings__question=question).exclude(any_findings__question=question).first()
    )
    url, fields = question_page(client, question)
    add_option(
        fields,
        label_en_gb="Hiccups that will not stop",
        code="sym-hiccups",
        order=99,
        help_text_en_gb="",
        **{"links-0-condition": condition.pk, "links-0-ratio": "5.0", "red_flags": [str(flag.pk)]},
    )

    response = client.post(url, {**fields, "change_reason": REASON, "_continue": "Save"})

    assert response.status_code == 302, response.text[:3000]
    knowledge = build_knowledge()
    assert next(c for c in knowledge.conditions if c.code == "bfs").ratios["sym-hiccups"] == 5.0
    assert "sym-hiccups" in next(f for f in knowledge.red_flags if f.code == flag.code).findings
    assert "sym-hiccups" in flag.history.latest().findings.values_list("finding__code", flat=True)


def test_each_answer_shows_its_conditions_and_ratios_on_the_question_page(client, editor):
    client.force_login(editor)
    link = ConditionFinding.objects.select_related("finding__question").order_by("pk").first()
    url, fields = question_page(client, link.finding.question)
    prefix = option_prefix(fields, link.finding)
    rows = range(int(fields[f"{prefix}-links-INITIAL_FORMS"][0]))
    shown = {
        (fields[f"{prefix}-links-{i}-condition"][0], fields[f"{prefix}-links-{i}-ratio"][0]) for i in rows
    }
    assert (str(link.condition_id), str(link.ratio)) in shown


def test_a_ratio_and_a_red_flag_change_on_an_existing_answer_without_leaving_the_question(client, editor):
    client.force_login(editor)
    link = (
        ConditionFinding.objects.select_related("finding__question").filter(ratio=2.0).order_by("pk").first()
    )
    flag = RedFlag.objects.exclude(findings__question=link.finding.question).first()
    url, fields = question_page(client, link.finding.question)
    prefix = option_prefix(fields, link.finding)
    row = next(
        i
        for i in range(int(fields[f"{prefix}-links-INITIAL_FORMS"][0]))
        if fields[f"{prefix}-links-{i}-id"] == [str(link.pk)]
    )
    fields[f"{prefix}-links-{row}-ratio"] = ["10.0"]
    fields[f"{prefix}-red_flags_any"] = [*fields.get(f"{prefix}-red_flags_any", []), str(flag.pk)]

    response = client.post(url, {**fields, "change_reason": REASON, "_save": "Save"})

    assert response.status_code == 302, response.text[:3000]
    link.refresh_from_db()
    assert link.ratio == 10.0
    assert flag.any_findings.filter(pk=link.finding_id).exists()


def test_a_red_flag_that_would_be_left_without_answers_is_refused(client, editor):
    client.force_login(editor)
    flag = next(
        f
        for f in RedFlag.objects.prefetch_related("findings", "any_findings")
        if len(_found := [*f.findings.all(), *f.any_findings.all()]) == 1
    )
    option = [*flag.findings.all(), *flag.any_findings.all()][0]
    url, fields = question_page(client, option.question)
    prefix = option_prefix(fields, option)
    for name in ("red_flags", "red_flags_any"):
        fields[f"{prefix}-{name}"] = [pk for pk in fields.get(f"{prefix}-{name}", []) if pk != str(flag.pk)]

    response = client.post(url, {**fields, "change_reason": REASON, "_save": "Save"})

    assert response.status_code == 200
    assert f"The red flag &#x27;{flag.title}&#x27; would be left with no answers." in response.text
    assert flag.findings.count() + flag.any_findings.count() == 1


def test_two_answers_to_a_one_answer_question_cannot_make_one_red_flag(client, editor):
    client.force_login(editor)
    question = Question.objects.filter(kind="single").annotate(n=Count("findings")).filter(n__gte=2).first()
    first, second = question.findings.order_by("order")[:2]
    flag = RedFlag.objects.exclude(findings__question=question).first()
    url, fields = question_page(client, question)
    for option in (first, second):
        fields[f"{option_prefix(fields, option)}-red_flags"].append(str(flag.pk))

    response = client.post(url, {**fields, "change_reason": REASON, "_save": "Save"})

    assert response.status_code == 200
    assert "answers to this one-answer question, so it could never show" in response.text
    assert not flag.findings.filter(question=question).exists()


def test_a_condition_page_folds_its_answers_by_step_and_saves_as_it_stands(client, editor):
    client.force_login(editor)
    condition = Condition.objects.get(code="benign-twitches")
    url = f"/admin/triage/condition/{condition.pk}/change/"
    page = client.get(url).text
    steps = {
        link.finding.question.step.title
        for link in condition.finding_links.select_related("finding__question__step")
    }
    folds = re.findall(r'<details class="step-links">\s*<summary>([^<]+?) <span', page)
    assert sorted(folds) == sorted(steps) and len(steps) > 3
    before = set(condition.finding_links.values_list("finding_id", "ratio", "ratio_if_absent"))

    response = client.post(
        url, as_browser_sends(page, "condition_form"), content_type="application/x-www-form-urlencoded"
    )

    assert response.status_code == 302, response.text[:3000]
    assert set(condition.finding_links.values_list("finding_id", "ratio", "ratio_if_absent")) == before


def test_the_red_flag_picker_finds_red_flags_by_their_words(client, editor):
    client.force_login(editor)
    flag = RedFlag.objects.order_by("code").first()
    response = client.get("/admin/triage/redflag/search/", {"term": flag.title})
    assert response.status_code == 200
    assert {"id": str(flag.pk), "text": str(flag)} in response.json()["results"]
