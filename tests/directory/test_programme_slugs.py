"""The directory names a programme in its addresses by its key, the last part of its identifier
("erkenning-mantelzorgvriendelijk"), not by "urn:vereinbar:programme:…"; the whole identifier
of older links and API clients keeps working everywhere, and a value naming no programme is
ignored."""

from __future__ import annotations

import json
import re
from datetime import date

import pytest
import yaml

from tests.cycles.conftest import programme_from_file
from tests.directory.conftest import LIBRARY, award_issue
from tests.factories import OrganisationFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("directory_today")]

ERKENNING = "urn:vereinbar:programme:erkenning-mantelzorgvriendelijk"
SIEGEL = "urn:vereinbar:programme:qualitaetssiegel-familienfreundlicher-arbeitgeber"


def names_in(page: str) -> list[str]:
    return re.findall(r'<h3><a href="/[a-z]{2}/employers/[^"]+/">([^<]+)</a></h3>', page)


def names(response) -> list[str]:
    return names_in(response.content.decode())


def programme_options(page: str) -> list[str]:
    select = page[
        page.index('id="directory-programme"') : page.index("</select>", page.index('id="directory-programme"'))
    ]
    return re.findall(r'<option value="([^"]*)"', select)


def hrefs(page: str) -> list[str]:
    return re.findall(r'href="([^"]*)"', page)


def test_the_options_and_links_name_the_programme_by_its_short_key(client, directory_of_three):
    for language in ("de", "nl"):
        page = client.get(f"/{language}/", {"programme": ERKENNING, "sort": "recent"}).content.decode()
        assert sorted(programme_options(page)) == [
            "",
            "erkenning-mantelzorgvriendelijk",
            "qualitaetssiegel-familienfreundlicher-arbeitgeber",
        ]
        assert '<option value="erkenning-mantelzorgvriendelijk" selected>' in page
        # the open-data links and the link removing the sort order carry the key
        assert f'href="/{language}/directory.csv?programme=erkenning-mantelzorgvriendelijk&amp;sort=recent"' in page
        assert f'href="/{language}/directory.json?programme=erkenning-mantelzorgvriendelijk&amp;sort=recent"' in page
        assert not [href for href in hrefs(page) if "urn" in href], language
        assert "urn:" not in page


def test_the_address_pushed_by_the_partial_carries_the_short_key(client, directory_of_three):
    response = client.get(
        "/nl/", {"programme": ERKENNING, "page": "1"}, headers={"HX-Request": "true", "HX-Target": "directory"}
    )
    assert response["HX-Push-Url"] == "/nl/?programme=erkenning-mantelzorgvriendelijk"
    assert names(response) == ["Gemeente Leiderdorp"]
    assert "urn%3A" not in response.content.decode()


def test_the_short_key_and_the_identifier_find_the_same_on_the_page(client, directory_of_three):
    for language in ("de", "nl", "en"):
        for key, identifier, expected in [
            ("erkenning-mantelzorgvriendelijk", ERKENNING, ["Gemeente Leiderdorp"]),
            ("qualitaetssiegel-familienfreundlicher-arbeitgeber", SIEGEL, ["Kreis Soest", "Landkreis Leer"]),
        ]:
            by_key = client.get(f"/{language}/", {"programme": key})
            by_identifier = client.get(f"/{language}/", {"programme": identifier})
            assert names(by_key) == names(by_identifier) == expected
            partial = client.get(
                f"/{language}/", {"programme": identifier}, headers={"HX-Request": "true", "HX-Target": "directory"}
            )
            assert names(partial) == expected


def test_the_short_key_and_the_identifier_export_the_same(client, directory_of_three):
    for key, identifier in [("qualitaetssiegel-familienfreundlicher-arbeitgeber", SIEGEL)]:
        csv_key = client.get("/de/directory.csv", {"programme": key}).content.decode()
        csv_identifier = client.get("/de/directory.csv", {"programme": identifier}).content.decode()
        assert csv_key == csv_identifier
        assert "Kreis Soest" in csv_key and "Landkreis Leer" in csv_key and "Leiderdorp" not in csv_key
        json_key = json.loads(client.get("/nl/directory.json", {"programme": key}).content)
        json_identifier = json.loads(client.get("/nl/directory.json", {"programme": identifier}).content)
        assert json_key["organisations"] == json_identifier["organisations"]
        assert json_key["count"] == json_identifier["count"] == 2
        assert json_key["query"] == json_identifier["query"] == {"programme": key}
        # the data still name the programme by its identifier
        assert {p["programme"] for row in json_key["organisations"] for p in row["programmes"]} == {SIEGEL}


def test_the_short_key_and_the_identifier_find_the_same_in_the_api(client, directory_of_three):
    by_key = client.get("/api/v1/directory/", {"programme": "erkenning-mantelzorgvriendelijk"}).json()
    by_identifier = client.get("/api/v1/directory/", {"programme": ERKENNING}).json()
    assert by_key == by_identifier
    assert [entry["organisation"] for entry in by_key["results"]] == ["Gemeente Leiderdorp"]


def test_the_api_description_names_both_forms(client, db):
    schema = client.get("/api/v1/openapi.json").json()
    parameters = schema["paths"]["/api/v1/directory/"]["get"]["parameters"]
    programme = next(p for p in parameters if p["name"] == "programme")
    description = programme.get("description") or programme["schema"].get("description", "")
    assert "its key" in description and "(family-audit)" in description
    assert "whole identifier (urn:example:programme:family-audit)" in description


def test_a_value_naming_no_programme_changes_nothing(client, directory_of_three):
    everyone = ["Kreis Soest", "Landkreis Leer", "Gemeente Leiderdorp"]  # largest first
    for value in ("no-such-programme", "urn:vereinbar:programme:no-such-programme", "vereinbar"):
        response = client.get("/de/", {"programme": value, "sort": "size"})
        assert names(response) == everyone, value
        page = response.content.decode()
        select = page[
            page.index('id="directory-programme"') : page.index("</select>", page.index('id="directory-programme"'))
        ]
        assert "selected" not in select and "no-such" not in select
        assert 'href="/de/directory.csv?sort=size"' in page  # not a filter the open data carry
        plain = client.get("/de/directory.csv").content.decode()
        assert client.get("/de/directory.csv", {"programme": value}).content.decode() == plain
        api = client.get("/api/v1/directory/", {"programme": value}).json()
        assert api["count"] == 3


def test_a_programme_with_no_employer_left_keeps_its_key_in_the_select(client, directory_of_three):
    page = client.get("/nl/", {"programme": ERKENNING, "region": "Niedersachsen"}).content.decode()
    assert names_in(page) == []
    assert re.search(r'<option value="erkenning-mantelzorgvriendelijk" selected>[^<]+ \(0\)</option>', page)


def test_a_last_part_another_programme_has_already_gets_the_part_before_in_front(
    client, directory_of_three, operator_org, tmp_path
):
    """The older programme keeps the short key (its shared links stay right); the newer one gets
    a readable key of its own (its namespace in front), and its awards link to its own page."""
    data = yaml.safe_load((LIBRARY / "erkenning-mantelzorgvriendelijk.yaml").read_text(encoding="utf-8"))
    data["id"] = "urn:example:programme:erkenning-mantelzorgvriendelijk"
    path = tmp_path / "other.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    other = programme_from_file(path, operator_org)
    bakery = OrganisationFactory(name="Bakkerij Brood", slug="bakkerij-brood", country="NL", region="Utrecht")
    award_issue(bakery, other, issued_on=date(2025, 3, 1))
    key = "example-erkenning-mantelzorgvriendelijk"
    assert other.key == key

    page = client.get("/en/").content.decode()
    options = programme_options(page)
    assert "erkenning-mantelzorgvriendelijk" in options and key in options
    assert names(client.get("/en/", {"programme": "erkenning-mantelzorgvriendelijk"})) == ["Gemeente Leiderdorp"]
    assert names(client.get("/en/", {"programme": ERKENNING})) == ["Gemeente Leiderdorp"]
    assert names(client.get("/en/", {"programme": key})) == ["Bakkerij Brood"]
    assert names(client.get("/en/", {"programme": other.identifier})) == ["Bakkerij Brood"]

    profile = client.get("/en/employers/bakkerij-brood/").content.decode()
    assert f'href="/en/programmes/{key}/"' in profile
    profile = client.get("/en/employers/gemeente-leiderdorp/").content.decode()
    assert 'href="/en/programmes/erkenning-mantelzorgvriendelijk/"' in profile
    assert names(client.get("/en/programmes/erkenning-mantelzorgvriendelijk/")) == ["Gemeente Leiderdorp"]
    assert names(client.get(f"/en/programmes/{key}/")) == ["Bakkerij Brood"]
