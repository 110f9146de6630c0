"""Publishes the draft knowledge as a new release, through the same gates as the admin's page."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from triage.knowledge.releases import PublishError, publish_release, require_lead, review_draft
from triage.scenarios.evaluation import summarise


def publisher(username: str):
    """The clinical lead who publishes: the release records who did it, as the admin does."""
    user = get_user_model().objects.filter(username=username).first()
    if user is None:
        raise CommandError(f"There is no user called {username!r}.")
    try:
        # The publishing service's own gate, asked early so that a dry run is refused too.
        require_lead(user)
    except PublishError as error:
        raise CommandError(f"{username}: {error}") from None
    return user


class Command(BaseCommand):
    help = (
        "Publish the draft knowledge as the next release. Refused when the note is empty, nothing "
        "changed, the knowledge check finds errors, scenarios fail (unless accepted), or the user "
        "changed the draft and no other clinical lead approved it (see SINGLE_CLINICIAN)."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("--note", default="", help="What changed and why, in a sentence or two.")
        parser.add_argument("--user", default="", help="The clinical lead publishing it (a user name).")
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Only review the draft: the scenarios, the knowledge check and the draft's fingerprint.",
        )
        parser.add_argument(
            "--fingerprint",
            help="Publish only if the draft is still the one reviewed (the fingerprint --dry-run printed).",
        )
        parser.add_argument(
            "--accept-failing-scenarios",
            action="store_true",
            help="Publish even though some scenarios fail against the draft (they are listed first).",
        )

    def handle(self, *args, **options) -> None:
        review = review_draft()
        summary = summarise(review.rows)
        self.stdout.write(
            f"{summary['draft_passed']} of {summary['total']} scenarios pass against the draft."
        )
        for row in review.failing:
            self.stdout.write(f"  FAIL {row.code}: {' '.join(row.draft.reasons)}")
        for error in review.errors:
            self.stdout.write(f"  {error}")
        self.stdout.write(f"Draft fingerprint: {review.fingerprint}")
        if options["dry_run"]:
            return
        if not options["user"]:
            raise CommandError("Say who publishes: --user NAME (a clinical lead).")
        user = publisher(options["user"])
        try:
            release = publish_release(
                user=user,
                note=options["note"],
                review=review,
                reviewed_fingerprint=options["fingerprint"],
                accept_failing_scenarios=options["accept_failing_scenarios"],
            )
        except PublishError as error:
            raise CommandError(f"Not published. {error}") from None
        self.stdout.write(
            self.style.SUCCESS(f"Published knowledge release v{release.version}: {release.note}")
        )
        for warning in release.safety_warnings:
            self.stdout.write(self.style.WARNING(f"  Safety case: {warning}"))
