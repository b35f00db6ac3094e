"""A registration refused for bad input says that nothing was saved and that what was typed is
still in the form; the Dutch page must not say the entries were saved ("bewaard")."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.django_db


def test_the_dutch_error_summary_says_the_entries_are_still_in_the_form(client):
    page = client.post("/nl/register/", {"name": "Stichting Zorgzaam", "email": "ria@"}).content.decode()
    assert "Er is nog niets opgeslagen" in page
    assert "Wat u hebt ingevuld, staat nog in het formulier" in page
    assert "bewaard" not in page
