"""What an empty desk list tells the operator: with nothing set beyond the list's own default, what
the emptiness means and where to look; with the reader's own filters, to loosen them."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import translation

from .test_operator_desk import registered

pytestmark = pytest.mark.django_db

NOTHING_WAITS = {
    "nl": "Er wacht geen aanmelding op goedkeuring.",
    "de": "Keine Registrierung wartet auf Freigabe.",
}
LOOSEN = {"nl": "Probeer minder filters", "de": "Versuchen Sie es mit weniger Filtern"}


@pytest.mark.parametrize("language", ["nl", "de"])
def test_no_waiting_registration_says_so_instead_of_blaming_the_filters(parties, login, language):
    from datetime import date

    registered("Verein Bdorf", "Bayern", date(2026, 1, 1), status="approved")
    client = login(parties["operator"])
    with translation.override(language):
        url = reverse("operator:registrations")
    page = client.get(url).content.decode()
    assert NOTHING_WAITS[language] in page
    assert LOOSEN[language] not in page
    filtered = client.get(url, {"q": "Cdorf"}).content.decode()
    assert LOOSEN[language] in filtered
    assert NOTHING_WAITS[language] not in filtered
