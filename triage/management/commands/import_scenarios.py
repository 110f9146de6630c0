"""Imports scenario files (the fixtures/scenarios/*.json format) into the database, by file name."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from triage.knowledge.scenarios import ScenarioFileError, import_files


class Command(BaseCommand):
    help = (
        "Import scenario JSON files (or every .json file in the given folders). A scenario with the "
        "same code (file name) is updated. Nothing is saved if any file has a problem."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("paths", nargs="+", type=Path, help="Scenario files or folders of them.")

    def handle(self, *args, **options) -> None:
        files = []
        for path in options["paths"]:
            if path.is_dir():
                files += sorted(path.glob("*.json"))
            elif path.is_file():
                files.append(path)
            else:
                raise CommandError(f"{path}: no such file or folder.")
        if not files:
            raise CommandError("No .json files found.")
        try:
            created, updated = import_files((p.name, p.read_bytes()) for p in files)
        except ScenarioFileError as error:
            raise CommandError(f"Nothing was imported.\n{error}") from None
        self.stdout.write(f"Imported {created + updated} scenario(s): {created} new, {updated} updated.")
