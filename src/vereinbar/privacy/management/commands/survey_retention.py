from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError

from vereinbar.privacy.retention import RetentionError, retention_days, survey_raw_data_remove, surveys_due


class Command(BaseCommand):
    help = (
        "Delete the individual responses and comments of surveys closed longer ago than "
        "VEREINBAR_SURVEY_RAW_RETENTION_DAYS; their reports stay from stored aggregates. Run it daily."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--dry-run", action="store_true", help="Only list the surveys that are due.")

    def handle(self, *args: Any, **options: Any) -> None:
        days = retention_days()
        if days <= 0:
            self.stdout.write("VEREINBAR_SURVEY_RAW_RETENTION_DAYS is not set: raw data is kept.")
            return
        due = surveys_due()
        for survey in due:
            if options["dry_run"]:
                self.stdout.write(
                    f"due: survey {survey.pk} “{survey}” of {survey.organisation}, closed {survey.closed_at:%Y-%m-%d}"
                )
                continue
            try:
                responses, comments = survey_raw_data_remove(survey=survey)
            except RetentionError as error:
                raise CommandError(f"survey {survey.pk}: {error}") from error
            self.stdout.write(f"survey {survey.pk} “{survey}”: {responses} responses and {comments} comments deleted.")
        if not due:
            self.stdout.write(f"No survey closed more than {days} days ago has raw data left.")
