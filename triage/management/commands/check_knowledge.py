"""Lists every problem in the knowledge base; exits with an error when any problem is an error."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from triage.knowledge.check import find_problems


class Command(BaseCommand):
    help = "Check the whole knowledge base and list every error and warning. Fails when there are errors."

    def handle(self, *args, **options) -> None:
        problems = find_problems()
        for problem in problems:
            style = self.style.ERROR if problem.is_error else self.style.WARNING
            self.stdout.write(style(str(problem)))
        errors = sum(1 for p in problems if p.is_error)
        warnings = len(problems) - errors
        summary = f"{errors} error(s), {warnings} warning(s)."
        if errors:
            raise CommandError(f"The knowledge check found problems: {summary}")
        self.stdout.write(self.style.SUCCESS(f"Knowledge check passed: {summary}"))
