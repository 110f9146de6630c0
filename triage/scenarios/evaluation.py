"""The figures of the reasoning over a set of scenarios: what `manage.py evaluate_scenarios`, the
admin's scenario runner and the publishing page show. Pure."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from triage import engine
from triage.scenarios.checks import Comparison, expected_likely, run, urgency_band
from triage.vocabulary import urgency_rank


def summarise(rows: Sequence[Comparison]) -> dict:
    """The figures a clinician reads first: how many pass on each side, and which fail or change."""
    return {
        "total": len(rows),
        "draft_passed": sum(row.draft.passed for row in rows),
        "draft_failed": [row for row in rows if not row.draft.passed],
        "published_passed": sum(bool(row.published and row.published.passed) for row in rows),
        "changed": [row for row in rows if row.changes],
        "newly_failing": [row for row in rows if row.newly_failing],
    }


@dataclass(frozen=True)
class Evaluation:
    """The four figures a clinician reads about the reasoning, with every miss."""

    total: int
    safe: int  # at or above the lowest safe urgency
    in_band: int  # between the lowest safe and the highest reasonable urgency
    with_expected_cause: int  # of the scenarios that name causes, those with one among the likely
    naming_causes: int
    do_not_miss_shown: int  # required do-not-miss conditions shown (likely or do-not-miss tier)
    do_not_miss_required: int
    misses: tuple[tuple[str, str], ...]  # (scenario code, what went wrong)

    @staticmethod
    def share(part: int, whole: int) -> str:
        return f"{part}/{whole} ({100 * part / whole:.0f}%)" if whole else "none to count"

    def lines(self) -> list[str]:
        return [
            f"At or above the safe urgency: {self.share(self.safe, self.total)}",
            f"Within the expected band: {self.share(self.in_band, self.total)}",
            f"An expected cause among the likely: {self.share(self.with_expected_cause, self.naming_causes)}",
            f"Required do-not-miss shown: {self.share(self.do_not_miss_shown, self.do_not_miss_required)}",
        ]


UNKNOWN_CAUSE = "Expected result: there is no condition"


def evaluate(
    scenarios: Sequence[tuple[str, Mapping]], knowledge: engine.Knowledge, *, fresh: bool = False
) -> Evaluation:
    """Run every (code, scenario) and count the four figures. A scenario whose answers do not fit the
    questionnaire counts as a miss on every figure it has.

    `fresh`: a new batch written by people who have not read the knowledge may expect a cause the
    knowledge lacks. That is a miss on the cause figures only (it can never be among the likely or
    shown); the urgency is still counted."""
    safe = in_band = with_cause = naming = shown = required = 0
    misses: list[tuple[str, str]] = []
    for code, data in scenarios:
        expected = data.get("expected", {})
        result = run(data, knowledge)
        named = expected_likely(expected)
        must_show = list(expected.get("do_not_miss", ()))
        naming += bool(named)
        required += len(must_show)
        problems = [p for p in result.problems if not (fresh and p.startswith(UNKNOWN_CAUSE))]
        misses += [(code, p) for p in result.problems if p not in problems]
        if problems or result.outcome is None:
            misses += [(code, problem) for problem in problems]
            continue
        got = result.outcome
        low, high = urgency_band(expected)
        rank = urgency_rank(got.urgency)
        safe += rank <= urgency_rank(low)
        in_band += urgency_rank(high) <= rank <= urgency_rank(low)
        with_cause += bool(named) and bool(set(named) & set(got.likely))
        shown += sum(c in (*got.likely, *got.do_not_miss) for c in must_show)
        misses += [(code, f"{failure} Got: {got.plain()}") for failure in result.failures]
    return Evaluation(len(scenarios), safe, in_band, with_cause, naming, shown, required, tuple(misses))
