"""Issuing, publishing and checking credentials on the platform's side: what a credential says,
how keys are kept and rotated, the DID documents and status lists it serves, the download and
the offline ``vereinbar credential verify``."""

from __future__ import annotations

import copy
import json
from datetime import UTC, datetime

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from vereinbar.certificates.services import award_revoke
from vereinbar.credentials import jsonld
from vereinbar.credentials.did import did_document, did_document_url, did_of
from vereinbar.credentials.keys import KeyUnavailable, key_current, key_private, key_rotate
from vereinbar.credentials.models import IssuedCredential, IssuerKey
from vereinbar.credentials.services import bit_set, credential_issue, encoded_list, status_list_credential
from vereinbar.credentials.verify import credential_verify

pytestmark = pytest.mark.django_db

DURING = datetime(2026, 1, 1, 12, tzinfo=UTC)


def test_the_credential_is_an_open_badge_of_the_organisation_signed_by_the_operator(award):
    document = credential_issue(award).document

    assert document["@context"] == [jsonld.VC_V2, jsonld.OB_V3]
    assert document["type"] == ["VerifiableCredential", "OpenBadgeCredential"]
    assert document["issuer"]["id"] == "did:web:127.0.0.1%3A8000:operators:programme-operator"
    assert document["issuer"]["name"] == "Programme Operator Ltd"
    assert document["validFrom"] == "2025-03-10T00:00:00Z"
    assert document["validUntil"] == "2027-03-10T23:59:59Z"
    subject = document["credentialSubject"]
    assert subject["name"] == "Kreis Musterstadt"
    assert subject["address"]["addressCountry"] == "DE"
    assert subject["achievement"]["name"] == "Test scored recognition – Assessment – Ambassador"
    assert document["credentialStatus"]["type"] == "BitstringStatusListEntry"
    assert document["proof"]["cryptosuite"] == "eddsa-rdfc-2022"
    assert document["proof"]["verificationMethod"] == document["issuer"]["id"] + "#key-1"


def test_the_criteria_are_given_in_each_of_the_programmes_languages(award):
    version = award.version
    version.languages = ["de", "nl"]
    version.default_language = "de"
    version.save()

    narrative = credential_issue(award).document["credentialSubject"]["achievement"]["criteria"]["narrative"]

    assert "### Deutsch" in narrative and "### Nederlands" in narrative
    assert narrative.index("### Deutsch") < narrative.index("### Nederlands")


def test_a_credential_is_issued_once_per_award_and_kept_as_signed(award):
    first = credential_issue(award)
    again = credential_issue(award)

    assert again.pk == first.pk and again.document == first.document
    assert IssuedCredential.objects.count() == 1


def test_the_private_key_is_stored_encrypted_and_useless_under_another_secret(award, settings):
    key = key_current(award.programme.operator)
    raw = key_private(key).private_bytes_raw()
    assert raw.hex() not in key.private_key_encrypted and raw not in key.private_key_encrypted.encode()

    settings.SECRET_KEY = "another installation"
    with pytest.raises(KeyUnavailable):
        key_private(IssuerKey.objects.get(pk=key.pk))


def test_a_changed_secret_with_the_old_one_as_fallback_keeps_the_same_key_after_reencrypt(award, settings, capsys):
    key = key_current(award.programme.operator)
    raw = key_private(key).private_bytes_raw()
    old_secret = settings.SECRET_KEY

    settings.SECRET_KEY, settings.SECRET_KEY_FALLBACKS = "the new secret", [old_secret]
    assert key_private(IssuerKey.objects.get(pk=key.pk)).private_bytes_raw() == raw
    call_command("credential", "reencrypt")
    assert "Re-encrypted 1 key(s)" in capsys.readouterr().out

    settings.SECRET_KEY_FALLBACKS = []  # the old secret dropped: the same key, now under the new one
    assert key_private(IssuerKey.objects.get(pk=key.pk)).private_bytes_raw() == raw


def test_a_key_no_secret_opens_is_named_with_what_to_do(award, settings):
    key_current(award.programme.operator)
    settings.SECRET_KEY = "another installation"

    with pytest.raises(CommandError, match="VEREINBAR_SECRET_KEY_FALLBACKS and run `credential reencrypt`"):
        call_command("credential", "issue", award.number)


def test_rotation_keeps_the_old_key_in_the_did_document_for_old_credentials(award, client):
    operator = award.programme.operator
    issued = credential_issue(award)
    key_rotate(operator)

    document = client.get("/operators/programme-operator/did.json").json()

    assert document["id"] == did_of(operator)
    assert [m["id"].split("#")[1] for m in document["verificationMethod"]] == ["key-1", "key-2"]
    assert document["assertionMethod"] == [m["id"] for m in document["verificationMethod"]]
    assert credential_verify(issued.document, did_documents={document["id"]: document}, now=DURING).valid


def test_did_web_identifiers_resolve_to_the_served_documents(award, client, settings):
    settings.SITE_URL = "https://awards.example.org"
    operator = award.programme.operator

    assert did_of(operator) == "did:web:awards.example.org:operators:programme-operator"
    assert did_document_url(did_of(operator)) == "https://awards.example.org/operators/programme-operator/did.json"
    assert did_document_url(did_of(None)) == "https://awards.example.org/.well-known/did.json"
    assert client.get("/.well-known/did.json").json()["id"] == "did:web:awards.example.org"
    assert client.get("/operators/kreis-musterstadt/did.json").status_code == 404  # not an operator


def test_revoking_an_award_flips_its_bit_in_the_published_status_list_at_once(award, operator_admin, client):
    issued = credential_issue(award)
    url = "/operators/programme-operator/status/1"
    before = client.get(url).json()
    assert not bit_set(before["credentialSubject"]["encodedList"], issued.status_index)

    award_revoke(actor=operator_admin, award=award, reason="Audit findings were falsified.")

    after = client.get(url).json()
    assert after["type"] == ["VerifiableCredential", "BitstringStatusListCredential"]
    assert bit_set(after["credentialSubject"]["encodedList"], issued.status_index)
    assert after["proof"]["proofValue"] != before["proof"]["proofValue"]


def test_the_encoded_list_puts_index_zero_in_the_left_most_bit():
    encoded = encoded_list(131_072, [0, 9])

    assert bit_set(encoded, 0) and bit_set(encoded, 9)
    assert not bit_set(encoded, 1) and not bit_set(encoded, 8)


def test_anyone_with_the_verification_code_downloads_the_credential(award, client):
    response = client.get(f"/credentials/{award.verification_code}.json")

    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vc+ld+json")
    assert "attachment" in response["Content-Disposition"]
    assert response.json() == IssuedCredential.objects.get(award=award).document
    assert client.get("/credentials/NOSUCHCODE234567.json").status_code == 404


def test_no_context_is_ever_fetched_from_the_network():
    with pytest.raises(jsonld.jsonld.JsonLdError):
        jsonld.canonical_nquads({"@context": "https://example.org/elsewhere.jsonld", "name": "x"})


def _files(tmp_path, award, *, credential=None):
    issued = credential_issue(award)
    paths = {}
    for name, document in (
        ("credential", credential or issued.document),
        ("did", did_document(award.programme.operator)),
        ("status", status_list_credential(issued.status_list)),
    ):
        paths[name] = tmp_path / f"{name}.json"
        paths[name].write_text(json.dumps(document), encoding="utf-8")
    return paths


def _verify(paths, *extra):
    args = ["verify", str(paths["credential"]), "--did", str(paths["did"]), "--status", str(paths["status"])]
    call_command("credential", *args, *extra)


def test_the_command_verifies_a_credential_offline(award, tmp_path, capsys):
    _verify(_files(tmp_path, award), "--at", "2026-01-01T00:00:00Z")

    output = capsys.readouterr().out
    assert "VALID" in output and "Kreis Musterstadt" in output


@pytest.mark.parametrize(
    ("case", "reason"),
    [
        ("changed byte", "the credential was changed"),
        ("expired", "The credential has expired"),
        ("foreign key", "does not belong to the issuer"),
        ("revoked", "revoked by its issuer"),
    ],
)
def test_the_command_refuses_with_a_reason(case, reason, award, operator_admin, tmp_path):
    issued = credential_issue(award)
    document = copy.deepcopy(issued.document)
    at = "2026-01-01T00:00:00Z"
    if case == "changed byte":
        document["validUntil"] = "2029-03-10T23:59:59Z"
    elif case == "expired":
        at = "2027-03-11T00:00:00Z"
    elif case == "foreign key":
        document["proof"]["verificationMethod"] = did_of(None) + "#key-1"
    elif case == "revoked":
        award_revoke(actor=operator_admin, award=award, reason="Audit findings were falsified.")

    with pytest.raises(CommandError, match=reason):
        _verify(_files(tmp_path, award, credential=document), "--at", at)


def test_the_command_says_when_the_revocation_was_not_checked(award, tmp_path, capsys):
    paths = _files(tmp_path, award)
    call_command("credential", "verify", str(paths["credential"]), "--did", str(paths["did"]))

    out = capsys.readouterr().out
    assert "Revocation not checked" in out
    assert "VALID as far as checked: signature and validity check out" in out
    assert "status check out" not in out  # it must not claim what it did not check


def test_the_issue_command_issues_every_award_without_a_credential(award, capsys):
    call_command("credential", "issue")
    call_command("credential", "issue")

    assert IssuedCredential.objects.filter(award=award).exists()
    assert "Issued 0 credential(s)." in capsys.readouterr().out.splitlines()[-1]


def test_the_rotate_keys_and_export_commands(award, tmp_path, capsys):
    issued = credential_issue(award)
    call_command("credential", "rotate", "--operator", "programme-operator")
    call_command("credential", "keys")
    call_command("credential", "export", str(tmp_path / "issuers"))

    listing = capsys.readouterr().out
    assert "operators:programme-operator#key-1" in listing and "retired" in listing
    assert "operators:programme-operator#key-2" in listing and "signing" in listing
    did = json.loads((tmp_path / "issuers" / "programme-operator.did.json").read_text())
    status = json.loads((tmp_path / "issuers" / "programme-operator.status-1.json").read_text())
    result = credential_verify(
        issued.document, did_documents={did["id"]: did}, status_lists={status["id"]: status}, now=DURING
    )
    assert result.valid and not result.notes
    assert status["proof"]["verificationMethod"].endswith("#key-2")  # lists are signed with the new key


def test_a_document_far_larger_than_a_credential_is_refused_unread():
    nodes = [{"id": f"_:b{i}", "type": "Thing", "knows": {"id": f"_:b{i + 1}"}} for i in range(400)]
    document = {"@context": [jsonld.VC_V2], "type": ["VerifiableCredential"], "credentialSubject": nodes}

    result = credential_verify(document, did_documents={}, now=DURING)

    assert not result.valid and "far larger than a credential" in result.reasons[0]


def test_a_credential_asked_for_twice_at_once_is_issued_once(award, monkeypatch):
    from vereinbar.credentials import services

    first = services.credential_issue(award)
    # The second request did not see the first one's row yet: its insert fails, it takes the row.
    monkeypatch.setattr(
        services.IssuedCredential.objects, "filter", lambda **kw: services.IssuedCredential.objects.none()
    )
    assert services.credential_issue(award).pk == first.pk
