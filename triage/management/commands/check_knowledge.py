"""Lists every problem in the knowledge base; exits with an error when any problem is an error."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from triage.knowledge.check import find_problems
from triage.knowledge.translation_review import translation_review


class Command(BaseCommand):
    help = "Check the whole knowledge base and list every error and warning. Fails when there are errors."

    def handle(self, *args, **options) -> None:
        problems = find_problems()
        for problem in problems:
            if problem.needs_a_look:
                style = self.style.ERROR if problem.is_error else self.style.WARNING
                self.stdout.write(style(f"{problem} [{problem.check}]" if problem.check else str(problem)))
            elif options["verbosity"] > 1:
                self.stdout.write(f"INTENDED: {problem} Why: {problem.accepted}")
        # Translations missing or not reviewed: warnings a clinician clears in the admin, counted
        # per language; each item is listed with -v 2.
        for review in translation_review():
            if not review.any:
                continue
            self.stdout.write(self.style.WARNING(f"WARNING: translations: {review}"))
            for item in review.items if options["verbosity"] > 1 else ():
                self.stdout.write(self.style.WARNING(f"WARNING: {review.name}: {item} [{item.admin_url}]"))
        errors = sum(1 for p in problems if p.is_error)
        warnings = sum(1 for p in problems if p.needs_a_look) - errors
        intended = len(problems) - errors - warnings
        summary = f"{errors} error(s), {warnings} warning(s), {intended} marked as intended (not counted)."
        if errors:
            raise CommandError(f"The knowledge check found problems: {summary}")
        self.stdout.write(self.style.SUCCESS(f"Knowledge check passed: {summary}"))
