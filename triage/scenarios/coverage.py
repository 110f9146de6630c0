"""What no scenario exercises: answer options never given, conditions never listed, red flags never
raised and key answers never given with their condition listed. Pure.

A scenario run says "0 would change" for knowledge no scenario reaches; this says so instead of
letting silence pass for safety. The scenario runner, the publish page and `manage.py
evaluate_scenarios` show it.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from triage import engine
from triage.scenarios.checks import Comparison, Outcome, run


@dataclass(frozen=True)
class Untested:
    """One item of the knowledge no scenario exercises, named in the admin's words."""

    code: str
    name: str


@dataclass(frozen=True)
class Coverage:
    """Each kind of item no scenario exercises, with how many there are in all."""

    findings: tuple[Untested, ...]
    conditions: tuple[Untested, ...]
    red_flags: tuple[Untested, ...]
    # Code "condition/finding": the key answer is never given by a scenario that lists the condition.
    key_answers: tuple[Untested, ...]
    totals: Mapping[str, int]

    KINDS = (
        ("findings", "Answer options given by a scenario"),
        ("conditions", "Conditions listed by a scenario"),
        ("red_flags", "Red flags raised by a scenario"),
        ("key_answers", "Key answers given by a scenario that lists their condition"),
    )

    @property
    def complete(self) -> bool:
        return not (self.findings or self.conditions or self.red_flags or self.key_answers)

    def codes(self, kind: str) -> frozenset[str]:
        return frozenset(item.code for item in getattr(self, kind))

    def lines(self) -> list[str]:
        """One line per kind: how many of all are exercised, as `Evaluation.lines` counts."""
        lines = []
        for kind, words in self.KINDS:
            total = self.totals[kind]
            used = total - len(getattr(self, kind))
            share = f" ({100 * used / total:.0f}%)" if total else ""
            lines.append(f"{words}: {used}/{total}{share}")
        return lines


def answer_name(finding: engine.FindingInfo, knowledge: engine.Knowledge) -> str:
    """An answer option with its question: 'Yes' alone says nothing."""
    question = knowledge.questions.get(finding.question_code)
    return f"{finding.label} ({question.text})" if question else finding.label


def coverage(knowledge: engine.Knowledge, runs: Iterable[tuple[engine.Answers, Outcome | None]]) -> Coverage:
    """What the scenarios' (answers, outcome) pairs leave unexercised in `knowledge`.

    Answers count as given only where the questionnaire would ask them (a follow-up whose trigger is
    not given is dropped, as the engine drops it). A run without an outcome (a scenario whose file is
    malformed) exercises nothing.
    """
    given: set[str] = set()
    listed: set[str] = set()
    raised: set[str] = set()
    key_pairs: set[tuple[str, str]] = set()
    for answers, outcome in runs:
        if outcome is None:
            continue
        these = engine.given_findings(answers, knowledge)
        given |= these
        listed.update(outcome.listed)
        raised.update(outcome.red_flags)
        key_pairs.update((code, finding) for code in outcome.listed for finding in these)

    findings = knowledge.findings
    key_answers = [
        (condition, code)
        for condition in knowledge.conditions
        for code in sorted(condition.key_answers, key=lambda c: knowledge.finding_rank.get(c, len(findings)))
    ]
    return Coverage(
        findings=tuple(
            Untested(code, answer_name(finding, knowledge))
            for code, finding in findings.items()
            if code not in given
        ),
        conditions=tuple(Untested(c.code, c.name) for c in knowledge.conditions if c.code not in listed),
        red_flags=tuple(Untested(f.code, f.title) for f in knowledge.red_flags if f.code not in raised),
        key_answers=tuple(
            Untested(
                f"{condition.code}/{code}",
                f"{condition.name}: {findings[code].label if code in findings else code}",
            )
            for condition, code in key_answers
            if (condition.code, code) not in key_pairs
        ),
        totals={
            "findings": len(findings),
            "conditions": len(knowledge.conditions),
            "red_flags": len(knowledge.red_flags),
            "key_answers": len(key_answers),
        },
    )


def coverage_of(rows: Sequence[Comparison], knowledge: engine.Knowledge) -> Coverage:
    """What the scenario runs against `knowledge` (their draft side) leave unexercised."""
    return coverage(knowledge, ((row.answers, row.draft.outcome) for row in rows))


def scenario_coverage(scenarios: Sequence[tuple[str, Mapping]], knowledge: engine.Knowledge) -> Coverage:
    """What every (code, scenario data) leaves unexercised in `knowledge`, running each one."""
    return coverage(
        knowledge, ((data.get("answers") or {}, run(data, knowledge).outcome) for _, data in scenarios)
    )


# What a draft adds or changes that no scenario exercises -------------------------------------


def _effects(knowledge: engine.Knowledge) -> dict[str, frozenset]:
    """Per answer option, everything that giving it does: its ratios, key-answer marks, red flags
    and the follow-up questions it opens. A change to any of these changes what the answer does."""
    effects: dict[str, set] = {code: set() for code in knowledge.findings}
    for c in knowledge.conditions:
        for code in {*c.ratios, *c.ratios_if_absent, *c.key_answers}:
            link = (c.code, c.ratios.get(code), c.ratios_if_absent.get(code), code in c.key_answers)
            effects.setdefault(code, set()).add(("condition", *link))
    for flag in knowledge.red_flags:
        for code in flag.linked:
            effects.setdefault(code, set()).add(("red flag", flag.code, code in flag.findings))
    for question in knowledge.questions.values():
        for code in question.show_when:
            effects.setdefault(code, set()).add(("opens", question.code))
    return {code: frozenset(links) for code, links in effects.items()}


def _news(before: object) -> tuple[str, str]:
    """('New', 'its effect') for an item the old knowledge lacks, ('Changed', 'the change') otherwise."""
    return ("New", "its effect") if before is None else ("Changed", "the change")


def untested_changes(old: engine.Knowledge | None, new: engine.Knowledge, covered: Coverage) -> list[str]:
    """A warning for each answer option, condition, red flag or key answer that `new` adds or changes
    compared with `old` and that no scenario exercises in `new`. With nothing published, everything
    is new."""
    warnings = []
    old_findings = old.findings if old else {}
    old_effects, new_effects = (_effects(old) if old else {}), _effects(new)
    unused = covered.codes("findings")
    for code, finding in new.findings.items():
        if code not in unused:
            continue
        question = new.questions.get(finding.question_code)
        name = f"'{finding.label}' (question: {question.text})" if question else f"'{finding.label}'"
        if code not in old_findings:
            warnings.append(f"New answer option {name} is not used by any scenario: its effect is untested.")
        elif old_findings[code] != finding or old_effects.get(code) != new_effects.get(code):
            warnings.append(
                f"Changed answer option {name} is not used by any scenario: the change is untested."
            )

    old_conditions = {c.code: c for c in old.conditions} if old else {}
    unlisted = covered.codes("conditions")
    untested_keys = covered.codes("key_answers")
    for condition in new.conditions:
        before = old_conditions.get(condition.code)
        if condition.code in unlisted and before != condition:
            what, which = _news(before)
            warnings.append(
                f"{what} condition '{condition.name}' is not listed by any scenario: {which} is untested."
            )
            continue
        added_keys = condition.key_answers - (before.key_answers if before else frozenset())
        for code in sorted(added_keys, key=lambda c: new.finding_rank.get(c, len(new.findings))):
            if f"{condition.code}/{code}" in untested_keys:
                label = new.findings[code].label if code in new.findings else code
                warnings.append(
                    f"New key answer '{label}' of '{condition.name}' is not given by any scenario that "
                    "lists the condition: its effect is untested."
                )

    old_flags = {f.code: f for f in old.red_flags} if old else {}
    unraised = covered.codes("red_flags")
    for flag in new.red_flags:
        flag_before = old_flags.get(flag.code)
        if flag.code in unraised and flag_before != flag:
            what, which = _news(flag_before)
            warnings.append(
                f"{what} red flag '{flag.title}' is not raised by any scenario: {which} is untested."
            )
    return warnings
