"""History details group counts by thousands in the reader's language; numbers that name
something (an award's number) stay as they were stored."""

import pytest
from django.utils import translation

from vereinbar.activity.display import lines_for
from vereinbar.activity.services import entry_record

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("language", "label", "before", "after"),
    [
        ("de", "Anzahl der Beschäftigten", "1.500", "300.000"),
        ("nl", "Aantal medewerkers", "1.500", "300.000"),
        ("en", "Staff", "1,500", "300,000"),
    ],
)
def test_a_changed_staff_count_reads_grouped(coordinator, employer_org, language, label, before, after):
    entry = entry_record(
        actor=coordinator,
        verb="organisation.updated",
        target=employer_org,
        organisation=employer_org,
        before={"staff_count": 1500, "number": "2025-01234"},
        after={"staff_count": 300_000, "number": "2025-01235"},
    )
    with translation.override(language):
        (line,) = lines_for([entry])
        shown = {d.label: (str(d.before), str(d.after)) for d in line.details}
    assert shown[label] == (before, after)
    assert ("2025-01234", "2025-01235") in shown.values()
