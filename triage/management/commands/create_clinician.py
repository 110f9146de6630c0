"""Creates a staff account for a clinician in the Clinical editor, reviewer or lead group."""

from __future__ import annotations

import getpass
import os

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from triage.knowledge.roles import GROUPS


class Command(BaseCommand):
    help = (
        "Create a clinician's admin account (staff, not superuser) in the Clinical editor, Clinical "
        "reviewer or Clinical lead group. Asks for the password, or reads CLINICIAN_PASSWORD when "
        "--no-input is given."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("username")
        parser.add_argument("--role", choices=sorted(GROUPS), default="editor")
        parser.add_argument("--email", default="")
        parser.add_argument(
            "--no-input", action="store_true", help="Read the password from CLINICIAN_PASSWORD."
        )

    def handle(self, *args, username: str, role: str, email: str, no_input: bool, **options) -> None:
        User = get_user_model()
        if User.objects.filter(username=username).exists():
            raise CommandError(f"There is already an account called {username!r}.")
        password = os.environ.get("CLINICIAN_PASSWORD", "") if no_input else self.ask_password()
        if not password:
            raise CommandError("No password given (set CLINICIAN_PASSWORD with --no-input).")
        user = User(username=username, email=email, is_staff=True)
        try:
            validate_password(password, user)
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from None
        user.set_password(password)
        user.save()
        user.groups.add(Group.objects.get(name=GROUPS[role]))
        self.stdout.write(self.style.SUCCESS(f"Created {username!r} in the group {GROUPS[role]!r}."))

    def ask_password(self) -> str:
        password = getpass.getpass("Password: ")
        if password != getpass.getpass("Password (again): "):
            raise CommandError("The two passwords did not match.")
        return password
