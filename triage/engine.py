"""The triage engine: answers and a knowledge snapshot in, an assessment out.

Plain Python with no database and no request, so it is deterministic and tested on its own. The
snapshot is built from the draft models by `triage.knowledge.draft` or read from a release by
`triage.knowledge.snapshot`; the questionnaire and the scenario runner only call the functions here.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from types import MappingProxyType

# Callers rank urgencies through the engine; these are the vocabulary's own objects, not copies.
from triage.vocabulary import BASELINE_URGENCY, PREVALENCE_PRIOR, URGENCY_ORDER, most_urgent, urgency_rank  # noqa: F401

TIERS: tuple[str, ...] = ("most_likely", "other_likely", "do_not_miss", "rare")
MAX_OTHER_LIKELY = 4
MAX_RARE = 3

Answers = Mapping[str, Sequence[str]]

# Marks a field that a knowledge snapshot does not store: it is the `code` of the item that holds
# this one (a finding's question, a question's step), filled in when the snapshot is read.
FROM_PARENT = MappingProxyType({"from_parent": True})
# Marks a field that is not part of the knowledge itself (a release's version is given on reading).
NOT_STORED = MappingProxyType({"stored": False})


@dataclass(frozen=True)
class SourceInfo:
    code: str
    title: str
    publisher: str
    url: str


@dataclass(frozen=True)
class FindingInfo:
    code: str
    label: str
    help_text: str
    exclusive: bool
    question_code: str = field(default="", metadata=FROM_PARENT)


@dataclass(frozen=True)
class QuestionInfo:
    code: str
    text: str
    help_text: str
    kind: str  # "single" or "multiple"
    required: bool
    show_when: frozenset[str]
    options: tuple[FindingInfo, ...]
    step_code: str = field(default="", metadata=FROM_PARENT)

    @cached_property
    def option_codes(self) -> tuple[str, ...]:
        # Cached: every request cleans the answers, which reads this for every question.
        return tuple(option.code for option in self.options)


@dataclass(frozen=True)
class StepInfo:
    code: str
    title: str
    intro: str
    questions: tuple[QuestionInfo, ...]


@dataclass(frozen=True)
class ConditionInfo:
    code: str
    name: str
    summary: str
    prevalence: str
    do_not_miss: bool
    weights: Mapping[str, int]
    self_care: tuple[str, ...] = ()
    clinician_questions: tuple[str, ...] = ()
    clinician_examination: tuple[str, ...] = ()
    clinician_tests: tuple[str, ...] = ()
    sources: tuple[SourceInfo, ...] = ()


@dataclass(frozen=True)
class RedFlagInfo:
    code: str
    title: str
    urgency: str
    message: str
    action: str
    findings: frozenset[str]
    sources: tuple[SourceInfo, ...] = ()


@dataclass(frozen=True)
class Knowledge:
    """An immutable snapshot of everything the engine needs."""

    steps: tuple[StepInfo, ...]
    conditions: tuple[ConditionInfo, ...]
    red_flags: tuple[RedFlagInfo, ...]
    revision: int = field(default=0, metadata=NOT_STORED)
    questions: Mapping[str, QuestionInfo] = field(init=False)
    findings: Mapping[str, FindingInfo] = field(init=False)
    # Each finding's place in the questionnaire, for listing reasons in the order they were answered.
    finding_rank: Mapping[str, int] = field(init=False)

    def __post_init__(self) -> None:
        questions = {q.code: q for step in self.steps for q in step.questions}
        findings = {f.code: f for q in questions.values() for f in q.options}
        object.__setattr__(self, "questions", MappingProxyType(questions))
        object.__setattr__(self, "findings", MappingProxyType(findings))
        rank = {code: i for i, code in enumerate(findings)}
        object.__setattr__(self, "finding_rank", MappingProxyType(rank))

    def step(self, code: str) -> StepInfo | None:
        return next((step for step in self.steps if step.code == code), None)

    def step_index(self, code: str) -> int:
        return next(i for i, step in enumerate(self.steps) if step.code == code)


@dataclass(frozen=True)
class FiredFlag:
    red_flag: RedFlagInfo
    findings: tuple[FindingInfo, ...]


@dataclass(frozen=True)
class ConditionMatch:
    condition: ConditionInfo
    score: int
    supporting: tuple[FindingInfo, ...]
    against: tuple[FindingInfo, ...]


@dataclass(frozen=True)
class Assessment:
    urgency: str
    red_flags: tuple[FiredFlag, ...]
    most_likely: ConditionMatch | None
    other_likely: tuple[ConditionMatch, ...]
    do_not_miss: tuple[ConditionMatch, ...]
    rare: tuple[ConditionMatch, ...]

    @property
    def listed(self) -> tuple[ConditionMatch, ...]:
        head = (self.most_likely,) if self.most_likely else ()
        return head + self.other_likely + self.do_not_miss + self.rare


def is_visible(question: QuestionInfo, given: frozenset[str]) -> bool:
    """A question with a show-when rule is asked only once one of its trigger answers is given."""
    return not question.show_when or bool(question.show_when & given)


def clean_answers(answers: Answers, knowledge: Knowledge) -> dict[str, tuple[str, ...]]:
    """Keep only known options of questions that are visible, in questionnaire order.

    Answers to a follow-up question are dropped when the answer that revealed it is taken back,
    and so is anything that does not belong to the knowledge (a tampered or retired option).
    """
    cleaned: dict[str, tuple[str, ...]] = {}
    given: set[str] = set()
    for step in knowledge.steps:
        for question in step.questions:
            chosen = set(answers.get(question.code, ()))
            # is_visible(), without copying `given` for every question.
            if not chosen or (question.show_when and question.show_when.isdisjoint(given)):
                continue
            kept = tuple(code for code in question.option_codes if code in chosen)
            if kept:
                cleaned[question.code] = kept
                given.update(kept)
    return cleaned


def given_findings(answers: Answers, knowledge: Knowledge) -> frozenset[str]:
    return frozenset(code for codes in clean_answers(answers, knowledge).values() for code in codes)


def fired_red_flags(given: frozenset[str], knowledge: Knowledge) -> tuple[FiredFlag, ...]:
    fired = [
        FiredFlag(flag, tuple(knowledge.findings[c] for c in sorted(flag.findings)))
        for flag in knowledge.red_flags
        if flag.findings and flag.findings <= given
    ]
    fired.sort(key=lambda f: (urgency_rank(f.red_flag.urgency), f.red_flag.code))
    return tuple(fired)


def score_condition(condition: ConditionInfo, given: frozenset[str], knowledge: Knowledge) -> ConditionMatch:
    supporting = []
    against = []
    score = PREVALENCE_PRIOR.get(condition.prevalence, 0)
    # Only this condition's answered findings (not every finding: that grows with the product of the
    # two sizes), in questionnaire order so the reasons read in the order the person answered.
    rank = knowledge.finding_rank
    for code in sorted((c for c in condition.weights if c in given and c in rank), key=rank.__getitem__):
        weight = condition.weights[code]
        score += weight
        (supporting if weight > 0 else against).append(knowledge.findings[code])
    return ConditionMatch(condition, score, tuple(supporting), tuple(against))


def assess(answers: Answers, knowledge: Knowledge) -> Assessment:
    given = given_findings(answers, knowledge)
    flags = fired_red_flags(given, knowledge)
    urgency = most_urgent(f.red_flag.urgency for f in flags)

    candidates = [
        match
        for match in (score_condition(c, given, knowledge) for c in knowledge.conditions)
        if match.supporting
    ]
    candidates.sort(key=lambda m: (-m.score, m.condition.code))

    likely_pool = [m for m in candidates if m.condition.prevalence != "rare" and m.score > 0]
    most_likely = likely_pool[0] if likely_pool else None
    listed = {most_likely.condition.code} if most_likely else set()

    other_likely = tuple(m for m in likely_pool[1:] if not m.condition.do_not_miss)[:MAX_OTHER_LIKELY]
    listed.update(m.condition.code for m in other_likely)

    # Safety: every do-not-miss condition with any supporting answer is listed, whatever its score.
    do_not_miss = tuple(m for m in candidates if m.condition.do_not_miss and m.condition.code not in listed)
    listed.update(m.condition.code for m in do_not_miss)

    rare = tuple(
        m
        for m in candidates
        if m.condition.prevalence == "rare" and m.score > 0 and m.condition.code not in listed
    )[:MAX_RARE]

    return Assessment(
        urgency=urgency,
        red_flags=flags,
        most_likely=most_likely,
        other_likely=other_likely,
        do_not_miss=do_not_miss,
        rare=rare,
    )
