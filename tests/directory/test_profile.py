"""Public profiles, the API and the open-data exports: award history sentences, what the
publication rules allow, JSON-LD, and that internal measures and contacts never leave the
organisation."""

from __future__ import annotations

import csv
import io
import json
import re
from datetime import date

import pytest
from django.utils import translation

from tests.directory.conftest import award_issue, renewed
from tests.factories import OrganisationFactory
from vereinbar.certificates.models import AwardStatus
from vereinbar.directory.exports import csv_safe
from vereinbar.directory.readmodel import directory_refresh
from vereinbar.directory.selectors import award_chain
from vereinbar.organisations.models import Contact

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("directory_today")]

INTERNAL = ("Secret internal arrangement", "Geheime interne", "Bert Binnen", "bert.internal@leiderdorp.test")


def test_the_profile_says_since_when_the_organisation_is_recognised_in_the_page_language(client, recognised):
    page = client.get("/en/employers/gemeente-leiderdorp/").content.decode()
    assert "Recognised since 20 February 2017" in page
    assert f'href="/en/verify/{recognised.verification_code}/"' in page
    seal = f"/en/verify/{recognised.verification_code}/seal.svg"
    assert f'src="{seal}"' in page
    assert client.get(seal).status_code == 200
    assert "Zuid-Holland" in page and "Municipality" in page
    assert "Anna Mantel" in page and "Care guide" in page
    assert "Childcare subsidy" in page


@pytest.mark.parametrize(
    ("language", "label"),
    [("de", "Das Programm und seine weiteren Arbeitgeber"), ("nl", "Het programma en de andere werkgevers")],
)
def test_the_profile_links_each_award_to_its_programmes_page(client, recognised, language, label):
    """A visitor (or an employer thinking of taking part) gets from an employer's award to the
    programme's page: what it is, who else holds it, how to take part."""
    page = client.get(f"/{language}/employers/gemeente-leiderdorp/").content.decode()
    link = f'href="/{language}/programmes/{recognised.programme.key}/"'
    assert link in page and label in page
    assert client.get(f"/{language}/programmes/{recognised.programme.key}/").status_code == 200


def test_the_since_date_is_the_first_award_of_an_unbroken_chain(leiderdorp, library_programme, client):
    siegel = library_programme("qualitaetssiegel-familienfreundlicher-arbeitgeber")  # awarded_on + first_awarded_on
    lapsed = award_issue(leiderdorp, siegel, issued_on=date(2008, 5, 1), valid_until=date(2011, 5, 1))
    lapsed.status = AwardStatus.EXPIRED
    lapsed.save(update_fields=["status"])
    first = award_issue(leiderdorp, siegel, issued_on=date(2014, 3, 20))
    second = award_issue(leiderdorp, siegel, issued_on=date(2017, 3, 1))
    renewed(first, second)
    third = award_issue(leiderdorp, siegel, issued_on=date(2025, 6, 2), valid_until=date(2028, 6, 2))
    # 2017 + validity ends 2020 (or 2021); the 2025 award starts a new chain.
    assert [a.issued_on for a in award_chain(third, [lapsed, first, second, third])] == [date(2025, 6, 2)]
    assert award_chain(second, [lapsed, first, second]) == [first, second]
    page = client.get("/en/employers/gemeente-leiderdorp/").content.decode()
    assert "Certified since 2 June 2025" in page
    third.delete()
    second.valid_until = date(2027, 3, 1)
    second.save(update_fields=["valid_until"])
    page = client.get("/de/employers/gemeente-leiderdorp/").content.decode()
    with translation.override("en"):
        page = client.get("/en/employers/gemeente-leiderdorp/").content.decode()
    assert "Certified since 20 March 2014, renewed 1 March 2017" in page


def test_a_revoked_award_breaks_the_chain(leiderdorp, library_programme):
    siegel = library_programme("qualitaetssiegel-familienfreundlicher-arbeitgeber")
    old = award_issue(leiderdorp, siegel, issued_on=date(2014, 3, 20), status=AwardStatus.REVOKED)
    new = award_issue(leiderdorp, siegel, issued_on=date(2016, 1, 1))
    assert award_chain(new, [old, new]) == [new]


def test_the_profile_shows_only_what_the_programme_publishes(client, leiderdorp, library_programme):
    benchmark = library_programme("carer-friendly-employer-benchmark")  # profile, award, level, awarded_on, valid_until
    award_issue(leiderdorp, benchmark, issued_on=date(2025, 4, 1), level="active")
    page = client.get("/en/employers/gemeente-leiderdorp/").content.decode()
    assert "Recognised on 1 April 2025" in page
    assert "Valid until 1 April 2028" in page
    assert "since" not in page.split("Programmes and awards")[1].split("</section>")[0].lower()
    assert "Childcare subsidy" not in page  # measures are not among the published items


def test_unlisted_organisations_have_no_profile(client, leiderdorp):
    assert client.get("/en/employers/gemeente-leiderdorp/").status_code == 404
    assert client.get("/api/v1/directory/gemeente-leiderdorp").status_code == 404
    assert client.get("/en/employers/no-such-organisation/").status_code == 404


def test_internal_measures_and_contacts_never_appear_in_public(client, recognised):
    responses = [
        client.get("/en/employers/gemeente-leiderdorp/"),
        client.get("/nl/employers/gemeente-leiderdorp/"),
        client.get("/en/", {"q": "Leiderdorp"}),
        client.get("/api/v1/directory/"),
        client.get("/api/v1/directory/gemeente-leiderdorp"),
        client.get("/en/directory.csv"),
        client.get("/en/directory.json"),
    ]
    for response in responses:
        assert response.status_code == 200
        body = response.content.decode().replace("<mark>", "").replace("</mark>", "")  # a search marks its words
        assert "Gemeente Leiderdorp" in body
        for secret in INTERNAL:
            assert secret not in body, (response.request["PATH_INFO"], secret)
    api_profile = responses[4].json()
    assert [contact["name"] for contact in api_profile["contacts"]] == ["Anna Mantel"]
    assert len(api_profile["measures"]) == 2


def test_the_profile_carries_schema_org_json_ld(client, recognised):
    page = client.get("/en/employers/gemeente-leiderdorp/").content.decode()
    block = re.search(r'<script type="application/ld\+json">(.*?)</script>', page, re.S)
    assert block is not None
    data = json.loads(block.group(1))
    assert data["@type"] == "Organization" and data["name"] == "Gemeente Leiderdorp"
    assert data["address"]["addressRegion"] == "Zuid-Holland"
    assert data["numberOfEmployees"]["value"] == 165
    assert any("Recognised since 20 February 2017" in award for award in data["award"])


def test_json_ld_cannot_close_its_script_element(client, recognised, leiderdorp):
    leiderdorp.name = "</script><script>alert(1)</script>"
    leiderdorp.save(update_fields=["name"])
    page = client.get("/en/employers/gemeente-leiderdorp/").content.decode()
    assert "<script>alert(1)" not in page


def test_the_api_lists_with_the_same_filters(client, recognised, library_programme):
    siegel = library_programme("qualitaetssiegel-familienfreundlicher-arbeitgeber")
    award_issue(
        OrganisationFactory(name="Landkreis Leer", slug="landkreis-leer", region="Niedersachsen"),
        siegel,
        issued_on=date(2025, 1, 1),
    )
    everyone = client.get("/api/v1/directory/").json()
    assert everyone["count"] == 2
    assert {v["value"] for v in everyone["facets"]["region"]} == {"Niedersachsen", "Zuid-Holland"}
    found = client.get("/api/v1/directory/", {"q": "kinderopvang", "country": "NL"}).json()
    assert [entry["organisation"] for entry in found["results"]] == ["Gemeente Leiderdorp"]
    listing = found["results"][0]["programmes"][0]
    assert listing["first_awarded_on"] == "2017-02-20"
    assert listing["valid_until"] is None  # not among the items the programme publishes
    assert listing["verification_url"].endswith(f"/verify/{recognised.verification_code}/")
    leer = client.get("/api/v1/directory/", {"region": "Niedersachsen"}).json()["results"][0]["programmes"][0]
    assert leer["awarded_on"] == "2025-01-01" and leer["valid_until"]


def test_the_exports_apply_the_filters_and_name_the_licence(client, recognised, library_programme):
    siegel = library_programme("qualitaetssiegel-familienfreundlicher-arbeitgeber")
    award_issue(
        OrganisationFactory(name="Landkreis Leer", slug="landkreis-leer", region="Niedersachsen"),
        siegel,
        issued_on=date(2025, 1, 1),
    )
    rows = list(
        csv.DictReader(io.StringIO(client.get("/en/directory.csv", {"region": "Niedersachsen"}).content.decode()))
    )
    assert [row["organisation"] for row in rows] == ["Landkreis Leer"]
    assert rows[0]["first_awarded_on"] == "2025-01-01"
    data = client.get("/en/directory.json").json()
    assert data["licence"]["id"] and data["count"] == 2
    assert [o["organisation"] for o in data["organisations"]] == ["Gemeente Leiderdorp", "Landkreis Leer"]


def test_csv_cells_cannot_become_formulas(client, recognised, leiderdorp):
    leiderdorp.name = '=HYPERLINK("http://evil.example","click")'
    leiderdorp.city = "+31 71 000"
    leiderdorp.save(update_fields=["name", "city"])
    directory_refresh(organisation_ids=[leiderdorp.pk])  # as the profile service does
    rows = list(csv.DictReader(io.StringIO(client.get("/en/directory.csv").content.decode())))
    assert rows[0]["organisation"].startswith("'=")
    assert rows[0]["city"].startswith("'+")
    for value in ("-1", "@SUM(A1)", "\tx", "%x"):
        assert csv_safe(value).startswith("'")
    assert csv_safe("Leiderdorp") == "Leiderdorp"


def test_dutch_profile_wording(client, recognised):
    with translation.override("nl"):
        page = client.get("/nl/employers/gemeente-leiderdorp/").content.decode()
    assert "20 februari 2017" in page


def test_a_public_contacts_phone_number_can_be_called_from_a_phone(client, recognised):
    Contact.objects.filter(name="Anna Mantel").update(phone="071 545 85 00")
    page = client.get("/nl/employers/gemeente-leiderdorp/").content.decode()
    assert '<a href="tel:0715458500">071 545 85 00</a>' in page


def test_the_public_learns_where_and_when_to_reach_a_public_contact_and_nothing_of_an_internal_one(client, recognised):
    Contact.objects.filter(name="Anna Mantel").update(location="Raadhuis, kamer 2.14", office_hours="di en do 9-12 uur")
    Contact.objects.filter(name="Bert Binnen").update(location="Kelder", office_hours="maandag")
    said = " ".join(re.sub(r"<[^>]+>", " ", client.get("/de/employers/gemeente-leiderdorp/").content.decode()).split())
    assert "Anna Mantel" in said
    assert "Ort: Raadhuis, kamer 2.14" in said and "Sprechzeiten: di en do 9-12 uur" in said
    assert "Bert Binnen" not in said and "Kelder" not in said and "maandag" not in said


def test_open_data_and_the_api_tell_a_made_up_employer_from_a_real_one(client, recognised, erkenning):
    """A journalist reading the demo's exports can tell its 300 made-up employers apart."""
    fake = OrganisationFactory(name="Almofa AG", slug="almofa-ag", region="Bayern", is_example=True)
    award_issue(fake, erkenning, issued_on=date(2025, 3, 1))
    rows = {
        row["organisation"]: row
        for row in csv.DictReader(io.StringIO(client.get("/en/directory.csv").content.decode()))
    }
    assert list(rows["Almofa AG"])[-1] == "example"
    assert (rows["Almofa AG"]["example"], rows["Gemeente Leiderdorp"]["example"]) == ("true", "false")
    for data in (
        client.get("/en/directory.json").json()["organisations"],
        client.get("/api/v1/directory/").json()["results"],
    ):
        assert {entry["organisation"]: entry["example"] for entry in data} == {
            "Almofa AG": True,
            "Gemeente Leiderdorp": False,
        }
    assert client.get("/api/v1/directory/almofa-ag").json()["example"] is True
