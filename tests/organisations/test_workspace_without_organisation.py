"""The workspace's start page for someone with no employer in it: an auditor or a board member
who came by its address is shown the way to the operator area, and a person in no organisation
at all how to take part, instead of a page that ends in one sentence."""

from __future__ import annotations

import pytest

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_an_auditor_is_shown_the_way_to_the_operator_area(login, auditor):
    html = login(auditor).get("/de/workspace/").content.decode()
    assert "Sie sind in diesem Bereich nicht Mitglied einer Organisation." in html
    assert 'Ihre Arbeit finden Sie im <a href="/de/operator/">Bereich für Programmträger</a>.' in html


def test_a_person_in_no_organisation_is_shown_how_to_take_part(login):
    html = login(UserFactory(preferred_language="nl")).get("/nl/workspace/").content.decode()
    assert '<a href="/nl/register/">meldt u haar aan</a>' in html
    assert "/nl/operator/" not in html.split("<main", 1)[1]


def test_a_coordinator_still_goes_straight_to_the_organisation(login, coordinator, employer_org):
    response = login(coordinator).get("/de/workspace/")
    assert response.status_code == 302 and response["Location"] == f"/de/workspace/{employer_org.slug}/"
