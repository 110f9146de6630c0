"""The draft knowledge: the tables clinicians edit, turned into an engine snapshot.

`build_knowledge()` runs a fixed number of queries whatever the size of the knowledge base. The
scenario runner, the knowledge check and publishing use it; the public questionnaire never does
(it runs on the published release, `triage.knowledge.published`).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import replace

from django.conf import settings
from django.db import models
from django.utils import translation

from triage import engine
from triage.knowledge.languages import text_lines
from triage.knowledge.translations import draft_translations
from triage.medicines import split_names
from triage.models import (
    Condition,
    ConditionAdvice,
    ConditionFinding,
    Finding,
    Medicine,
    Question,
    RedFlag,
    SelfCareAdvice,
    Source,
    Step,
)


def related_sources(
    through: type[models.Model], owner_field: str, sources: dict[int, engine.SourceInfo]
) -> defaultdict[int, tuple[engine.SourceInfo, ...]]:
    """Each owner's cited sources, ordered by code, from one query on a many-to-many table."""
    grouped: defaultdict[int, list[engine.SourceInfo]] = defaultdict(list)
    for owner_id, source_id in through._default_manager.values_list(owner_field, "source_id"):
        grouped[owner_id].append(sources[source_id])
    return defaultdict(tuple, {k: tuple(sorted(v, key=lambda s: s.code)) for k, v in grouped.items()})


def linked_codes(
    through: type[models.Model], owner_field: str, finding_codes: dict[int, str]
) -> defaultdict[int, frozenset[str]]:
    """Each owner's linked answer codes, from one query on a many-to-many table to findings."""
    grouped: defaultdict[int, set[str]] = defaultdict(set)
    for owner_id, finding_id in through._default_manager.values_list(owner_field, "finding_id"):
        grouped[owner_id].add(finding_codes[finding_id])
    return defaultdict(frozenset, {k: frozenset(v) for k, v in grouped.items()})


def self_care_advice(finding_codes: dict[int, str]) -> dict[int, engine.SelfCareAdviceInfo]:
    """Every self-care advice item by id, with its "only if" answers, in two queries."""
    only_if = linked_codes(SelfCareAdvice.only_if.through, "selfcareadvice_id", finding_codes)
    return {
        pk: engine.SelfCareAdviceInfo(code=code, text=text, only_if=only_if[pk], only_below=only_below)
        for pk, code, text, only_below in SelfCareAdvice.objects.values_list(
            "pk", "code", "text", "only_below"
        )
    }


def build_knowledge(revision: int = 0) -> engine.Knowledge:
    """The draft as an engine snapshot: English texts, and every other language beside them."""
    with translation.override(settings.LANGUAGE_CODE):
        knowledge = build_english(revision)
    return replace(knowledge, translations=draft_translations())


def build_english(revision: int) -> engine.Knowledge:
    sources = {
        s.pk: engine.SourceInfo(code=s.code, title=s.title, publisher=s.publisher, url=s.url)
        for s in Source.objects.all()
    }

    options_by_question: dict[int, list[engine.FindingInfo]] = defaultdict(list)
    finding_codes: dict[int, str] = {}
    for f in Finding.objects.select_related("question").order_by("order", "code"):
        finding_codes[f.pk] = f.code
        options_by_question[f.question_id].append(
            engine.FindingInfo(
                code=f.code,
                label=f.label,
                help_text=f.help_text,
                exclusive=f.exclusive,
                if_not_chosen=f.if_not_chosen,
                if_chosen=f.if_chosen,
                heading=f.heading,
                unsure=f.unsure,
                question_code=f.question.code,
            )
        )

    show_when: dict[int, set[str]] = defaultdict(set)
    for question_id, finding_id in Question.show_when.through.objects.values_list(
        "question_id", "finding_id"
    ):
        show_when[question_id].add(finding_codes[finding_id])

    hide_when: dict[int, set[str]] = defaultdict(set)
    for question_id, finding_id in Question.hide_when.through.objects.values_list(
        "question_id", "finding_id"
    ):
        hide_when[question_id].add(finding_codes[finding_id])

    questions_by_step: dict[int, list[engine.QuestionInfo]] = defaultdict(list)
    for q in Question.objects.select_related("step").order_by("order", "code"):
        questions_by_step[q.step_id].append(
            engine.QuestionInfo(
                code=q.code,
                step_code=q.step.code,
                text=q.text,
                help_text=q.help_text,
                kind=q.kind,
                required=q.required,
                options=tuple(options_by_question[q.pk]),
                show_when=frozenset(show_when[q.pk]),
                hide_when=frozenset(hide_when[q.pk]),
                summary_part=q.summary_part,
            )
        )
    steps = tuple(
        engine.StepInfo(
            code=s.code,
            title=s.title,
            intro=s.intro,
            questions=tuple(questions_by_step[s.pk]),
            answers_stay=s.answers_stay,
        )
        for s in Step.objects.order_by("order", "code")
    )

    ratios: dict[int, dict[str, float]] = defaultdict(dict)
    ratios_if_absent: dict[int, dict[str, float]] = defaultdict(dict)
    links = ConditionFinding.objects.values_list("condition_id", "finding_id", "ratio", "ratio_if_absent")
    for condition_id, finding_id, ratio, if_absent in links:
        ratios[condition_id][finding_codes[finding_id]] = ratio
        if if_absent is not None:
            ratios_if_absent[condition_id][finding_codes[finding_id]] = if_absent
    key_answers = linked_codes(Condition.key_answers.through, "condition_id", finding_codes)
    advice = self_care_advice(finding_codes)
    self_care: dict[int, list[engine.SelfCareAdviceInfo]] = defaultdict(list)
    advice_links = ConditionAdvice.objects.order_by("order", "advice__code")
    for condition_id, advice_id in advice_links.values_list("condition_id", "advice_id"):
        self_care[condition_id].append(advice[advice_id])
    condition_sources = related_sources(Condition.sources.through, "condition_id", sources)
    conditions = tuple(
        engine.ConditionInfo(
            code=c.code,
            name=c.name,
            summary=c.summary,
            prevalence=c.prevalence,
            do_not_miss=c.do_not_miss,
            ratios=ratios[c.pk],
            ratios_if_absent=ratios_if_absent[c.pk],
            key_answers=key_answers[c.pk],
            minimum_urgency=c.minimum_urgency,
            self_care=tuple(self_care[c.pk]),
            clinician_questions=text_lines(c.clinician_questions),
            clinician_examination=text_lines(c.clinician_examination),
            clinician_tests=text_lines(c.clinician_tests),
            sources=condition_sources[c.pk],
        )
        for c in Condition.objects.order_by("code")
    )

    flag_findings = linked_codes(RedFlag.findings.through, "redflag_id", finding_codes)
    flag_any_findings = linked_codes(RedFlag.any_findings.through, "redflag_id", finding_codes)
    flag_also_any = linked_codes(RedFlag.also_any_findings.through, "redflag_id", finding_codes)
    flag_sources = related_sources(RedFlag.sources.through, "redflag_id", sources)
    red_flags = tuple(
        engine.RedFlagInfo(
            code=r.code,
            title=r.title,
            urgency=r.urgency,
            message=r.message,
            action=r.action,
            findings=flag_findings[r.pk],
            any_findings=flag_any_findings[r.pk],
            also_any_findings=flag_also_any[r.pk],
            sources=flag_sources[r.pk],
        )
        for r in RedFlag.objects.order_by("code")
    )
    medicine_findings = linked_codes(Medicine.findings.through, "medicine_id", finding_codes)
    medicine_sources = related_sources(Medicine.sources.through, "medicine_id", sources)
    medicines = tuple(
        engine.MedicineInfo(
            code=m.code,
            name=m.name,
            findings=medicine_findings[m.pk],
            names_gb=split_names(m.names_gb),
            names_us=split_names(m.names_us),
            names_tw=split_names(m.names_tw),
            names_au=split_names(m.names_au),
            sources=medicine_sources[m.pk],
        )
        for m in Medicine.objects.order_by("name", "code")
    )
    return engine.Knowledge(
        steps=steps, conditions=conditions, red_flags=red_flags, revision=revision, medicines=medicines
    )
