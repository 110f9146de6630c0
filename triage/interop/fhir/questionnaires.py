"""A knowledge release as a FHIR R4 Questionnaire: a group per step opening with its introduction,
a `choice` item per question with its help, and the warning signs as display items shown by the
answers that raise them. Every knowledge text carries its translations (the standard translation
extension on `_text` and `_display`).

Help is a `display` item inside its question with the core R4 `questionnaire-itemControl` extension
coded `help` (http://hl7.org/fhir/questionnaire-item-control): both are defined in R4 itself, so any
R4 system can read them, and a renderer that does not know the extension still shows the text under
the question. (The SDC alternatives, such as rendering-xhtml on `_text`, change how the question's
own text looks rather than adding help.) An answer's help goes in the same way, after its label.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from fhir.resources.R4B.codeableconcept import CodeableConcept
from fhir.resources.R4B.coding import Coding
from fhir.resources.R4B.extension import Extension
from fhir.resources.R4B.questionnaire import (
    Questionnaire,
    QuestionnaireItem,
    QuestionnaireItemAnswerOption,
    QuestionnaireItemEnableWhen,
)

from triage import engine
from triage.interop.fhir.codes import (
    FINDING,
    ITEM_CONTROL,
    ITEM_CONTROL_CODES,
    LANGUAGE,
    OPTION_EXCLUSIVE,
    QUESTIONNAIRE,
    localised,
    step_link_id,
    translation_extension,
    uri,
)

HELP = Extension(
    url=ITEM_CONTROL,
    valueCodeableConcept=CodeableConcept(
        coding=[Coding(system=ITEM_CONTROL_CODES, code="help", display="Help-Button")]
    ),
)
# How each of a warning sign's lists fires: every answer of `findings`, one of each other list.
ALL, ANY = "all", "any"


def display_item(
    link_id: str, knowledge: engine.Knowledge, parts: Iterable[tuple[str, str, str, str]], **more
) -> QuestionnaireItem:
    text, translations = localised(knowledge, parts)
    return QuestionnaireItem(
        linkId=link_id, type="display", text=text, text__ext=translation_extension(translations), **more
    )


def help_items(question: engine.QuestionInfo, knowledge: engine.Knowledge) -> list[QuestionnaireItem]:
    """The question's help, then each answer's help as "label: help"."""
    items = []
    if question.help_text:
        parts = [("question", question.code, "help_text", question.help_text)]
        items.append(display_item(f"help:{question.code}", knowledge, parts, extension=[HELP]))
    for option in question.options:
        if option.help_text:
            parts = [
                ("finding", option.code, "label", option.label),
                ("finding", option.code, "help_text", option.help_text),
            ]
            link_id = f"help:{question.code}:{option.code}"
            items.append(display_item(link_id, knowledge, parts, extension=[HELP]))
    return items


def answer_coding(code: str, knowledge: engine.Knowledge, base: str) -> Coding:
    finding = knowledge.findings[code]
    label, translations = localised(knowledge, [("finding", code, "label", finding.label)])
    return Coding(
        system=uri(base, FINDING), code=code, display=label, display__ext=translation_extension(translations)
    )


def enable_when(codes: Iterable[str], knowledge: engine.Knowledge, base: str, operator: str = "=") -> list:
    """A condition per answer, in questionnaire order: true when that answer was given ("=") or
    when it was not ("!=")."""
    return [
        QuestionnaireItemEnableWhen(
            question=knowledge.findings[code].question_code,
            operator=operator,
            answerCoding=answer_coding(code, knowledge, base),
        )
        for code in sorted(codes, key=knowledge.finding_rank.__getitem__)
    ]


def question_item(question: engine.QuestionInfo, knowledge: engine.Knowledge, base: str) -> QuestionnaireItem:
    options = [
        QuestionnaireItemAnswerOption(
            valueCoding=answer_coding(option.code, knowledge, base),
            extension=[Extension(url=OPTION_EXCLUSIVE, valueBoolean=True)] if option.exclusive else None,
        )
        for option in question.options
    ]
    # A follow-up question is asked when any one of its trigger answers is given. One that is not
    # asked after certain answers (pregnancy at 75 or over) needs all its conditions: it has at most
    # one trigger (the knowledge check refuses more), so "all" says the same as the engine.
    triggers = enable_when((c for c in question.show_when if c in knowledge.findings), knowledge, base)
    hidden = enable_when((c for c in question.hide_when if c in knowledge.findings), knowledge, base, "!=")
    behaviour = ALL if hidden else ANY
    triggers += hidden
    text, translations = localised(knowledge, [("question", question.code, "text", question.text)])
    return QuestionnaireItem(
        linkId=question.code,
        text=text,
        text__ext=translation_extension(translations),
        type="choice",
        required=question.required,
        repeats=question.kind == "multiple",
        answerOption=options,
        enableWhen=triggers or None,
        enableBehavior=behaviour if triggers else None,
        item=help_items(question, knowledge) or None,
    )


# Warning signs -----------------------------------------------------------------------------------


def firing_levels(flag: engine.RedFlagInfo, knowledge: engine.Knowledge) -> list[tuple[str, list[str]]]:
    """When a warning sign fires, as nested conditions that must all hold: ("all", every answer of
    `findings`), then ("any", one of `any_findings`) and ("any", one of `also_any_findings`), each
    only when its list is not empty. One item's enableWhen says "all of" or "any of", not both, so
    each level is one item and the levels nest (an item inside a disabled item is disabled): the
    sign's exact rule. Empty for a sign that can never fire (no answers, or an answer that is not in
    the questionnaire where every one is needed): it is left out rather than given a wrong rule."""
    known = knowledge.findings
    if (not flag.findings and not flag.any_findings) or not flag.findings <= known.keys():
        return []
    levels = [(ALL, sorted(flag.findings))] if flag.findings else []
    for either in (flag.any_findings, flag.also_any_findings):
        if either:
            codes = sorted(code for code in either if code in known)
            if not codes:
                return []
            levels.append((ANY, codes))
    return levels


def warning_item(
    flag: engine.RedFlagInfo, levels: list[tuple[str, list[str]]], knowledge: engine.Knowledge, base: str
) -> QuestionnaireItem:
    """A display item of the sign's title and message, inside one group per outer level."""

    def conditions(level: tuple[str, list[str]]) -> dict:
        behaviour, codes = level
        return {
            "enableWhen": enable_when(codes, knowledge, base),
            "enableBehavior": behaviour if len(codes) > 1 else None,
        }

    parts = [("redflag", flag.code, "title", flag.title), ("redflag", flag.code, "message", flag.message)]
    item = display_item(f"warning:{flag.code}", knowledge, parts, **conditions(levels[-1]))
    for depth in range(len(levels) - 2, -1, -1):
        item = QuestionnaireItem(
            linkId=f"warning:{flag.code}:{depth + 1}", type="group", item=[item], **conditions(levels[depth])
        )
    return item


def warnings_by_step(knowledge: engine.Knowledge, base: str) -> dict[str, list[QuestionnaireItem]]:
    """Each warning sign that can fire, in the step of the last question it depends on: it shows
    as soon as the answers that raise it are given."""
    found: dict[str, list[QuestionnaireItem]] = {}
    for flag in knowledge.red_flags:
        levels = firing_levels(flag, knowledge)
        if not levels:
            continue
        steps = [
            knowledge.questions[knowledge.findings[code].question_code].step_code
            for _, codes in levels
            for code in codes
        ]
        last = max(steps, key=knowledge.step_index)
        found.setdefault(last, []).append(warning_item(flag, levels, knowledge, base))
    return found


# The questionnaire ------------------------------------------------------------------------------


def step_item(
    step: engine.StepInfo, warnings: list[QuestionnaireItem], knowledge: engine.Knowledge, base: str
) -> QuestionnaireItem:
    intro = [("step", step.code, "intro", step.intro)]
    title, translations = localised(knowledge, [("step", step.code, "title", step.title)])
    return QuestionnaireItem(
        linkId=step_link_id(step.code),
        text=title,
        text__ext=translation_extension(translations),
        type="group",
        item=[
            *([display_item(f"intro:{step.code}", knowledge, intro)] if step.intro else []),
            *(question_item(q, knowledge, base) for q in step.questions),
            *warnings,
        ],
    )


def questionnaire(
    knowledge: engine.Knowledge, *, version: int, published: datetime, base: str
) -> Questionnaire:
    """The questionnaire of one knowledge release: a group per step, an item per question."""
    warnings = warnings_by_step(knowledge, base)
    return Questionnaire(
        id=f"muscle-twitching-check-v{version}",
        language=LANGUAGE,
        url=uri(base, QUESTIONNAIRE),
        version=str(version),
        name="MuscleTwitchingCheck",
        title="Muscle twitching check",
        status="active",
        date=published,
        subjectType=["Patient"],
        description=(
            "Questions for people with muscle twitching (fasciculations), asked step by step. The "
            f"answers suggest how soon to get help. Knowledge release v{version}."
        ),
        item=[
            step_item(step, warnings.get(step.code, []), knowledge, base)
            for step in knowledge.steps
            if step.questions
        ],
    )


def canonical(base: str, version: int | None) -> str:
    """The questionnaire an assessment answered: its release's version when it has one."""
    url = uri(base, QUESTIONNAIRE)
    return f"{url}|{version}" if version is not None else url
