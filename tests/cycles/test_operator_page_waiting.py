"""An operator who works for two operators sees, on one operator's page, what waits in that
operator's programmes; the operator area's home lists what waits in all of them."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests.factories import MembershipFactory, OrganisationFactory

from .conftest import PROGRAMMES, programme_from_file
from .test_operator_desk import applied

pytestmark = pytest.mark.django_db


def waiting_section(response) -> str:
    page = response.content.decode()
    start = page.index('id="waiting-heading"')
    return page[start : page.index("</section>", start)]


def test_an_operators_page_lists_what_waits_in_its_own_programmes(audit, operator_org, operator_admin, login):
    other = OrganisationFactory(operator=True, name="Werk en Zorg", slug="werk-en-zorg")
    MembershipFactory(user=operator_admin, organisation=other, role="operator_admin")
    applied(audit, "Kreis Borken")
    applied(programme_from_file(PROGRAMMES / "charter.yaml", other), "Gemeente Delft")
    client = login(operator_admin)
    own = waiting_section(client.get(reverse("operator:organisation", args=[operator_org.slug])))
    assert "Kreis Borken" in own and "Gemeente Delft" not in own
    theirs = waiting_section(client.get(reverse("operator:organisation", args=[other.slug])))
    assert "Gemeente Delft" in theirs and "Kreis Borken" not in theirs
    home = waiting_section(client.get(reverse("operator:index")))
    assert "Kreis Borken" in home and "Gemeente Delft" in home


def test_the_page_of_ones_only_operator_keeps_everything(audit, operator_org, operator_admin, login):
    applied(audit, "Kreis Borken")
    page = login(operator_admin).get(reverse("operator:organisation", args=[operator_org.slug]))
    assert "Kreis Borken" in waiting_section(page)
