"""Make the directory's read model afresh from the data (after a bulk import or by hand edits)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from vereinbar.directory.models import ListedOrganisation
from vereinbar.directory.readmodel import directory_refresh


class Command(BaseCommand):
    help = "Rebuild the public directory's read model from the data."

    def handle(self, *args: Any, **options: Any) -> None:
        directory_refresh()
        self.stdout.write(f"{ListedOrganisation.objects.count()} organisations listed.")
