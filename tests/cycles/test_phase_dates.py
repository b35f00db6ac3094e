"""A phase page shows its dates and times in one style per language: the due date and the
moments of submission, acceptance and review all written out (``DATE_FORMAT``,
``DATETIME_FORMAT``), never a numeric short date beside a long one."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from django.urls import reverse
from django.utils import translation

from tests.cycles.helpers import drive

pytestmark = pytest.mark.django_db

# 11:00 UTC is 12:00 in Berlin (winter time), the default time zone.
SUBMITTED = datetime(2026, 3, 20, 11, 0, tzinfo=UTC)
REVIEWED = datetime(2026, 3, 23, 8, 30, tzinfo=UTC)
DUE = date(2026, 4, 12)

EXPECTED = {
    "de": ("12. April 2026", "20. März 2026 12:00", "23. März 2026 09:30", ("20.03.2026", "23.03.2026")),
    "nl": ("12 april 2026", "20 maart 2026 12:00", "23 maart 2026 09:30", ("20-03-2026", "23-03-2026")),
    "en": ("12 April 2026", "20 March 2026, 12:00", "23 March 2026, 09:30", ("20/03/2026", "23/03/2026")),
}


@pytest.fixture
def reviewed_run(audit, open_cycle, parties):
    """The first phase a reviewer accepted, with its moments set to known ones."""
    cycle = open_cycle(audit)
    drive(cycle, parties, stop_before="workshop")
    run = cycle.phase_runs.filter(reviews__isnull=False).order_by("phase__order").first()
    assert run is not None and run.submitted_at and run.accepted_at
    type(run).objects.filter(pk=run.pk).update(submitted_at=SUBMITTED, accepted_at=REVIEWED, due_on=DUE)
    run.reviews.update(created_at=REVIEWED)
    return run


@pytest.mark.parametrize("language", ["de", "nl", "en"])
def test_the_phase_page_writes_every_date_and_time_in_one_long_style(reviewed_run, coordinator, login, language):
    cycle = reviewed_run.cycle
    with translation.override(language):
        url = reverse("workspace_cycles:phase", args=[cycle.organisation.slug, cycle.pk, reviewed_run.pk])
    page = login(coordinator).get(url).content.decode()
    assert f'<html lang="{language}"' in page
    due, submitted, reviewed, short_dates = EXPECTED[language]
    assert due in page
    assert submitted in page
    assert page.count(reviewed) == 2  # accepted, and the review's own moment
    assert not any(short in page for short in short_dates)
