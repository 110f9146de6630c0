"""The knowledge as the engine reads it: a frozen snapshot of the questionnaire (steps, questions,
answers), the conditions with their likelihood ratios, the warning signs and the medicines by name.

Plain Python like the engine, which re-exports every name here (`engine.Knowledge`, …): the snapshot
is built from the draft models by `triage.knowledge.draft` or read from a release by
`triage.knowledge.snapshot`.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import cached_property
from types import MappingProxyType

from triage.vocabulary import PRIOR, Prevalence

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
    # A key negative: what a doctor reads when the person was asked and did not choose this.
    if_not_chosen: str = ""
    # The same in clinicians' words when it was chosen (a positive on the summary for the doctor).
    if_chosen: str = ""
    # A heading above this answer on the step page, starting a group of answers in a long list.
    heading: str = ""
    # "I am not sure", "I would rather not say": left out of what a doctor reads first.
    unsure: bool = False
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
    # Not asked when one of these answers was given (pregnancy at 75 or over), whatever show_when says.
    hide_when: frozenset[str] = frozenset()
    # The part of the doctor's one-line summary its answers fill (vocabulary.SummaryPart), or "".
    summary_part: str = ""

    @cached_property
    def option_codes(self) -> tuple[str, ...]:
        # Cached: every request cleans the answers, which reads this for every question.
        return tuple(option.code for option in self.options)

    @cached_property
    def option_set(self) -> frozenset[str]:
        return frozenset(self.option_codes)

    @cached_property
    def option_index(self) -> Mapping[str, int]:
        """Each option's code → its place among the options (the step page ticks by place)."""
        return MappingProxyType({code: index for index, code in enumerate(self.option_codes)})

    @cached_property
    def _hash(self) -> int:
        return hash(tuple(getattr(self, name) for name in self.__dataclass_fields__))

    def __hash__(self) -> int:
        # By value, as a frozen dataclass hashes, worked out once: a step page looks each of its
        # questions up in per-process memos (the drawn question, its answers' markup).
        return self._hash


@dataclass(frozen=True)
class StepInfo:
    code: str
    title: str
    intro: str
    questions: tuple[QuestionInfo, ...]
    # Who the person is, what they take, what happened at the start: answers that do not change later.
    answers_stay: bool = False


@dataclass(frozen=True)
class SelfCareAdviceInfo:
    """One piece of self-care advice. Conditions that give the same advice share the same item."""

    code: str
    text: str
    # Shown only to people who gave at least one of these answers (empty: to everyone).
    only_if: frozenset[str] = frozenset()
    # Advice that says when to get help: the level it sends people to. Shown only on results less
    # urgent than that ("" for advice about looking after yourself).
    only_below: str = ""

    def applies(self, given: frozenset[str]) -> bool:
        return not self.only_if or not self.only_if.isdisjoint(given)


@dataclass(frozen=True)
class ConditionInfo:
    code: str
    name: str
    summary: str
    prevalence: str
    do_not_miss: bool
    # Likelihood ratios: when the answer is given, and when its question was answered without it.
    ratios: Mapping[str, float]
    ratios_if_absent: Mapping[str, float] = field(default_factory=dict)
    # The answers that make a do-not-miss condition worth ruling out when it is not among the likely.
    key_answers: frozenset[str] = frozenset()
    # When the condition is among the likely causes, the urgency is at least this ("" for none).
    minimum_urgency: str = ""
    # In the order a clinician put them, most useful first.
    self_care: tuple[SelfCareAdviceInfo, ...] = ()
    clinician_questions: tuple[str, ...] = ()
    clinician_examination: tuple[str, ...] = ()
    clinician_tests: tuple[str, ...] = ()
    sources: tuple[SourceInfo, ...] = ()

    # Cached: every assessment scores every condition; the logs and the prior never change.
    @cached_property
    def log_ratios(self) -> Mapping[str, float]:
        return {code: math.log(ratio) for code, ratio in self.ratios.items()}

    @cached_property
    def log_ratios_if_absent(self) -> tuple[tuple[str, float, float], ...]:
        return tuple((code, ratio, math.log(ratio)) for code, ratio in self.ratios_if_absent.items())

    @cached_property
    def prior_log_odds(self) -> float:
        return prior_log_odds(self.prevalence)


@dataclass(frozen=True)
class RedFlagInfo:
    code: str
    title: str
    urgency: str
    message: str
    action: str
    # Fires when every one of `findings` is given and, for each of `any_findings` and
    # `also_any_findings` that is not empty, one of its answers too: "being unwell in yourself"
    # (one of several signs) together with "something new taken or met" (one of several exposures).
    findings: frozenset[str]
    any_findings: frozenset[str] = frozenset()
    sources: tuple[SourceInfo, ...] = ()
    also_any_findings: frozenset[str] = frozenset()

    def fires(self, given: frozenset[str]) -> bool:
        if not self.findings and not self.any_findings:
            return False
        return (
            self.findings <= given
            and (not self.any_findings or not self.any_findings.isdisjoint(given))
            and (not self.also_any_findings or not self.also_any_findings.isdisjoint(given))
        )

    def smallest_answer_sets(self) -> tuple[frozenset[str], ...]:
        """Every smallest set of answers that shows this warning sign: all of `findings` with one
        answer from each "one of" list that is not empty."""
        first = sorted(self.any_findings) or [""]
        second = sorted(self.also_any_findings) or [""]
        return tuple(self.findings | ({a, b} - {""}) for a in first for b in second)

    @property
    def linked(self) -> frozenset[str]:
        """Every answer this warning sign names, in any of its three lists."""
        return self.findings | self.any_findings | self.also_any_findings


@dataclass(frozen=True)
class MedicineInfo:
    """A medicine by name, and the answer options (classes of medicine) it stands for.

    The engine never reads a medicine: a medicine the person picks by name adds its answer options
    to their answers first (triage/medicines.py), so the reasoning is on classes alone.
    """

    code: str
    # The generic name, in English.
    name: str
    findings: frozenset[str] = frozenset()
    # Brand and other names by region: in Taiwan also the Chinese names.
    names_gb: tuple[str, ...] = ()
    names_us: tuple[str, ...] = ()
    names_tw: tuple[str, ...] = ()
    names_au: tuple[str, ...] = ()
    sources: tuple[SourceInfo, ...] = ()

    def names_in(self, region: str) -> tuple[str, ...]:
        """Its other names in a region ("gb", "us", "tw", "au"); none for anywhere else."""
        return getattr(self, f"names_{region}", ())

    @property
    def all_names(self) -> tuple[str, ...]:
        return (self.name, *self.names_gb, *self.names_us, *self.names_tw, *self.names_au)


@dataclass(frozen=True)
class Knowledge:
    """An immutable snapshot of everything the engine needs."""

    steps: tuple[StepInfo, ...]
    conditions: tuple[ConditionInfo, ...]
    red_flags: tuple[RedFlagInfo, ...]
    revision: int = field(default=0, metadata=NOT_STORED)
    # The knowledge's texts in other languages: language → "kind/code/field" → text
    # (triage/knowledge/languages.py). The engine itself never reads text: it works on codes.
    translations: Mapping[str, Mapping[str, str]] = field(default_factory=dict)
    # Medicines a person can pick by name on the medicines step, by generic name.
    medicines: tuple[MedicineInfo, ...] = ()
    questions: Mapping[str, QuestionInfo] = field(init=False)
    findings: Mapping[str, FindingInfo] = field(init=False)
    # Each finding's place in the questionnaire, for listing reasons in the order they were answered.
    finding_rank: Mapping[str, int] = field(init=False)
    medicine: Mapping[str, MedicineInfo] = field(init=False)
    # Each step's code → the codes of the questions on the steps before it.
    earlier_questions: Mapping[str, frozenset[str]] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        questions = {q.code: q for step in self.steps for q in step.questions}
        findings = {f.code: f for q in questions.values() for f in q.options}
        object.__setattr__(self, "questions", MappingProxyType(questions))
        object.__setattr__(self, "findings", MappingProxyType(findings))
        rank = {code: i for i, code in enumerate(findings)}
        object.__setattr__(self, "finding_rank", MappingProxyType(rank))
        object.__setattr__(self, "medicine", MappingProxyType({m.code: m for m in self.medicines}))
        earlier = {
            step.code: frozenset(q.code for s in self.steps[:i] for q in s.questions)
            for i, step in enumerate(self.steps)
        }
        object.__setattr__(self, "earlier_questions", MappingProxyType(earlier))

    def step(self, code: str) -> StepInfo | None:
        return next((step for step in self.steps if step.code == code), None)

    def step_index(self, code: str) -> int:
        return next(i for i, step in enumerate(self.steps) if step.code == code)

    def questions_before(self, code: str) -> frozenset[str]:
        """The codes of the questions on the steps before the step `code`."""
        return self.earlier_questions[code]

    @cached_property
    def red_flags_needing(self) -> Mapping[str, tuple[int, ...]]:
        """An answer → the places in `red_flags` of the warning signs that cannot show without it:
        each sign under one of the answers it needs all of, or, when it needs only one of a list,
        under each answer of that list. A sign shows only when some answer it is under was given,
        so the engine checks just those (every step page checks every answer given so far)."""
        needing: dict[str, list[int]] = {}
        for index, flag in enumerate(self.red_flags):
            for code in (min(flag.findings),) if flag.findings else sorted(flag.any_findings):
                needing.setdefault(code, []).append(index)
        return MappingProxyType({code: tuple(places) for code, places in needing.items()})


# The texts translated into other languages, defined once: each translated item's kind (its model's
# name as Django spells it, "selfcareadvice"; the first part of a translation's key) and its fields.
# The models' columns per language (triage/translation.py) are made from this list.
TRANSLATED: Mapping[type, tuple[str, tuple[str, ...]]] = MappingProxyType(
    {
        StepInfo: ("step", ("title", "intro")),
        QuestionInfo: ("question", ("text", "help_text")),
        FindingInfo: ("finding", ("label", "help_text", "if_not_chosen", "if_chosen", "heading")),
        SelfCareAdviceInfo: ("selfcareadvice", ("text",)),
        ConditionInfo: (
            "condition",
            ("name", "summary", "clinician_questions", "clinician_examination", "clinician_tests"),
        ),
        RedFlagInfo: ("redflag", ("title", "message", "action")),
    }
)


def prior_log_odds(prevalence: str) -> float:
    p = PRIOR.get(prevalence, PRIOR[Prevalence.UNCOMMON])
    return math.log(p / (1 - p))


def shown_together(flags: Iterable[RedFlagInfo]) -> dict[str, tuple[str, ...]]:
    """For each red flag, the other red flags that also show on one of its smallest answer sets:
    the warnings a person sees together with it, which a clinician should be able to tell apart
    (or merge). Ordered by code."""
    flags = sorted(flags, key=lambda flag: flag.code)
    together: dict[str, tuple[str, ...]] = {}
    for flag in flags:
        answer_sets = flag.smallest_answer_sets()
        together[flag.code] = tuple(
            other.code
            for other in flags
            if other.code != flag.code and any(other.fires(answers) for answers in answer_sets)
        )
    return together
