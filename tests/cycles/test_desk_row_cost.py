"""The operator's cycles list renders each row without work that grows with the programme: a
row's status is translated once, not once per status of the choices (``get_status_display``
translated all seven labels of every row to hash them), and its dates are written without
parsing a format per cell. The words and the markup stay those of the page."""

from __future__ import annotations

from unittest import mock

import pytest
from django.urls import reverse
from django.utils import translation

from .test_operator_desk import started

pytestmark = pytest.mark.django_db

LIST = "operator_cycles:list"


def translations_for(client) -> tuple[int, str]:
    """How many translations the list's page asks for, and the page."""
    # every translation, the template's and a lazy label's, goes through the active backend
    real = translation._trans.gettext
    with mock.patch.object(translation._trans, "gettext", side_effect=real) as counted:
        response = client.get(reverse(LIST), {"size": "200", "status": ""})
    return counted.call_count, response.content.decode()


def test_a_row_asks_for_few_translations(audit, parties, login):
    for number in range(2):
        started(audit, f"Gemeinde {number:02}", parties)
    client = login(parties["operator"])
    translations_for(client)  # warm caches
    few, _page = translations_for(client)
    for number in range(2, 12):
        started(audit, f"Gemeinde {number:02}", parties)
    many, page = translations_for(client)
    assert page.count("Gemeinde ") >= 12
    # the turn ("Mit dem Arbeitgeber") and the status: two or three a row, not ten
    assert (many - few) / 10 <= 4


def test_a_row_shows_its_status_and_dates_in_the_readers_language(audit, parties, login):
    cycle = started(audit, "Gemeinde Nord", parties)
    client = login(parties["operator"])
    page = client.get("/de/operator/cycles/").content.decode()
    assert "In Bearbeitung" in page
    assert f'<time datetime="{cycle.applied_on.isoformat()}">{cycle.applied_on:%d.%m.%Y}</time>' in page
    page = client.get("/nl/operator/cycles/").content.decode()
    assert "Bezig" in page
