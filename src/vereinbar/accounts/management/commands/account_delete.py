from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from vereinbar.accounts.models import User
from vereinbar.accounts.privacy import account_delete


class Command(BaseCommand):
    help = (
        "Delete an account and its personal data; the history keeps a pseudonym in its place. "
        "Acts as the first active platform admin. See docs/privacy.md."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("email", help="The account's e-mail address.")
        parser.add_argument("--yes", action="store_true", help="Do not ask for confirmation.")

    def handle(self, *args: Any, **options: Any) -> None:
        user = User.objects.filter(email__iexact=options["email"]).first()
        if user is None:
            raise CommandError(f"No account with the e-mail address {options['email']}.")
        admin = User.objects.filter(is_superuser=True, is_active=True).exclude(pk=user.pk).order_by("pk").first()
        if admin is None:
            raise CommandError("There is no other active platform admin to act as.")
        if not options["yes"]:
            answer = input(f"Delete the account {user.email} and its personal data? This cannot be undone. [y/N] ")
            if answer.strip().lower() not in ("y", "yes"):
                raise CommandError("Nothing deleted.")
        try:
            pseudonym = account_delete(actor=admin, user=user)
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from error
        self.stdout.write(self.style.SUCCESS(f"Deleted. The history now shows “{pseudonym}” in its place."))
