"""The credentials verified by an implementation this project did not write: Digital Bazaar's
@digitalbazaar/vc with the eddsa-rdfc-2022 cryptosuite and the Bitstring Status List checker,
run with Node (tests/credentials/verifier), offline. Each refusal names its reason."""

from __future__ import annotations

import copy

import pytest

from tests.factories import OrganisationFactory
from vereinbar.certificates.services import award_revoke
from vereinbar.credentials.did import did_document, verification_method_id
from vereinbar.credentials.keys import key_current, key_private, key_rotate
from vereinbar.credentials.proof import proof_add
from vereinbar.credentials.services import credential_issue, status_list_credential

pytestmark = pytest.mark.django_db

DURING = "2026-01-01T12:00:00Z"  # inside the award's validity (10 March 2025 – 10 March 2027)
AFTER = "2027-03-11T12:00:00Z"


def _documents(issued, *extra_owners):
    owner = issued.award.programme.operator
    documents = {did["id"]: did for did in [did_document(owner), *(did_document(o) for o in extra_owners)]}
    status = status_list_credential(issued.status_list)
    documents[status["id"]] = status
    return documents


def test_the_independent_verifier_accepts_the_credential_and_refuses_each_tampering(award, independent_verifier):
    issued = credential_issue(award)
    credential = issued.document

    changed = copy.deepcopy(credential)
    changed["credentialSubject"]["name"] = credential["credentialSubject"]["name"].replace("Kreis", "Kreiz")

    # Another operator signs a copy with its own, genuine key, claiming to be our operator.
    stranger = OrganisationFactory(operator=True, name="Someone Else", slug="someone-else")
    stranger_key = key_current(stranger)
    unsigned = {key: value for key, value in credential.items() if key != "proof"}
    foreign = proof_add(
        unsigned,
        private_key=key_private(stranger_key),
        verification_method=verification_method_id(stranger_key),
        created=issued.issued_at,
    )

    results = independent_verifier(
        _documents(issued, stranger),
        [
            {"name": "valid", "credential": credential, "now": DURING},
            {"name": "changed byte", "credential": changed, "now": DURING},
            {"name": "expired", "credential": credential, "now": AFTER},
            {"name": "foreign key", "credential": foreign, "now": DURING},
        ],
    )

    assert results["valid"] == {"name": "valid", "verified": True, "reason": ""}
    assert not results["changed byte"]["verified"]
    assert "Invalid signature" in results["changed byte"]["reason"]
    assert not results["expired"]["verified"]
    assert 'is after "validUntil"' in results["expired"]["reason"]
    assert not results["foreign key"]["verified"]
    assert "issuer must match the verification method controller" in results["foreign key"]["reason"]


def test_revoking_the_award_makes_the_independent_verifier_refuse_it(award, operator_admin, independent_verifier):
    issued = credential_issue(award)
    award_revoke(actor=operator_admin, award=award, reason="Audit findings were falsified.")

    results = independent_verifier(
        _documents(issued), [{"name": "revoked", "credential": issued.document, "now": DURING}]
    )

    assert not results["revoked"]["verified"]
    assert "revoked" in results["revoked"]["reason"]


def test_a_credential_signed_before_a_key_rotation_still_verifies(award, independent_verifier):
    before = credential_issue(award)
    key_rotate(award.programme.operator)
    assert key_current(award.programme.operator).number == 2

    results = independent_verifier(
        _documents(before), [{"name": "old key", "credential": before.document, "now": DURING}]
    )

    assert results["old key"]["verified"], results["old key"]["reason"]
