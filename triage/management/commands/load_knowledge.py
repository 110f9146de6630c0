"""Loads (or reloads) the shipped knowledge base and scenarios from fixtures/, then publishes it.

The draft knowledge tables are made to match the fixtures exactly (rows missing from them are
removed). If the result differs from the latest release, or nothing has been published yet, it is
published as a new release: fixtures change through code review with the scenario suite in CI, so
a deploy that ships new knowledge also puts it live. Use --no-publish to load the draft only.
"""

from __future__ import annotations

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import transaction

from triage.fixtures_io import fixture_paths, remove_rows_missing_from
from triage.releases import draft_snapshot, latest_release, publish_release

INITIAL_NOTE = "Initial knowledge from fixtures"
RELOAD_NOTE = "Knowledge reloaded from the shipped fixtures (manage.py load_knowledge)"


class Command(BaseCommand):
    help = (
        "Load the condition knowledge and scenarios shipped in fixtures/ into the draft, and publish "
        "it when it differs from the latest release. Safe to run again."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--no-publish",
            action="store_true",
            help="Only load the draft; publish nothing (the first release is still made if none exists).",
        )

    def handle(self, *args, **options) -> None:
        verbosity = options["verbosity"]
        with transaction.atomic():
            call_command("loaddata", *settings.KNOWLEDGE_FIXTURES, verbosity=verbosity)
            removed = remove_rows_missing_from(fixture_paths())
            if removed and verbosity:
                self.stdout.write(f"Removed {removed} draft row(s) that are no longer in the fixtures.")
            latest = latest_release()
            snapshot = draft_snapshot()
            if latest is None:
                release = publish_release(user=None, note=INITIAL_NOTE, snapshot=snapshot)
            elif latest.snapshot != snapshot and not options["no_publish"]:
                release = publish_release(user=None, note=RELOAD_NOTE, snapshot=snapshot)
            else:
                release = None
        if release and verbosity:
            self.stdout.write(f"Published knowledge release v{release.version}: {release.note}")
