"""Counts in the directory and on profiles are grouped by thousands as the reader's language
writes them (1.600 in German and Dutch, 1,600 in English); page numbers in links stay plain."""

from __future__ import annotations

import pytest
from django.core.paginator import Paginator

from vereinbar.directory import views
from vereinbar.directory.readmodel import directory_refresh
from vereinbar.directory.search import DirectoryQuery
from vereinbar.directory.selectors import DirectoryResults, Facet, FacetValue

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("directory_today")]

TOTAL, REGION_COUNT, PAGE = 42_156, 1_234, 1_001  # 2,108 pages of 20

FOUND = {
    "de": ("42.156 Arbeitgeber gefunden", "Bayern (1.234)", "Seite 1.001 von 2.108"),
    "nl": ("42.156 werkgevers gevonden", "Bayern (1.234)", "Pagina 1.001 van 2.108"),
    "en": ("42,156 employers found", "Bayern (1,234)", "Page 1,001 of 2,108"),
}


@pytest.fixture
def many_found(settings, monkeypatch):
    """The directory as it looks with 42,156 employers found (no rows on the page): building
    that many organisations would take minutes, the counts are what is under test."""
    settings.VEREINBAR_DIRECTORY_KEEP_SECONDS = 0  # no page kept from another test

    def search(query: DirectoryQuery, **kwargs) -> DirectoryResults:
        region = Facet("region", [FacetValue("Bayern", "Bayern", REGION_COUNT), FacetValue("Bremen", "Bremen", 7)])
        page = Paginator(range(TOTAL), 20).get_page(query.page)
        return DirectoryResults(query=query, page=page, total=TOTAL, facets={"region": region})

    monkeypatch.setattr(views, "directory_search", search)


@pytest.mark.parametrize("language", ["de", "nl", "en"])
def test_the_directory_groups_the_number_found_the_filter_counts_and_the_pages(client, many_found, language):
    page = client.get(f"/{language}/", {"page": PAGE}).content.decode()
    for text in FOUND[language]:
        assert text in page, text
    assert "42156" not in page
    grouped = "1,234" if language == "en" else "1.234"
    assert f'class="bar-value">{grouped}</text>' in page  # the chart's label
    assert f'kern-table__cell--numeric">{grouped}</td>' in page  # and its table


def test_the_page_links_keep_plain_page_numbers(client, many_found):
    page = client.get("/de/", {"page": PAGE}).content.decode()
    assert 'href="/de/?page=1000#results-heading" rel="prev"' in page
    assert 'href="/de/?page=1002#results-heading" rel="next"' in page
    assert "page=1.0" not in page


def test_the_htmx_fragment_pushes_a_plain_page_number(client, many_found):
    response = client.get("/nl/", {"page": PAGE}, headers={"HX-Request": "true", "HX-Target": "directory"})
    assert response["HX-Push-Url"] == "/nl/?page=1001"
    assert "42.156 werkgevers gevonden" in response.content.decode()


@pytest.mark.parametrize(
    ("language", "text"),
    [("de", "etwa 1.600 Beschäftigte"), ("nl", "ongeveer 1.600 medewerkers"), ("en", "about 1,600 staff")],
)
def test_the_profile_groups_the_staff_count(client, recognised, leiderdorp, language, text):
    leiderdorp.staff_count = 1600
    leiderdorp.save(update_fields=["staff_count"])
    directory_refresh(organisation_ids=[leiderdorp.pk])
    page = client.get(f"/{language}/employers/gemeente-leiderdorp/").content.decode()
    assert text in page
    assert '"value": 1600' in page or '"value":1600' in page  # JSON-LD keeps the plain number
