"""The measure page's forms open at themselves when sent back with an error (on a phone the
status form lies below the facts, out of view), each date field says which status needs it,
and a status changed opens the page at its message."""

import re

import pytest

from tests.measures.factories import MeasureFactory

pytestmark = pytest.mark.django_db

URL = "/de/workspace/kreis-musterstadt/measures/"


def _status_form(page: str) -> str:
    found = re.search(r'<h2 id="change-status">.*?</form>', page, re.S)
    assert found, "no status form"
    return found.group(0)


def test_the_status_form_says_which_status_needs_which_date(login, coordinator, employer_org, catalogue):
    measure = MeasureFactory(organisation=employer_org)
    form = _status_form(login(coordinator).get(f"{URL}{measure.pk}/").content.decode())
    assert "Erforderlich für eine eingeführte Maßnahme." in form
    assert "Erforderlich für eine beendete Maßnahme." in form
    assert f'action="{URL}{measure.pk}/status/#change-status"' in form


def test_a_refused_status_change_comes_back_at_the_form_and_a_done_one_at_its_message(
    login, coordinator, employer_org, catalogue
):
    measure = MeasureFactory(organisation=employer_org)
    client = login(coordinator)
    refused = client.post(f"{URL}{measure.pk}/status/", {"status": "in_place"})
    form = _status_form(refused.content.decode())
    assert "Geben Sie an, seit wann die Maßnahme eingeführt ist." in form
    done = client.post(f"{URL}{measure.pk}/status/", {"status": "in_place", "since": "2024-03-01"})
    assert done.status_code == 302 and done["Location"] == f"{URL}{measure.pk}/#main"
    page = client.get(done["Location"]).content.decode()
    assert "Die Maßnahme hat jetzt den Status „Eingeführt“." in page
