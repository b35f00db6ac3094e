"""A life situation without an offer tells staff so in their own words: "your employer", as its
heading says ("Offered by your employer"), not "the organisation", which staff reading the page by
its link do not call their employer."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("language", "empty"),
    [
        ("de", "Hierfür gibt es noch kein Angebot Ihres Arbeitgebers."),
        ("nl", "Hiervoor heeft uw werkgever nog geen aanbod."),
    ],
)
def test_a_situation_without_an_offer_names_the_employer(catalogue, employer_org, login, viewer, language, empty):
    # no measure yet: each situation shows the statutory rights beside the empty offers column
    page = login(viewer).get(f"/{language}/workspace/kreis-musterstadt/offers/").content.decode()
    assert empty in page and "der Organisation." not in page and "heeft de organisatie" not in page
