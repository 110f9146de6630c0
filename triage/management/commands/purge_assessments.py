"""Deletes saved assessments older than the retention period (ASSESSMENT_RETENTION_DAYS) with their
stored PDFs; expired sessions, since an expired session row still holds a person's unsaved answers
until it is deleted; and the daily counts of stored results of days before today."""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.contrib.sessions.models import Session
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from triage.models import Assessment, DailySubmissions


class Command(BaseCommand):
    help = "Delete saved assessments older than a number of days (default: ASSESSMENT_RETENTION_DAYS)."

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--days",
            type=int,
            default=None,
            help="Keep assessments younger than this many days (at least 1).",
        )

    def handle(self, *args, **options) -> None:
        days = options["days"] if options["days"] is not None else settings.ASSESSMENT_RETENTION_DAYS
        if days < 1:
            raise CommandError("--days must be at least 1.")
        cutoff = timezone.now() - timedelta(days=days)
        # The count of assessments alone, not of the PDFs deleted with them.
        _total, per_model = Assessment.objects.filter(created_at__lt=cutoff).delete()
        deleted = per_model.get(Assessment._meta.label, 0)
        self.stdout.write(f"Deleted {deleted} assessment(s) older than {days} day(s).")
        # What `manage.py clearsessions` does, on the same daily schedule.
        expired, _ = Session.objects.filter(expire_date__lt=timezone.now()).delete()
        self.stdout.write(f"Deleted {expired} expired session(s).")
        counts, _ = DailySubmissions.objects.filter(day__lt=timezone.now().date()).delete()
        self.stdout.write(f"Deleted {counts} daily count(s) of earlier days.")
