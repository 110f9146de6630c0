"""What shows that each control of the hazard log works on a given knowledge: the results of the
scenarios that test it, and whether the red flags it relies on are there.

The publish page and `publish_release` warn with `control_warnings` on the draft; each release's
safety case report (`triage.safety.report`) lists `hazard_evidence` on that release's knowledge.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import cached_property

from django.db.models import Prefetch
from django.utils.translation import gettext as _

from triage import engine
from triage.models import Hazard, HazardControl
from triage.scenarios.checks import Comparison


@dataclass(frozen=True)
class ScenarioEvidence:
    code: str
    name: str
    passed: bool
    reasons: tuple[str, ...]


@dataclass(frozen=True)
class RedFlagEvidence:
    code: str
    title: str
    present: bool  # in the knowledge the evidence is about


@dataclass(frozen=True)
class ControlEvidence:
    control: HazardControl
    scenarios: tuple[ScenarioEvidence, ...]
    red_flags: tuple[RedFlagEvidence, ...]

    @property
    def failing(self) -> list[ScenarioEvidence]:
        return [scenario for scenario in self.scenarios if not scenario.passed]

    @property
    def missing_red_flags(self) -> list[RedFlagEvidence]:
        return [flag for flag in self.red_flags if not flag.present]

    @property
    def holds(self) -> bool:
        """Every scenario that tests it passes and every red flag it relies on is there."""
        return not self.failing and not self.missing_red_flags


@dataclass(frozen=True)
class HazardEvidence:
    hazard: Hazard
    controls: tuple[ControlEvidence, ...]

    @cached_property
    def holds(self) -> bool:
        return all(control.holds for control in self.controls)


def hazard_log():
    """Every hazard with its controls (in order) and their scenarios and red flags, in few queries."""
    controls = HazardControl.objects.prefetch_related("scenarios", "red_flags").order_by("order", "code")
    return Hazard.objects.prefetch_related(Prefetch("controls", queryset=controls)).order_by("code")


def hazard_evidence(rows: Sequence[Comparison], knowledge: engine.Knowledge) -> list[HazardEvidence]:
    """Each hazard with the evidence for its controls: `rows` are the scenarios run on `knowledge`
    (their `draft` side is the result on it). A scenario that was not run counts as failing."""
    results = {row.code: row.draft for row in rows}
    flags = {flag.code for flag in knowledge.red_flags}
    evidence = []
    for hazard in hazard_log():
        controls = []
        for control in hazard.controls.all():
            scenarios = []
            for scenario in sorted(control.scenarios.all(), key=lambda s: s.code):
                result = results.get(scenario.code)
                reasons = result.reasons if result else (_("Not run."),)
                scenarios.append(
                    ScenarioEvidence(scenario.code, scenario.name, bool(result and result.passed), reasons)
                )
            red_flags = tuple(
                RedFlagEvidence(flag.code, flag.title, flag.code in flags)
                for flag in sorted(control.red_flags.all(), key=lambda f: f.code)
            )
            controls.append(ControlEvidence(control, tuple(scenarios), red_flags))
        evidence.append(HazardEvidence(hazard, tuple(controls)))
    return evidence


@dataclass(frozen=True)
class ControlWarning:
    """A control of the hazard log whose evidence fails on the knowledge about to be published."""

    hazard: str
    control: str
    failing: tuple[str, ...]  # scenario codes
    missing_red_flags: tuple[str, ...]

    def __str__(self) -> str:
        parts = []
        if self.failing:
            parts.append(_("scenarios that test it fail: %(codes)s") % {"codes": ", ".join(self.failing)})
        if self.missing_red_flags:
            parts.append(
                _("red flags it relies on are missing: %(codes)s")
                % {"codes": ", ".join(self.missing_red_flags)}
            )
        return _("Hazard “%(hazard)s”, control %(control)s: %(problems)s.") % {
            "hazard": self.hazard,
            "control": self.control,
            "problems": "; ".join(parts),
        }


def control_warnings(rows: Sequence[Comparison], knowledge: engine.Knowledge) -> list[ControlWarning]:
    """The controls whose scenarios fail, or whose red flags are gone, on `knowledge`."""
    return [
        ControlWarning(
            hazard=evidence.hazard.name,
            control=control.control.code,
            failing=tuple(scenario.code for scenario in control.failing),
            missing_red_flags=tuple(flag.code for flag in control.missing_red_flags),
        )
        for evidence in hazard_evidence(rows, knowledge)
        for control in evidence.controls
        if not control.holds
    ]
