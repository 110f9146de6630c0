"""Loads (or reloads) the shipped knowledge base from fixtures/ in dependency order."""

from __future__ import annotations

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Load the condition knowledge shipped in fixtures/. Safe to run again: it updates by code."

    def handle(self, *args, **options) -> None:
        call_command("loaddata", *settings.KNOWLEDGE_FIXTURES, verbosity=options["verbosity"])
