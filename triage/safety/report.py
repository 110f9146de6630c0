"""Each release's clinical safety case report, in the structure NHS England's DCB0129 asks for: the
release and what it changed, then every hazard of the log with its causes, effect, risk before and
after its controls, and each control's evidence (its scenarios run on that release's knowledge with
the shared scenario checks, and its red flags). The admin renders it as a PDF
(`triage.admin.safety`).

The hazard log is read as it stands when the report is made; the evidence is always that release's.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.utils import timezone

from triage.knowledge.diff import KnowledgeDiff
from triage.knowledge.releases import published_knowledge, release_changes
from triage.knowledge.safety_evidence import HazardEvidence, hazard_evidence
from triage.knowledge.scenarios import saved_scenarios
from triage.models import Release
from triage.scenarios.checks import compare
from triage.scenarios.evaluation import Evaluation, evaluate
from triage.vocabulary import Severity


@dataclass(frozen=True)
class SafetyCase:
    release: Release
    previous: Release | None
    diff: KnowledgeDiff | None
    hazards: list[HazardEvidence]
    evaluation: Evaluation
    scenarios_passed: int
    scenarios_run: int
    made_at: datetime

    @property
    def controls(self) -> int:
        return sum(len(hazard.controls) for hazard in self.hazards)

    @property
    def controls_failing(self) -> int:
        return sum(not control.holds for hazard in self.hazards for control in hazard.controls)

    @property
    def highest_residual_risk(self) -> int:
        return max((hazard.hazard.residual_risk for hazard in self.hazards), default=0)


def gravest_first(evidence: HazardEvidence) -> tuple:
    """The highest risk with controls first, then before them, then the worst harm."""
    hazard = evidence.hazard
    return (
        -hazard.residual_risk,
        -hazard.initial_risk,
        -Severity.values.index(hazard.initial_severity),
        hazard.code,
    )


def safety_case(release: Release) -> SafetyCase:
    """The safety case of `release`: its knowledge, every saved scenario run on it, the hazard log."""
    knowledge = published_knowledge(release)
    scenarios = saved_scenarios()
    rows = compare(scenarios, knowledge, None)
    previous, diff = release_changes(release)
    return SafetyCase(
        release=release,
        previous=previous,
        diff=diff,
        hazards=sorted(hazard_evidence(rows, knowledge), key=gravest_first),
        evaluation=evaluate(scenarios, knowledge),
        scenarios_passed=sum(row.draft.passed for row in rows),
        scenarios_run=len(rows),
        made_at=timezone.now(),
    )
