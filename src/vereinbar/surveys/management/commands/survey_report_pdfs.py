from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from vereinbar.surveys.report.pdf import pdfs_expire


class Command(BaseCommand):
    help = "Delete the survey report PDFs made in the background more than a day ago. Run it daily."

    def handle(self, *args: Any, **options: Any) -> None:
        count = pdfs_expire()
        self.stdout.write(f"survey report PDFs deleted: {count}")
