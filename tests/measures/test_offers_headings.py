"""The staff offers page's headings read as sentences for staff whatever the employer's name: the
name once in the page heading, "your employer" under each life situation, and the measures for
no particular situation under "For all staff" rather than a bare "All"."""

from __future__ import annotations

import re

import pytest

from tests.measures.factories import MeasureFactory
from vereinbar.measures.models import MeasureCategory
from vereinbar.organisations.services import organisation_offers_link_rotate

pytestmark = pytest.mark.django_db


@pytest.fixture
def page_link(catalogue, employer_org, coordinator):
    employer_org.name = "Pro Arbeit – Kreis Musterstadt – (AöR) Kommunales Jobcenter"
    employer_org.save(update_fields=["name"])
    MeasureFactory(
        organisation=employer_org,
        category=MeasureCategory.objects.get(key="leadership"),
        title_de="Führungskräfteschulung",
        title_nl="Training voor leidinggevenden",
        in_place=True,
    )
    return "/offers/" + organisation_offers_link_rotate(actor=coordinator, organisation=employer_org) + "/"


def texts(html: str, tag: str) -> list[str]:
    return [re.sub(r"<[^>]+>", "", found).strip() for found in re.findall(rf"<{tag}[^>]*>(.*?)</{tag}>", html, re.S)]


def test_the_employer_is_named_once_in_the_heading_and_not_under_each_situation(client, page_link):
    html = client.get("/de" + page_link).content.decode()
    assert texts(html, "h1") == [
        "Pro Arbeit – Kreis Musterstadt – (AöR) Kommunales Jobcenter: Angebote für die Beschäftigten"
    ]
    assert "Angebote Ihres Arbeitgebers" in texts(html, "h3")
    assert not any("Pro Arbeit" in heading for heading in texts(html, "h3"))
    dutch = client.get("/nl" + page_link).content.decode()
    assert "Aanbod van uw werkgever" in texts(dutch, "h3")


def test_measures_for_no_particular_situation_are_for_all_staff(client, page_link):
    html = client.get("/de" + page_link).content.decode()
    assert '<h2 id="situation-all">Für alle Beschäftigten</h2>' in html
    assert '<a href="#situation-all">Für alle Beschäftigten</a>' in html
    assert "Führungskräfteschulung" in html
    dutch = client.get("/nl" + page_link).content.decode()
    assert '<h2 id="situation-all">Voor alle medewerkers</h2>' in dutch
