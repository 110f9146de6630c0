"""Clinical scenarios: a complete questionnaire and what the engine must make of it.

Pure: shared by pytest (fixtures/scenarios/*.json), the Scenario model's validation, the admin's
scenario runner and the publishing gates, so a scenario passes or fails for the same reasons
everywhere.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from triage import engine
from triage.scenarios.formats import CONDITION_LIST_KEYS, expected_format_problems, file_format_problems
from triage.vocabulary import short_words, urgency_rank

# A partial scenario is an emergency exit: only this step is answered.
EMERGENCY_STEP = "start"
EMERGENCY_QUESTION = "emergency-signs"


def questionnaire_problems(scenario: Mapping, knowledge: engine.Knowledge) -> list[str]:
    """Only known codes, each answer under its own question, and every required visible question
    answered, as the flow would insist; an emergency exit answers the first step only."""
    answers: Mapping[str, Sequence[str]] = scenario["answers"]
    expected: Mapping = scenario["expected"]
    problems = []
    for question_code, codes in answers.items():
        question = knowledge.questions.get(question_code)
        if question is None:
            problems.append(f"There is no question {question_code!r}.")
            continue
        for code in codes:
            if code not in knowledge.findings:
                problems.append(f"{question_code}: there is no answer {code!r}.")
            elif code not in question.option_codes:
                problems.append(f"{code!r} is not an answer to {question_code!r}.")
        if len(codes) != len(set(codes)):
            problems.append(f"{question_code}: an answer is repeated.")
        if question.kind == "single" and len(codes) > 1:
            problems.append(f"{question_code} takes one answer only.")
        exclusive = [c for c in codes if c in knowledge.findings and knowledge.findings[c].exclusive]
        if exclusive and len(codes) > 1:
            problems.append(f"{question_code}: {exclusive} cannot be given with other answers.")

    partial = scenario.get("partial", False)
    given: set[str] = set()
    for step in knowledge.steps:
        for question in step.questions:
            answered = question.code in answers
            if partial and step.code != EMERGENCY_STEP:
                if answered:
                    problems.append(
                        f"{question.code}: a scenario that stops at the emergency screen answers only "
                        f"the {EMERGENCY_STEP!r} step."
                    )
                continue
            if not engine.is_visible(question, frozenset(given)):
                if answered:
                    problems.append(f"{question.code} is not asked with these answers.")
                continue
            if question.required and not answered:
                problems.append(f"The required question {question.code!r} is not answered.")
            given.update(answers.get(question.code, ()))
    if partial and not any(
        c in knowledge.findings and not knowledge.findings[c].exclusive
        for c in answers.get(EMERGENCY_QUESTION, ())
    ):
        problems.append("A scenario that stops at the emergency screen must give an emergency sign.")

    conditions = {c.code for c in knowledge.conditions}
    named = [expected["most_likely"]] if expected.get("most_likely") else []
    # "likely" is in CONDITION_LIST_KEYS.
    for key in CONDITION_LIST_KEYS:
        named += expected.get(key, [])
    for code in dict.fromkeys(named):
        if code not in conditions:
            problems.append(f"Expected result: there is no condition {code!r}.")
    flags = {f.code for f in knowledge.red_flags}
    for code in expected.get("red_flags", []):
        if code not in flags:
            problems.append(f"Expected result: there is no red flag {code!r}.")
    return problems


@dataclass(frozen=True)
class Outcome:
    """What the engine made of a scenario's answers, as codes."""

    urgency: str
    most_likely: str | None
    other_likely: tuple[str, ...]
    do_not_miss: tuple[str, ...]
    rare: tuple[str, ...]
    red_flags: tuple[str, ...]

    @property
    def listed(self) -> tuple[str, ...]:
        return self.likely + self.do_not_miss + self.rare

    @property
    def likely(self) -> tuple[str, ...]:
        head = (self.most_likely,) if self.most_likely else ()
        return head + self.other_likely

    def plain(self) -> str:
        """The outcome in words a clinician can check against the expected result."""

        def codes(items: tuple[str, ...]) -> str:
            return ", ".join(items) or "none"

        return (
            f"Urgency: {short_words(self.urgency)}. Most likely: {self.most_likely or 'none'}. "
            f"Other likely: {codes(self.other_likely)}. Do not miss: {codes(self.do_not_miss)}. "
            f"Rare: {codes(self.rare)}. Red flags: {codes(self.red_flags)}."
        )

    def summary(self) -> str:
        return (
            f"urgency={self.urgency} most_likely={self.most_likely} other_likely={list(self.other_likely)} "
            f"do_not_miss={list(self.do_not_miss)} rare={list(self.rare)} red_flags={list(self.red_flags)}"
        )


def outcome(answers: engine.Answers, knowledge: engine.Knowledge) -> Outcome:
    result = engine.assess(answers, knowledge)
    return Outcome(
        urgency=result.urgency,
        most_likely=result.most_likely.condition.code if result.most_likely else None,
        other_likely=tuple(m.condition.code for m in result.other_likely),
        do_not_miss=tuple(m.condition.code for m in result.do_not_miss),
        rare=tuple(m.condition.code for m in result.rare),
        red_flags=tuple(sorted(f.red_flag.code for f in result.red_flags)),
    )


def urgency_band(expected: Mapping) -> tuple[str, str]:
    """(lowest safe, highest reasonable) urgency."""
    low = expected["urgency_at_least"]
    return low, expected.get("urgency_at_most", low)


def band_words(expected: object) -> str:
    """The expected urgency in a few words: one level, or 'lowest to highest'."""
    if not isinstance(expected, Mapping) or expected_format_problems(expected):
        return ""
    low, high = urgency_band(expected)
    return short_words(low) if low == high else f"{short_words(low)} to {short_words(high)}"


def expected_likely(expected: Mapping) -> list[str]:
    """Causes of which at least one must be among the likely (most likely and other likely)."""
    named = list(expected.get("likely", ()))
    if expected.get("most_likely"):
        named.append(expected["most_likely"])
    return named


def expectation_failures(expected: Mapping, got: Outcome) -> list[str]:
    """Each way the outcome falls short of what the scenario expects, in plain words."""
    failures = []
    low, high = urgency_band(expected)
    if low == high:
        if got.urgency != low:
            failures.append(f"Urgency should be {short_words(low)} but is {short_words(got.urgency)}.")
    elif urgency_rank(got.urgency) > urgency_rank(low):
        failures.append(f"Urgency should be at least {short_words(low)} but is {short_words(got.urgency)}.")
    elif urgency_rank(got.urgency) < urgency_rank(high):
        failures.append(f"Urgency should be at most {short_words(high)} but is {short_words(got.urgency)}.")
    if "most_likely" in expected and got.most_likely != expected["most_likely"]:
        failures.append(f"Most likely should be {expected['most_likely']} but is {got.most_likely}.")
    if expected.get("likely") and not set(expected["likely"]) & set(got.likely):
        failures.append(f"None of {', '.join(expected['likely'])} is among the likely causes.")
    head = [got.most_likely, *got.other_likely[:2]]
    for code in expected.get("top_three", ()):
        if code not in head:
            failures.append(f"{code} should be in the top three but is not.")
    for code in expected.get("do_not_miss", ()):
        if code not in [got.most_likely, *got.other_likely, *got.do_not_miss]:
            failures.append(f"{code} should be listed (likely or do not miss) but is not.")
    # The red flags named must all fire; others may fire too (the urgency band bounds them).
    missing_flags = sorted(set(expected.get("red_flags", ())) - set(got.red_flags))
    if missing_flags:
        fired = ", ".join(got.red_flags) or "none"
        failures.append(f"Red flags should include {', '.join(missing_flags)} but are {fired}.")
    for code in expected.get("not_listed", ()):
        if code in got.listed:
            failures.append(f"{code} should not be listed but is.")
    return failures


@dataclass(frozen=True)
class ScenarioResult:
    problems: tuple[str, ...]
    outcome: Outcome | None = None
    failures: tuple[str, ...] = field(default=())

    @property
    def passed(self) -> bool:
        return not self.problems and not self.failures

    @property
    def reasons(self) -> tuple[str, ...]:
        return self.problems + self.failures


def run(scenario: Mapping, knowledge: engine.Knowledge) -> ScenarioResult:
    """Check a scenario (file data or Scenario.as_data()) against a knowledge snapshot."""
    problems = file_format_problems(scenario)
    if problems:
        return ScenarioResult(problems=tuple(problems))
    problems = questionnaire_problems(scenario, knowledge)
    got = outcome(scenario["answers"], knowledge)
    return ScenarioResult(
        problems=tuple(problems),
        outcome=got,
        failures=tuple(expectation_failures(scenario["expected"], got)),
    )


def changes(before: Outcome | None, after: Outcome | None, names: Mapping[str, str]) -> list[str]:
    """What a scenario's result would change from `before` (published) to `after` (draft)."""
    if before is None or after is None:
        return []

    def name(code: str | None) -> str:
        return names.get(code, code) if code else "none"

    lines = []
    if before.urgency != after.urgency:
        lines.append(f"Urgency: {short_words(before.urgency)} → {short_words(after.urgency)}")
    if before.most_likely != after.most_likely:
        lines.append(f"Most likely: {name(before.most_likely)} → {name(after.most_likely)}")
    for label, old, new in (
        ("Other likely", before.other_likely, after.other_likely),
        ("Do not miss", before.do_not_miss, after.do_not_miss),
        ("Rare", before.rare, after.rare),
        ("Red flags", before.red_flags, after.red_flags),
    ):
        added = [name(c) for c in new if c not in old]
        removed = [name(c) for c in old if c not in new]
        if added:
            lines.append(f"{label}: adds {', '.join(added)}")
        if removed:
            lines.append(f"{label}: drops {', '.join(removed)}")
    return lines


@dataclass(frozen=True)
class Comparison:
    """One scenario run against the draft and against the published knowledge."""

    code: str
    name: str
    expected_urgency: str
    draft: ScenarioResult
    published: ScenarioResult | None
    changes: tuple[str, ...]
    # The scenario's answers, for what the runs cover (triage.scenarios.coverage).
    answers: Mapping = field(default_factory=dict)

    @property
    def expected_urgency_words(self) -> str:
        return self.expected_urgency

    @property
    def newly_failing(self) -> bool:
        return not self.draft.passed and (self.published is None or self.published.passed)


def knowledge_names(*knowledges: engine.Knowledge | None) -> dict[str, str]:
    """Condition and red flag names by code, for plain-words descriptions."""
    names: dict[str, str] = {}
    for knowledge in knowledges:
        if knowledge is None:
            continue
        names.update({c.code: c.name for c in knowledge.conditions})
        names.update({f.code: f.title for f in knowledge.red_flags})
    return names


def compare(
    scenarios: Sequence[tuple[str, Mapping]],
    draft: engine.Knowledge,
    published: engine.Knowledge | None,
) -> list[Comparison]:
    """Run every (code, scenario data) against the draft and the published knowledge."""
    names = knowledge_names(published, draft)
    rows = []
    for code, data in scenarios:
        on_draft = run(data, draft)
        on_published = run(data, published) if published is not None else None
        expected = data.get("expected")
        rows.append(
            Comparison(
                code=code,
                name=str(data.get("name", code)),
                expected_urgency=band_words(expected),
                draft=on_draft,
                published=on_published,
                changes=tuple(
                    changes(on_published.outcome if on_published else None, on_draft.outcome, names)
                ),
                answers=data.get("answers", {}),
            )
        )
    return rows
