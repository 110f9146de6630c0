"""Exports the draft knowledge base and the scenarios as fixtures that `loaddata` accepts."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand

from triage.knowledge.fixtures import write_fixtures
from triage.knowledge.translations import write_translation_files


class Command(BaseCommand):
    help = (
        "Write the draft knowledge and the scenarios to DIR as the same files as fixtures/ "
        "(sources, questionnaire, conditions, red_flags, medicines, accepted_warnings, scenarios, and "
        "translations/<language>/), with natural keys."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("directory", type=Path)

    def handle(self, *args, **options) -> None:
        directory = options["directory"]
        for path in [*write_fixtures(directory), *write_translation_files(directory / "translations")]:
            self.stdout.write(f"Wrote {path}")
