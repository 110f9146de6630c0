"""Loads (or reloads) the shipped knowledge base and scenarios from fixtures/, then publishes it.

The draft knowledge tables are made to match the fixtures exactly (rows missing from them are
removed), their text made plain as the admin's text boxes store it (`models.plain_text`). If the
result differs from the latest release, or nothing has been published yet, it is published as a
new release: fixtures change through code review with the scenario suite in CI, so
a deploy that ships new knowledge also puts it live. Use --no-publish to load the draft only.

Reloading replaces clinicians' draft edits with the shipped version, so the set-up script uses
--if-empty: it loads the fixtures into a new database and leaves an existing one alone.
"""

from __future__ import annotations

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import translation

from triage.knowledge.fixtures import (
    fixture_paths,
    load_fixtures,
    make_text_plain,
    remove_rows_missing_from,
)
from triage.knowledge.releases import latest_release, publish_release, review_draft
from triage.knowledge.translations import load_translations
from triage.models import KNOWLEDGE_MODELS, SAFETY_MODELS, Release, Step

INITIAL_NOTE = "Initial knowledge from fixtures"
RELOAD_NOTE = "Knowledge reloaded from the shipped fixtures (manage.py load_knowledge)"
FIXTURE_REASON = "Loaded from the shipped fixtures"


def record_first_versions() -> int:
    """Give every knowledge object without a history its first version, so that a clinician's first
    edit shows what it changed. Fixture loading saves "raw", which simple-history does not record.
    """
    recorded = 0
    for model in (*KNOWLEDGE_MODELS, *SAFETY_MODELS):
        with_history = model.history.values("id")
        missing = list(model.objects.exclude(pk__in=with_history).values_list("pk", flat=True))
        for obj in model.objects.filter(pk__in=missing):
            obj._change_reason = FIXTURE_REASON  # type: ignore[union-attr]  # simple-history reads it
            obj.save()
        # Saving records a change; for a first version "Created" reads truer.
        model.history.filter(id__in=missing).update(history_type="+")
        recorded += len(missing)
    return recorded


class Command(BaseCommand):
    help = (
        "Load the condition knowledge and scenarios shipped in fixtures/ into the draft, and publish "
        "it when it differs from the latest release. Safe to run again, but it replaces draft edits."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--no-publish",
            action="store_true",
            help="Only load the draft; publish nothing (the first release is still made if none exists).",
        )
        parser.add_argument(
            "--if-empty",
            action="store_true",
            help="Do nothing when the database already has knowledge (keeps clinicians' edits).",
        )

    def handle(self, *args, **options) -> None:
        verbosity = options["verbosity"]
        if options["if_empty"] and (Release.objects.exists() or Step.objects.exists()):
            if verbosity:
                self.stdout.write(
                    "Knowledge already loaded; left as it is. Run `manage.py load_knowledge` to "
                    "replace the draft with the shipped fixtures."
                )
            return
        # English is the source language: the fixtures' texts are the English columns.
        with transaction.atomic(), translation.override(settings.LANGUAGE_CODE):
            load_fixtures(Path(settings.FIXTURE_DIRS[0]), verbosity=verbosity)
            made_plain = make_text_plain()
            if made_plain and verbosity:
                self.stdout.write(
                    f"Tidied the text of {made_plain} row(s): line endings, and spaces at the ends of lines."
                )
            removed = remove_rows_missing_from(fixture_paths())
            if removed and verbosity:
                self.stdout.write(f"Removed {removed} draft row(s) that are no longer in the fixtures.")
            translated = load_translations()
            if verbosity > 1:
                self.stdout.write(f"Loaded {translated} translated text(s) from fixtures/translations/.")
            recorded = record_first_versions()
            latest = latest_release()
            review = review_draft()
            if latest is None or (not review.unchanged and not options["no_publish"]):
                # The same gates as a clinician's publish. The shipped scenarios are checked against
                # the shipped fixtures by the test suite before they can be merged, so a failing one
                # is not a reason to leave the site on older knowledge here.
                note = INITIAL_NOTE if latest is None else RELOAD_NOTE
                release = publish_release(user=None, note=note, review=review, accept_failing_scenarios=True)
            else:
                release = None
        if verbosity > 1:
            self.stdout.write(f"Recorded the first version of {recorded} object(s) in the history.")
        if release and verbosity:
            self.stdout.write(f"Published knowledge release v{release.version}: {release.note}")
