from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from vereinbar.accounts.models import User
from vereinbar.accounts.privacy import account_data_export


class Command(BaseCommand):
    help = "Export everything stored about an account as a ZIP file (for a data access request). See docs/privacy.md."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("email", help="The account's e-mail address.")
        parser.add_argument("--output", "-o", help="File to write (default: stdout).")

    def handle(self, *args: Any, **options: Any) -> None:
        user = User.objects.filter(email__iexact=options["email"]).first()
        if user is None:
            raise CommandError(f"No account with the e-mail address {options['email']}.")
        data = account_data_export(user=user)
        if options["output"]:
            Path(options["output"]).write_bytes(data)
            self.stderr.write(f"Written to {options['output']} ({len(data)} bytes).")
        else:
            sys.stdout.buffer.write(data)
