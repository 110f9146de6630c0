"""Loads (or reloads) the shipped knowledge base from fixtures/ in dependency order."""

from __future__ import annotations

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import transaction

from triage.signals import KNOWLEDGE_MODELS

FIXTURE_REASON = "Loaded from the shipped fixtures"


def record_first_versions() -> int:
    """Give every knowledge object without a history its first version, so that a clinician's first
    edit shows what it changed. Fixture loading saves "raw", which simple-history does not record.
    """
    recorded = 0
    for model in KNOWLEDGE_MODELS:
        with_history = model.history.values("id")
        missing = list(model.objects.exclude(pk__in=with_history).values_list("pk", flat=True))
        for obj in model.objects.filter(pk__in=missing):
            obj._change_reason = FIXTURE_REASON
            obj.save()
        # Saving records a change; for a first version "Created" reads truer.
        model.history.filter(id__in=missing).update(history_type="+")
        recorded += len(missing)
    return recorded


class Command(BaseCommand):
    help = "Load the condition knowledge shipped in fixtures/. Safe to run again: it updates by code."

    def handle(self, *args, **options) -> None:
        with transaction.atomic():
            call_command("loaddata", *settings.KNOWLEDGE_FIXTURES, verbosity=options["verbosity"])
            recorded = record_first_versions()
        if options["verbosity"] > 1:
            self.stdout.write(f"Recorded the first version of {recorded} object(s) in the history.")
