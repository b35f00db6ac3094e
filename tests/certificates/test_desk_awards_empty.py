"""The operator's list of awards before any award is granted says what the emptiness means and
how an award comes about; with the reader's own filters it asks to loosen them. The list opens
on the awards in force and says so, with the ended ones one click away."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import translation

pytestmark = pytest.mark.django_db

NO_AWARD_YET = {
    "de": "Keine Auszeichnung ist gültig.",
    "nl": "Er is geen geldige erkenning.",
}
LOOSEN = {"nl": "Probeer minder filters", "de": "Versuchen Sie es mit weniger Filtern"}


@pytest.mark.parametrize("language", ["de", "nl"])
def test_an_empty_awards_list_says_how_awards_come_about_instead_of_blaming_the_filters(parties, login, language):
    client = login(parties["operator"])
    with translation.override(language):
        url = reverse("operator_cycles:awards")
    page = client.get(url).content.decode()
    assert NO_AWARD_YET[language] in page
    assert LOOSEN[language] not in page
    filtered = client.get(url, {"q": "Cdorf"}).content.decode()
    assert LOOSEN[language] in filtered
    assert NO_AWARD_YET[language] not in filtered


def test_the_list_opens_on_the_awards_in_force_and_links_to_all(audit, parties, login):
    from datetime import date, timedelta

    from tests.cycles.test_operator_desk import applied, award

    award(applied(audit, "Stadt Aachen"), "A-1", date.today() + timedelta(days=40))
    award(applied(audit, "Kreis Borken"), "A-2", date.today() - timedelta(days=40), status="expired")
    client = login(parties["operator"])
    with translation.override("de"):
        url = reverse("operator_cycles:awards")
        page = client.get(url)
        assert [a.number for a in page.context["page"].object_list] == ["A-1"]
        assert "Gültige Auszeichnungen." in page.content.decode()
        everything = client.get(url, {"status": ""})
    assert [a.number for a in everything.context["page"].object_list] == ["A-2", "A-1"]
    assert "Alle Auszeichnungen, auch beendete." in everything.content.decode()
