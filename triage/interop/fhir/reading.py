"""A QuestionnaireResponse read back into answers, and, given the knowledge it answers, refused when
its answers could not have been given: the caller shows the message (a 400 or a form error).

Pure, like the rest of `triage.interop.fhir`.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from fhir.resources.R4B.questionnaireresponse import QuestionnaireResponse
from pydantic import ValidationError

from triage import engine

# The statuses of a response whose answers stand ("in-progress" is unfinished, "entered-in-error"
# withdrawn).
READABLE = ("completed", "amended", "stopped")


class InvalidResponse(ValueError):
    """A QuestionnaireResponse that cannot be taken as answers; the message says why."""


def parsed(resource: QuestionnaireResponse | Mapping) -> QuestionnaireResponse:
    if not isinstance(resource, Mapping):
        return resource
    try:
        return QuestionnaireResponse.model_validate(resource)
    except ValidationError as error:
        first = error.errors()[0]
        where = ".".join(str(part) for part in first["loc"]) or "the resource"
        raise InvalidResponse(
            f"This is not a valid FHIR QuestionnaireResponse ({error.error_count()} problem(s); "
            f"first, at {where}: {first['msg']})."
        ) from None


def answers_from_questionnaire_response(
    resource: QuestionnaireResponse | Mapping,
    *,
    system: str | None = None,
    knowledge: engine.Knowledge | None = None,
) -> dict[str, list[str]]:
    """Question code → answer codes, from a QuestionnaireResponse (a resource or its JSON data) at
    any depth of groups. With `system`, codings from other code systems are left out. With
    `knowledge`, a response whose answers contradict it is refused (`InvalidResponse`, a
    ValueError): see `answer_problems`."""
    resource = parsed(resource)
    answers: dict[str, list[str]] = {}

    def walk(items) -> None:
        for item in items or ():
            for answer in item.answer or ():
                code = answer.valueCoding
                if code is not None and code.code and (system is None or code.system == system):
                    answers.setdefault(item.linkId, []).append(code.code)
                walk(answer.item)
            walk(item.item)

    walk(resource.item)
    if knowledge is not None:
        if resource.status not in READABLE:
            raise InvalidResponse(
                f'A response with the status "{resource.status}" holds no answers to read back: '
                f"only {', '.join(READABLE)} ones do."
            )
        problems = answer_problems(answers, knowledge, stopped=resource.status == "stopped")
        if problems:
            raise InvalidResponse("This response cannot be read back: " + " ".join(problems))
    return answers


def named(question: engine.QuestionInfo) -> str:
    return f'"{question.text}" ({question.code})'


def answer_problems(
    answers: Mapping[str, Sequence[str]], knowledge: engine.Knowledge, *, stopped: bool = False
) -> list[str]:
    """Why these answers could not have been given, each as a sentence: a question or an answer
    the questionnaire does not have, several answers to a one-answer question, an exclusive answer
    ("None of these") with another answer, or a required question left out that was shown. A
    `stopped` response that answers the first page only ended there (an emergency sign), so only
    that page's questions are required; the questionnaire stops nowhere else."""
    stopped = stopped and engine.ended_on_first_step(answers, knowledge)
    unasked = [code for code in answers if code not in knowledge.questions]
    problems = [f'"{code}" is not a question of this questionnaire.' for code in unasked]
    given: set[str] = set()
    missing = []
    for index, step in enumerate(knowledge.steps):
        for question in step.questions:
            chosen = list(dict.fromkeys(answers.get(question.code, ())))
            shown = engine.is_visible(question, frozenset(given))
            unknown = [code for code in chosen if code not in question.option_codes]
            exclusive = [c for c in chosen if c in question.option_codes and knowledge.findings[c].exclusive]
            if unknown:
                problems.append(f"{named(question)} has no answer {', '.join(unknown)}.")
            if question.kind != "multiple" and len(chosen) > 1:
                several = ", ".join(chosen)
                problems.append(f"{named(question)} takes one answer, not {len(chosen)} ({several}).")
            elif exclusive and len(chosen) > 1:
                others = [code for code in chosen if code not in exclusive[:1]]
                problems.append(
                    f"{named(question)}: {exclusive[0]} ({knowledge.findings[exclusive[0]].label}) "
                    f"cannot be given with another answer ({', '.join(others)})."
                )
            if shown:
                given.update(code for code in chosen if code in question.option_codes)
            if shown and question.required and not chosen and (index == 0 or not stopped):
                missing.append(named(question))
    if missing:
        problems.append(f"Required questions not answered: {', '.join(missing)}.")
    return problems
