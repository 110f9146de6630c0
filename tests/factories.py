"""Small builders for engine tests: a knowledge snapshot without the database."""

from __future__ import annotations

from triage import engine

SOURCE = engine.SourceInfo(code="src", title="A page", publisher="NHS", url="https://www.nhs.uk/")


def question(
    code: str,
    options: list[str],
    *,
    step: str = "s1",
    kind: str = "multiple",
    required: bool = True,
    show_when: tuple[str, ...] = (),
    exclusive: tuple[str, ...] = (),
):
    return engine.QuestionInfo(
        code=code,
        step_code=step,
        text=f"Question {code}?",
        help_text="",
        kind=kind,
        required=required,
        options=tuple(
            engine.FindingInfo(
                code=o, label=f"Label {o}", help_text="", exclusive=o in exclusive, question_code=code
            )
            for o in options
        ),
        show_when=frozenset(show_when),
    )


def condition(
    code: str,
    ratios: dict[str, float],
    *,
    prevalence: str = "common",
    do_not_miss: bool = False,
    if_absent: dict[str, float] | None = None,
    key_answers: tuple[str, ...] = (),
    minimum_urgency: str = "",
) -> engine.ConditionInfo:
    return engine.ConditionInfo(
        code=code,
        name=code.title(),
        summary="",
        prevalence=prevalence,
        do_not_miss=do_not_miss,
        ratios=ratios,
        ratios_if_absent=if_absent or {},
        key_answers=frozenset(key_answers),
        minimum_urgency=minimum_urgency,
        sources=(SOURCE,),
    )


def red_flag(
    code: str,
    urgency: str,
    findings: set[str],
    any_findings: set[str] = frozenset(),
    also_any_findings: set[str] = frozenset(),
) -> engine.RedFlagInfo:
    return engine.RedFlagInfo(
        code=code,
        title=code,
        urgency=urgency,
        message="",
        action="",
        findings=frozenset(findings),
        any_findings=frozenset(any_findings),
        also_any_findings=frozenset(also_any_findings),
        sources=(SOURCE,),
    )


def knowledge(
    questions_by_step: dict[str, list[engine.QuestionInfo]], conditions=(), red_flags=()
) -> engine.Knowledge:
    steps = tuple(
        engine.StepInfo(code=code, title=code, intro="", questions=tuple(qs))
        for code, qs in questions_by_step.items()
    )
    return engine.Knowledge(steps=steps, conditions=tuple(conditions), red_flags=tuple(red_flags))
