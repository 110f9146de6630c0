"""Running the scenarios saved in the database against a draft and the published knowledge."""

from __future__ import annotations

from triage import engine
from triage.models import Scenario
from triage.scenarios.checks import Comparison, compare


def saved_scenarios() -> list[tuple[str, dict]]:
    """Every saved scenario as (code, file data), in code order."""
    return [(s.code, s.as_data()) for s in Scenario.objects.order_by("code")]


def run_scenarios(knowledge: engine.Knowledge, published: engine.Knowledge | None) -> list[Comparison]:
    """Every saved scenario against `knowledge` (usually the draft) and what the public sees now."""
    return compare(saved_scenarios(), knowledge, published)
