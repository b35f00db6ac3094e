"""A programme's pages are at its short key ("/de/operator/programmes/example-audit/",
"/de/programmes/example-audit/"), not at "urn:vereinbar:programme:…": every link says the key,
and an address from before keys (shared, bookmarked) moves permanently to the same page."""

from __future__ import annotations

import re

import pytest

from tests.programmes.test_pages import EXAMPLE, KEY, load

pytestmark = pytest.mark.django_db

OPERATOR = "/{language}/operator/programmes/"


@pytest.fixture
def two_versions(example_version, example_text):
    load(example_text.replace('version: "2025.1"', 'version: "2025.2"', 1), filename="example.yaml")
    return example_version


def hrefs(html: str) -> list[str]:
    return re.findall(r'(?:href|action)="([^"]*)"', html)


@pytest.mark.parametrize("language", ["de", "nl"])
def test_the_operators_programme_pages_link_each_other_by_the_key(login, auditor, two_versions, language):
    client = login(auditor)
    base = OPERATOR.format(language=language)
    for path in (base, f"{base}{KEY}/", f"{base}{KEY}/versions/2025.1/", f"{base}{KEY}/compare/"):
        response = client.get(path)
        assert response.status_code == 200, path
        links = [href for href in hrefs(response.content.decode()) if href.startswith(base) and href != base]
        assert links, path
        assert not [href for href in links if "urn" in href], path
    detail = client.get(f"{base}{KEY}/").content.decode()
    for link in (
        f"{base}{KEY}/versions/2025.1/",
        f"{base}{KEY}/compare/",
        f"{base}{KEY}/versions/2025.2/export.yaml",
    ):
        assert f'"{link}"' in detail


@pytest.mark.parametrize(
    ("old", "new"),
    [
        (f"/de/operator/programmes/{EXAMPLE}/", f"/de/operator/programmes/{KEY}/"),
        (f"/nl/operator/programmes/{EXAMPLE}/versions/2025.1/", f"/nl/operator/programmes/{KEY}/versions/2025.1/"),
        # a version named the way the API and the files name it
        (f"/de/operator/programmes/{EXAMPLE}@2025.1/", f"/de/operator/programmes/{KEY}/versions/2025.1/"),
        (f"/nl/operator/programmes/{KEY}@2025.1/", f"/nl/operator/programmes/{KEY}/versions/2025.1/"),
        (
            f"/de/operator/programmes/{EXAMPLE}/compare/?from=2025.1&to=2025.2",
            f"/de/operator/programmes/{KEY}/compare/?from=2025.1&to=2025.2",
        ),
        (
            f"/de/operator/programmes/{EXAMPLE}/versions/2025.1/export.json",
            f"/de/operator/programmes/{KEY}/versions/2025.1/export.json",
        ),
    ],
)
def test_an_operator_address_from_before_keys_moves_permanently(login, auditor, two_versions, old, new):
    client = login(auditor)
    response = client.get(old)
    assert response.status_code == 301
    assert response["Location"] == new
    assert client.get(new).status_code == 200


def test_an_old_address_tells_someone_outside_the_operator_area_nothing(login, coordinator, example_version):
    client = login(coordinator)
    assert client.get(f"/de/operator/programmes/{EXAMPLE}/").status_code == 403
    assert client.get("/de/operator/programmes/no-such-programme/").status_code == 403


def test_a_key_or_version_of_no_programme_is_not_found(login, auditor, example_version):
    client = login(auditor)
    assert client.get("/de/operator/programmes/no-such-programme/").status_code == 404
    assert client.get("/de/operator/programmes/urn:vereinbar:programme:no-such-programme/").status_code == 404
    assert client.get(f"/de/operator/programmes/{KEY}@2025.1/compare/").status_code == 404
    assert client.get(f"/de/operator/programmes/{KEY}/versions/9.9/").status_code == 404


@pytest.mark.parametrize(
    ("language", "title"),
    [("de", "Beispiel-Audit familienbewusster Arbeitgeber"), ("nl", "Voorbeeldaudit gezinsbewuste werkgever")],
)
def test_the_public_programme_page_is_at_the_key_and_its_old_address_moves_permanently(
    client, example_version, language, title
):
    page = f"/{language}/programmes/{KEY}/"
    response = client.get(page)
    assert response.status_code == 200
    assert f"<h1>{title}</h1>" in response.content.decode()
    moved = client.get(f"/{language}/programmes/{EXAMPLE}/", {"q": "Pflege"})
    assert moved.status_code == 301
    assert moved["Location"] == f"{page}?q=Pflege"
    assert client.get(f"/{language}/programmes/urn:vereinbar:programme:no-such-programme/").status_code == 404
