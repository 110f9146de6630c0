"""Exports every scenario in the database as one JSON file each, in the fixtures/scenarios/ format."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand

from triage.knowledge.scenarios import export_to


class Command(BaseCommand):
    help = "Write every scenario to DIR/<code>.json, in the same format as fixtures/scenarios/."

    def add_arguments(self, parser) -> None:
        parser.add_argument("directory", type=Path)

    def handle(self, *args, **options) -> None:
        paths = export_to(options["directory"])
        self.stdout.write(f"Wrote {len(paths)} scenario file(s) to {options['directory']}.")
