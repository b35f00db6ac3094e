"""The operator's list of awards before any award is granted says what the emptiness means and
how an award comes about; with the reader's own filters it asks to loosen them."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import translation

pytestmark = pytest.mark.django_db

NO_AWARD_YET = {
    "de": "Noch keine Auszeichnung.",
    "nl": "Nog geen erkenning.",
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
