"""Where people get the credential and check it: the award pages, the API and the check on
/verify/credential/ (pasted or uploaded, against this platform's keys and status lists)."""

from __future__ import annotations

import copy
import json
from xml.etree import ElementTree

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile

from tests.factories import OrganisationFactory
from vereinbar.certificates.services import award_revoke
from vereinbar.credentials.bake import svg_credential
from vereinbar.credentials.did import verification_method_id
from vereinbar.credentials.keys import key_current, key_private
from vereinbar.credentials.proof import proof_add
from vereinbar.credentials.services import credential_issue

pytestmark = pytest.mark.django_db

CHECK = "/en/verify/credential/"


def test_the_award_page_and_the_verify_page_offer_the_credential(award, coordinator, login):
    href = f'href="/credentials/{award.verification_code}.json"'

    page = login(coordinator).get("/en/workspace/kreis-musterstadt/awards/2025-00001/").content.decode()
    public = login(coordinator).get(f"/en/verify/{award.verification_code}/").content.decode()

    assert href in page and "Download the credential (JSON)" in page
    assert href in public and 'href="/en/verify/credential/"' in public


def test_the_api_gives_the_credential_to_the_awards_parties_only(award, coordinator, outsider, login):
    response = login(coordinator).get("/api/v1/awards/2025-00001/credential")

    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vc+ld+json")
    assert response.json()["proof"]["cryptosuite"] == "eddsa-rdfc-2022"
    assert login(outsider).get("/api/v1/awards/2025-00001/credential").status_code == 404


@time_machine.travel("2026-01-01 12:00Z", tick=False)
def test_a_pasted_credential_of_this_platform_is_confirmed(award, client):
    text = json.dumps(credential_issue(award).document)

    page = client.post(CHECK, {"text": text}).content.decode()

    assert "Genuine and valid." in page
    assert "Kreis Musterstadt" in page and "Programme Operator Ltd" in page


@time_machine.travel("2026-01-01 12:00Z", tick=False)
def test_an_uploaded_changed_credential_is_refused_with_the_reason(award, client):
    document = copy.deepcopy(credential_issue(award).document)
    document["credentialSubject"]["name"] = "Kreis Anderswo"
    upload = SimpleUploadedFile("award.json", json.dumps(document).encode(), content_type="application/json")

    page = client.post(CHECK, {"file": upload}).content.decode()

    assert "Not valid." in page and "the credential was changed" in page


@time_machine.travel("2026-01-01 12:00Z", tick=False)
def test_a_revoked_award_is_refused_on_the_check_page(award, operator_admin, client):
    text = json.dumps(credential_issue(award).document)
    award_revoke(actor=operator_admin, award=award, reason="Audit findings were falsified.")

    page = client.post(CHECK, {"text": text}).content.decode()

    assert "Not valid." in page and "revoked by its issuer" in page


@time_machine.travel("2026-01-01 12:00Z", tick=False)
def test_a_credential_of_another_issuer_is_not_confirmed(award, client, settings):
    unsigned = {k: v for k, v in credential_issue(award).document.items() if k != "proof"}
    stranger = OrganisationFactory(operator=True, name="Someone Else", slug="someone-else")
    key = key_current(stranger)
    unsigned["issuer"] = {"id": "did:web:elsewhere.example", "type": ["Profile"], "name": "Elsewhere"}
    foreign = proof_add(
        unsigned, private_key=key_private(key), verification_method=verification_method_id(key), created=key.created_at
    )

    page = client.post(CHECK, {"text": json.dumps(foreign)}).content.decode()

    assert "Not valid." in page and "does not issue credentials on this platform" in page


def test_text_that_is_not_json_is_explained_next_to_the_field(client):
    page = client.post(CHECK, {"text": "not a credential"}).content.decode()

    assert "This is not JSON" in page
    assert client.post(CHECK, {}).status_code == 200
    assert "Paste the credential or choose its file." in client.post(CHECK, {}).content.decode()


def test_the_seal_can_be_downloaded_with_the_credential_baked_in(award, client):
    response = client.get(f"/credentials/{award.verification_code}.svg?lang=nl")

    assert response.status_code == 200 and response["Content-Type"].startswith("image/svg+xml")
    svg = response.content.decode()
    root = ElementTree.fromstring(svg)  # noqa: S314 (our own output)
    assert root.tag == "{http://www.w3.org/2000/svg}svg" and root.get("lang") == "nl"
    assert svg_credential(svg) == credential_issue(award).document


@time_machine.travel("2026-01-01 12:00Z", tick=False)
def test_an_uploaded_baked_seal_is_checked_like_the_credential_inside(award, client):
    svg = client.get(f"/credentials/{award.verification_code}.svg").content
    plain_seal = client.get(f"/en/verify/{award.verification_code}/seal.svg").content

    baked = client.post(CHECK, {"file": SimpleUploadedFile("seal.svg", svg, "image/svg+xml")}).content.decode()
    plain = client.post(CHECK, {"file": SimpleUploadedFile("s.svg", plain_seal, "image/svg+xml")}).content.decode()

    assert "Genuine and valid." in baked
    assert "This image has no credential baked in." in plain
