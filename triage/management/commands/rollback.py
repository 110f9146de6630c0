"""Publishes an earlier release's knowledge again as a new release (roll back). The draft is kept."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from triage.knowledge.releases import PublishError, rollback_to
from triage.management.commands.publish import publisher
from triage.models import Release


class Command(BaseCommand):
    help = "Publish the knowledge of an earlier release again, as a new release. The draft is left alone."

    def add_arguments(self, parser) -> None:
        parser.add_argument("version", type=int, help="The release to go back to, e.g. 3 for v3.")
        parser.add_argument("--note", required=True, help="Why you are rolling back.")
        parser.add_argument("--user", required=True, help="The clinical lead rolling back (a user name).")

    def handle(self, *args, **options) -> None:
        user = publisher(options["user"])
        target = Release.objects.filter(version=options["version"]).first()
        if target is None:
            raise CommandError(f"There is no release v{options['version']}.")
        try:
            release = rollback_to(release=target, user=user, note=options["note"])
        except PublishError as error:
            raise CommandError(f"Not rolled back. {error}") from None
        self.stdout.write(
            self.style.SUCCESS(
                f"Published release v{release.version}, the same knowledge as v{target.version}."
            )
        )
