"""Runs every scenario against the draft (or a release) and prints the four figures of the reasoning,
then what no scenario exercises."""

from __future__ import annotations

import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from triage.knowledge.draft import build_knowledge
from triage.knowledge.scenarios import saved_scenarios
from triage.knowledge.snapshot import knowledge_from_dict
from triage.models import Release
from triage.scenarios.coverage import scenario_coverage
from triage.scenarios.evaluation import evaluate

UNTESTED_WORDS = {
    "findings": "answer option no scenario gives",
    "conditions": "condition no scenario lists",
    "red_flags": "red flag no scenario raises",
    "key_answers": "key answer no scenario gives with its condition listed",
}


class Command(BaseCommand):
    help = (
        "Run every scenario against the draft (or --release N) and print the share at or above the safe "
        "urgency, within the band, with an expected cause among the likely, and with every required "
        "do-not-miss condition shown; then each miss with the answers' outcome; then how many answer "
        "options, conditions, red flags and key answers the scenarios exercise, and those they do not."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("--release", type=int, help="A release's version instead of the draft.")
        parser.add_argument(
            "--files",
            help=(
                "Run the scenario files in this folder instead of the saved scenarios: a fresh batch's "
                "first run. A cause the knowledge lacks counts as a miss on the cause figures only."
            ),
        )

    def handle(self, *args, **options) -> None:
        if options["release"]:
            release = Release.objects.filter(version=options["release"]).first()
            if release is None:
                raise CommandError(f"There is no release v{options['release']}.")
            knowledge, label = (
                knowledge_from_dict(release.snapshot, revision=release.version),
                f"v{release.version}",
            )
        else:
            knowledge, label = build_knowledge(), "the draft"
        if options["files"]:
            folder = Path(options["files"])
            scenarios = [(p.stem, json.loads(p.read_text())) for p in sorted(folder.glob("*.json"))]
            if not scenarios:
                raise CommandError(f"There are no .json files in {folder}.")
        else:
            scenarios = saved_scenarios()
        result = evaluate(scenarios, knowledge, fresh=bool(options["files"]))
        for code, why in result.misses:
            self.stdout.write(f"MISS {code}: {why}")
        self.stdout.write(f"{result.total} scenarios against {label}:")
        for line in result.lines():
            self.stdout.write(f"  {line}")
        covered = scenario_coverage(scenarios, knowledge)
        self.stdout.write(f"What the scenarios exercise in {label}:")
        for line in covered.lines():
            self.stdout.write(f"  {line}")
        for kind, words in UNTESTED_WORDS.items():
            for item in getattr(covered, kind):
                self.stdout.write(f"UNTESTED {words}: {item.name} [{item.code}]")
