"""Exports the draft knowledge base and the scenarios as fixtures that `loaddata` accepts."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand

from triage.knowledge.fixtures import write_fixtures


class Command(BaseCommand):
    help = (
        "Write the draft knowledge and the scenarios to DIR as the same files as fixtures/ "
        "(sources, questionnaire, conditions, red_flags, scenarios), with natural keys."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("directory", type=Path)

    def handle(self, *args, **options) -> None:
        for path in write_fixtures(options["directory"]):
            self.stdout.write(f"Wrote {path}")
