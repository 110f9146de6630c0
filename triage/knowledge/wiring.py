"""Follow-up questions wired to every answer that should open them.

A follow-up question is asked when one of its `show_when` answers is given. When it opens for most
of the answers of a question (the medicines question's "did you start or change one of these"), an
answer of that question that does not open it was most likely added later and never wired: a
person who picks it is not asked the follow-up, and nothing else would show it. The knowledge check
names each such answer as a warning, which a clinician wires or marks as intended with a reason.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from triage import engine
from triage.knowledge.problems import ERROR, WARNING, Problem

# A follow-up opened by at least this share of a question's answers (exclusive answers such as
# "None of these" aside), and by at least MIN_WIRED of them, is expected to open for all of them.
MOST = 0.75
MIN_WIRED = 3


def check_follow_up_wiring(knowledge: engine.Knowledge) -> Iterable[Problem]:
    for follow_up in knowledge.questions.values():
        by_question: dict[str, set[str]] = defaultdict(set)
        for code in follow_up.show_when:
            finding = knowledge.findings.get(code)
            if finding is not None:
                by_question[finding.question_code].add(code)
        for question_code, wired in sorted(by_question.items()):
            question = knowledge.questions[question_code]
            answers = [option for option in question.options if not option.exclusive]
            if len(wired) < MIN_WIRED or len(wired) < MOST * len(answers):
                continue
            for option in answers:
                if option.code not in wired:
                    yield Problem(
                        WARNING,
                        "finding",
                        option.code,
                        f"{option.label} ({question.text})",
                        f"The follow-up question '{follow_up.text}' is asked after {len(wired)} of the "
                        f"{len(answers)} answers to this question, but not after this one. Add this "
                        "answer to the follow-up's 'show when' answers, or mark this as intended.",
                        "follow-up-not-wired",
                    )


def check_hide_when(knowledge: engine.Knowledge) -> Iterable[Problem]:
    """A question not asked after some answers ("do not ask when") may have at most one "show only
    when" answer: the engine asks it when any trigger is given and none of the others is, which the
    FHIR Questionnaire can only say with one trigger ("all" of: the trigger, and not each other)."""
    for question in knowledge.questions.values():
        if question.hide_when and len(question.show_when) > 1:
            yield Problem(
                ERROR,
                "question",
                question.code,
                question.text,
                "A question with 'do not ask when' answers can have at most one 'show only when' answer. "
                "Split the question, or remove one of the two rules.",
                "hide-when-with-several-triggers",
            )


def check_summary_parts(knowledge: engine.Knowledge) -> Iterable[Problem]:
    """The doctor's one-line summary is made of the parts questions fill (Question.summary_part).
    Two questions may fill the same part only when the later one follows up the earlier (which side
    after "one side"), so the one line never silently drops an answer."""
    by_part: dict[str, list[engine.QuestionInfo]] = defaultdict(list)
    for step in knowledge.steps:
        for question in step.questions:
            if question.summary_part:
                by_part[question.summary_part].append(question)
    for part, questions in sorted(by_part.items()):
        for earlier, later in zip(questions, questions[1:], strict=False):
            if not later.show_when & set(earlier.option_codes):
                yield Problem(
                    ERROR,
                    "question",
                    later.code,
                    later.text,
                    f"'{earlier.text}' already fills the part '{part}' of the doctor's one-line summary, and "
                    "this question does not follow it up, so one of the two answers would be lost. Give it "
                    "another part, or none.",
                    "summary-part-twice",
                )
