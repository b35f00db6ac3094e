"""A cycle page offers "Start the next stage" only when the renewal would be taken: once the
programme takes no new applications, the page says so with the day instead of a button that is
refused after the click."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format

from .helpers import drive

pytestmark = pytest.mark.django_db

BUTTON = "Nächste Stufe starten"


@pytest.fixture
def awarded(audit, open_cycle, parties):
    cycle = open_cycle(audit)
    drive(cycle, parties, until_award=True)
    cycle.refresh_from_db()
    return cycle


def _page(client, employer_org, name, *args) -> str:
    with translation.override("de"):
        url = reverse(f"workspace_cycles:{name}", args=[employer_org.slug, *args])
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def test_an_awarded_cycle_offers_the_next_stage(awarded, parties, employer_org, login):
    page = _page(login(parties["coordinator"]), employer_org, "detail", awarded.pk)
    assert BUTTON in page
    assert "kann nicht verlängert werden" not in page


def test_a_closed_programme_says_since_when_instead_of_offering_a_refused_renewal(
    awarded, parties, employer_org, login
):
    closed = timezone.localdate() - timedelta(days=1)
    version = awarded.version
    version.applications_until = closed
    version.save(update_fields=["applications_until"])
    with translation.override("de"):
        day = date_format(closed, "DATE_FORMAT")
    page = _page(login(parties["coordinator"]), employer_org, "detail", awarded.pk)
    assert BUTTON not in page
    text = re.sub(r"<[^>]+>", "", page)  # the date is one <time> element, kept on one line
    assert (
        f"Die Auszeichnung kann nicht verlängert werden: Das Programm nimmt seit dem {day} keine neuen Bewerbungen an."
    ) in text
    # a reader who could not renew anyway is not told about it
    assert "kann nicht verlängert werden" not in _page(login(parties["viewer"]), employer_org, "detail", awarded.pk)
