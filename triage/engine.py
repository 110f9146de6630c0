"""The triage engine: answers and a knowledge snapshot in, an assessment out.

Plain Python with no database and no request, so it is deterministic and tested on its own. The
snapshot is built from the draft models by `triage.knowledge.draft` or read from a release by
`triage.knowledge.snapshot`; the questionnaire and the scenario runner only call the functions here.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import NoReturn

# The snapshot's types, read by every caller as engine.Knowledge, engine.ConditionInfo…
from triage.knowledge_types import (  # noqa: F401
    FROM_PARENT,
    NOT_STORED,
    ConditionInfo,
    FindingInfo,
    Knowledge,
    MedicineInfo,
    QuestionInfo,
    RedFlagInfo,
    SelfCareAdviceInfo,
    SourceInfo,
    StepInfo,
    prior_log_odds,
)

# Callers rank urgencies through the engine; these are the vocabulary's own objects, not copies.
from triage.vocabulary import (  # noqa: F401
    BASELINE_URGENCY,
    PRIOR,
    RARE_LEVELS,
    TIERS,
    URGENCY_ORDER,
    Fit,
    Prevalence,
    most_urgent,
    urgency_rank,
)

MAX_OTHER_LIKELY = 4
# Another cause is "likely" too when its probability is at least this share of the top one's, and
# at least MIN_LIKELY.
LIKELY_SHARE_OF_TOP = 0.1
MIN_LIKELY = 0.02
MAX_RARE = 3
MIN_RARE = 0.005
# Probabilities from which a cause "fits many" or "fits some" of the answers.
FIT_MANY = 0.5
FIT_SOME = 0.1
# A cause other than the likeliest "fits some of your answers" from this share of its probability.
RELATIVE_SOME = 0.5

Answers = Mapping[str, Sequence[str]]


@dataclass(frozen=True)
class FiredFlag:
    red_flag: RedFlagInfo
    findings: tuple[FindingInfo, ...]


@dataclass(frozen=True)
class ConditionMatch:
    condition: ConditionInfo
    # The natural log of the posterior odds, and the posterior probability it stands for.
    log_odds: float
    probability: float
    supporting: tuple[FindingInfo, ...]
    # Answers given that argue against it, and answers not given whose absence argues against it.
    against: tuple[FindingInfo, ...]
    absent: tuple[FindingInfo, ...] = ()

    @property
    def fit(self) -> str:
        """How well it fits, in the vocabulary's words: never a diagnosis."""
        if self.probability >= FIT_MANY and len(self.supporting) >= 2:
            return Fit.MANY
        if self.probability >= FIT_SOME:
            return Fit.SOME
        return Fit.FEW

    @property
    def key_answers_given(self) -> bool:
        return any(f.code in self.condition.key_answers for f in self.supporting)

    @property
    def not_argued_down(self) -> bool:
        """The answers taken together leave it at least as likely as before any answer."""
        return self.log_odds >= self.condition.prior_log_odds


@dataclass(frozen=True)
class Assessment:
    urgency: str
    red_flags: tuple[FiredFlag, ...]
    most_likely: ConditionMatch | None
    other_likely: tuple[ConditionMatch, ...]
    do_not_miss: tuple[ConditionMatch, ...]
    rare: tuple[ConditionMatch, ...]
    # Likely causes whose minimum urgency is above what the red flags alone would set.
    raised_by: tuple[ConditionMatch, ...] = ()
    # False when the questionnaire ended on its first step (an emergency sign): a sign or two is
    # too little to rank causes on, so none is "most likely"; the causes they fit are listed, in
    # code order (the same in every language), as other likely ones.
    ranked: bool = True
    # The answers it reasoned on, cleaned once (CleanedAnswers): the results and the summary made
    # from this result read them without cleaning them again.
    answers: Mapping[str, tuple[str, ...]] = field(default_factory=dict)

    @property
    def listed(self) -> tuple[ConditionMatch, ...]:
        head = (self.most_likely,) if self.most_likely else ()
        return head + self.other_likely + self.do_not_miss + self.rare

    @property
    def likely(self) -> tuple[ConditionMatch, ...]:
        head = (self.most_likely,) if self.most_likely else ()
        return head + self.other_likely

    def fit_of(self, match: ConditionMatch) -> str:
        """How well a listed cause fits, relative to the ranking, so the words tell causes apart:
        only the likeliest cause "fits many of your answers" (when it does in its own right);
        another "fits some" while it is at least half as likely as the likeliest, "a few" below
        that. Unranked, none fits more than "some"."""
        own = match.fit
        top = self.most_likely
        if top is not None and match is top:
            return own
        if own == Fit.MANY:
            own = Fit.SOME
        if top is not None and own == Fit.SOME and match.probability < RELATIVE_SOME * top.probability:
            return Fit.FEW
        return own


def self_care_advice(
    matches: Sequence[ConditionMatch], given: frozenset[str], limit: int, urgency: str = ""
) -> tuple[SelfCareAdviceInfo, ...]:
    """The advice of these causes that applies to this person, each item once, at most `limit`.

    Taken in turns, likeliest cause first: each cause's first item, then each one's second, and so
    on, so the most useful advice of every cause comes before the details of the first one. Advice
    that sends people to a level of care is left out of a result at that level or above it (a "see a
    GP soon if..." under "get help today").
    """
    chosen: dict[str, SelfCareAdviceInfo] = {}
    depth = max((len(m.condition.self_care) for m in matches), default=0)
    for i in range(depth):
        for advice in (m.condition.self_care[i] for m in matches if i < len(m.condition.self_care)):
            if advice.code in chosen or not advice.applies(given):
                continue
            if urgency and advice.only_below and urgency_rank(urgency) <= urgency_rank(advice.only_below):
                continue
            chosen[advice.code] = advice
    return tuple(chosen.values())[:limit]


def is_visible(question: QuestionInfo, given: frozenset[str]) -> bool:
    """A question with a show-when rule is asked only once one of its trigger answers is given, and
    one with a hide-when rule not once one of those is."""
    if question.hide_when and not question.hide_when.isdisjoint(given):
        return False
    return not question.show_when or bool(question.show_when & given)


class CleanedAnswers(dict[str, tuple[str, ...]]):
    """Answers `clean_answers` has cleaned against one knowledge, carried on from there (in the
    engine's result, into the results and the summary) so that they are cleaned once: cleaning them
    again against the same knowledge gives them back as they are. Read-only, so that they stay clean;
    a copy (`dict(answers)`, `{**answers}`) is a plain dict again."""

    __slots__ = ("knowledge",)

    def __init__(self, cleaned: dict[str, tuple[str, ...]], knowledge: Knowledge) -> None:
        super().__init__(cleaned)
        self.knowledge = knowledge

    def _read_only(self, *args: object, **kwargs: object) -> NoReturn:
        raise TypeError("Cleaned answers are read-only: copy them into a dict to change them.")

    __setitem__ = __delitem__ = _read_only
    pop = popitem = clear = update = setdefault = _read_only

    def __reduce__(self):
        # Pickled (a cache, a session) as the plain dict it is.
        return (dict, (dict(self),))


def clean_answers(answers: Answers, knowledge: Knowledge) -> CleanedAnswers:
    """Keep only known options of questions that are visible, in questionnaire order.

    Answers to a follow-up question are dropped when the answer that revealed it is taken back,
    and so is anything that does not belong to the knowledge (a tampered or retired option).
    Answers already cleaned against this knowledge are given back as they are.
    """
    if isinstance(answers, CleanedAnswers) and answers.knowledge is knowledge:
        return answers
    cleaned: dict[str, tuple[str, ...]] = {}
    given: set[str] = set()
    for step in knowledge.steps:
        for question in step.questions:
            chosen = answers.get(question.code)
            # is_visible(), without copying `given` for every question.
            if not chosen or (question.show_when and question.show_when.isdisjoint(given)):
                continue
            if question.hide_when and not question.hide_when.isdisjoint(given):
                continue
            kept: tuple[str, ...]
            if len(chosen) == 1:
                # Most questions have one answer: no need to walk every option for it.
                only = next(iter(chosen))
                kept = (only,) if only in question.option_set else ()
            else:
                chosen_set = set(chosen)
                kept = tuple(code for code in question.option_codes if code in chosen_set)
            if kept:
                cleaned[question.code] = kept
                given.update(kept)
    return CleanedAnswers(cleaned, knowledge)


def given_findings(answers: Answers, knowledge: Knowledge) -> frozenset[str]:
    return frozenset(code for codes in clean_answers(answers, knowledge).values() for code in codes)


def might_fire(given: frozenset[str], knowledge: Knowledge) -> list[RedFlagInfo]:
    """The warning signs that could show for these answers (each needs an answer among them), in
    the knowledge's order: the others cannot, so they are not checked one by one."""
    needing = knowledge.red_flags_needing
    places = sorted({place for code in given for place in needing.get(code, ())})
    return [knowledge.red_flags[place] for place in places]


def fired_red_flags(given: frozenset[str], knowledge: Knowledge) -> tuple[FiredFlag, ...]:
    fired = [
        FiredFlag(
            flag,
            tuple(
                knowledge.findings[c]
                for c in sorted(flag.findings | ((flag.any_findings | flag.also_any_findings) & given))
                if c in knowledge.findings
            ),
        )
        for flag in might_fire(given, knowledge)
        if flag.fires(given)
    ]
    fired.sort(key=lambda f: (urgency_rank(f.red_flag.urgency), f.red_flag.code))
    return tuple(fired)


def score_condition(
    condition: ConditionInfo, given: frozenset[str], asked: frozenset[str], knowledge: Knowledge
) -> ConditionMatch:
    """Posterior odds = prior odds × the ratio of every answer given × the ratio-if-absent of every
    linked answer whose question was answered without it. Summed as logs."""
    log_odds = condition.prior_log_odds
    supporting: list[FindingInfo] = []
    against: list[FindingInfo] = []
    absent: list[FindingInfo] = []
    # Only this condition's links (not every finding: that grows with the product of the two sizes),
    # in questionnaire order so the reasons read in the order the person answered.
    rank = knowledge.finding_rank
    logs = condition.log_ratios
    for code in sorted((c for c in logs if c in given and c in rank), key=rank.__getitem__):
        log_odds += logs[code]
        (supporting if condition.ratios[code] > 1 else against).append(knowledge.findings[code])
    for code, ratio, log_ratio in condition.log_ratios_if_absent:
        if code in given:
            continue
        finding = knowledge.findings.get(code)
        if finding is None or finding.question_code not in asked:
            continue
        log_odds += log_ratio
        if ratio < 1:
            absent.append(finding)
    absent.sort(key=lambda f: rank[f.code])
    probability = 1 / (1 + math.exp(-log_odds))
    return ConditionMatch(condition, log_odds, probability, tuple(supporting), tuple(against), tuple(absent))


def assess(answers: Answers, knowledge: Knowledge) -> Assessment:
    cleaned = clean_answers(answers, knowledge)
    given = frozenset(code for codes in cleaned.values() for code in codes)
    asked = frozenset(cleaned)
    flags = fired_red_flags(given, knowledge)

    # A cause is listed only when at least one answer given makes it likelier.
    candidates = [
        match
        for match in (score_condition(c, given, asked, knowledge) for c in knowledge.conditions)
        if match.supporting
    ]
    candidates.sort(key=lambda m: (-m.log_odds, m.condition.code))

    # The likely tiers come from the ranking alone, whatever a cause's rarity or do-not-miss mark.
    most_likely = candidates[0] if candidates else None
    other_likely: tuple[ConditionMatch, ...] = ()
    if most_likely is not None:
        floor = max(MIN_LIKELY, most_likely.probability * LIKELY_SHARE_OF_TOP)
        other_likely = tuple(m for m in candidates[1:] if m.probability >= floor)[:MAX_OTHER_LIKELY]
    ranked = not ended_on_first_step(cleaned, knowledge)
    if not ranked:
        # Every cause the emergency signs point to (a ratio of at least "for"), unranked.
        fits = [m for m in candidates if any(m.condition.ratios[f.code] >= 5 for f in m.supporting)]
        most_likely, other_likely = None, tuple(sorted(fits, key=lambda m: m.condition.code))
    likely = ((most_likely,) if most_likely else ()) + other_likely
    listed = {m.condition.code for m in likely}

    # Safety: a serious cause that is not among the likely is still named when one of its key
    # answers was given (one non-specific answer does not list a grave condition), unless the
    # answers as a whole argue against it (it came on over days, where it takes months).
    do_not_miss = tuple(
        m
        for m in candidates
        if m.condition.do_not_miss
        and m.condition.code not in listed
        and m.key_answers_given
        and m.not_argued_down
    )
    listed.update(m.condition.code for m in do_not_miss)

    rare = tuple(
        m
        for m in candidates
        if m.condition.prevalence in RARE_LEVELS
        and m.condition.code not in listed
        and m.probability >= MIN_RARE
        and (not m.condition.key_answers or m.key_answers_given)
    )[:MAX_RARE]

    flag_urgency = most_urgent(f.red_flag.urgency for f in flags)
    # A likely cause raises the urgency to its own minimum only on one of its key answers, as a
    # do-not-miss cause is named only on one: a rare, grave cause can rank among the likely on
    # general answers alone (heat and exercise for heatstroke, with no fever or confusion), and its
    # warning signs, not its rank, say when it is urgent.
    raised_by = tuple(
        m
        for m in likely
        if m.condition.minimum_urgency
        and urgency_rank(m.condition.minimum_urgency) < urgency_rank(flag_urgency)
        and (m.key_answers_given or not m.condition.key_answers)
    )
    urgency = most_urgent([flag_urgency, *(m.condition.minimum_urgency for m in raised_by)])

    return Assessment(
        urgency=urgency,
        red_flags=flags,
        most_likely=most_likely,
        other_likely=other_likely,
        do_not_miss=do_not_miss,
        rare=rare,
        raised_by=raised_by,
        ranked=ranked,
        answers=cleaned,
    )


def ended_on_first_step(cleaned: Mapping[str, Sequence[str]], knowledge: Knowledge) -> bool:
    """True when only the first step's questions were answered (an emergency sign ended it)."""
    if not cleaned or not knowledge.steps:
        return False
    first = {q.code for q in knowledge.steps[0].questions}
    return set(cleaned) <= first
