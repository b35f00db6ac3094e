"""Public verification: only organisation, programme, stage/level, validity and the live status;
never served from a cache."""

from __future__ import annotations

import re
from datetime import date

import pytest
import time_machine

from tests.factories import award_renewal
from vereinbar.certificates.models import CODE_ALPHABET, CODE_LENGTH
from vereinbar.certificates.services import award_revoke

pytestmark = pytest.mark.django_db


def test_the_page_shows_the_public_facts_and_nothing_else(award, client):
    with time_machine.travel(date(2026, 1, 1), tick=False):
        page = client.get(f"/en/verify/{award.verification_code}/")
    html = page.content.decode()
    for fact in ("Kreis Musterstadt", "Test scored recognition", "Ambassador", "2025-03-10", "2027-03-10", "Valid"):
        assert fact in html
    assert award.number not in html  # internal number, cycle, people: not public
    assert "auditor" not in html.lower()
    assert "no-cache" in page["Cache-Control"] and "max-age=0" in page["Cache-Control"]


def test_the_status_is_computed_on_the_day_asked(award, client):
    with time_machine.travel(date(2027, 3, 11), tick=False):
        page = client.get(f"/en/verify/{award.verification_code}/")
        body = client.get(f"/api/v1/verify/{award.verification_code}")
    assert 'data-status="expired"' in page.content.decode()
    assert body.json()["status"] == "expired"


def test_the_json_variant_is_never_cached_and_shows_a_revocation_at_once(award, client, operator_admin):
    response = client.get(f"/api/v1/verify/{award.verification_code}")
    assert response.json()["status"] == "valid"
    assert "no-cache" in response["Cache-Control"] and "max-age=0" in response["Cache-Control"]
    award_revoke(actor=operator_admin, award=award, reason="Measures were not kept.")
    body = client.get(f"/api/v1/verify/{award.verification_code}").json()
    assert body["status"] == "revoked" and "Measures" not in str(body)
    page = client.get(f"/en/verify/{award.verification_code}/").content.decode()
    assert 'data-status="revoked"' in page and "Measures were not kept" not in page


def test_a_programme_text_the_language_lacks_is_marked_with_its_own(award, client):
    """The test programme speaks en and nl: on the German page its texts stay English, marked."""
    html = client.get(f"/de/verify/{award.verification_code}/").content.decode()
    assert '<html lang="de"' in html
    assert '<span lang="en">Test scored recognition</span>' in html
    assert '<span lang="en">Ambassador</span>' in html
    dutch = client.get(f"/nl/verify/{award.verification_code}/").content.decode()
    assert "<dd>Test erkenning</dd>" in dutch  # in the page's language: nothing to mark
    assert '<span lang="en">Ambassador</span>' in dutch  # the level has English text only


def test_a_validity_without_end_reads_as_unlimited_not_valid_until(award, client):
    dated = client.get(f"/de/verify/{award.verification_code}/").content.decode()
    assert "Gültig bis" in dated and "10. März 2027" in dated
    award.valid_until = None
    award.save()
    for prefix, label, value, wrong in (
        ("de", "Gültigkeit", "unbefristet", "Gültig bis"),
        ("nl", "Geldigheid", "onbeperkt", "Geldig tot"),
        ("en", "Validity", "unlimited", "Valid until"),
    ):
        html = client.get(f"/{prefix}/verify/{award.verification_code}/").content.decode()
        assert f"<dt>{label}</dt><dd>{value}</dd>" in html
        assert wrong not in html


def test_a_revoked_award_says_since_when_and_claims_no_validity(award, client, operator_admin):
    award.valid_until = None
    award.save()
    award_revoke(actor=operator_admin, award=award, reason="Measures were not kept.", revoked_on=date(2026, 2, 3))
    for prefix, label, day, claims in (
        ("de", "Widerrufen am", "3. Februar 2026", ("unbefristet", "Gültig bis")),
        ("nl", "Ingetrokken op", "3 februari 2026", ("onbeperkt", "Geldig tot")),
    ):
        html = client.get(f"/{prefix}/verify/{award.verification_code}/").content.decode()
        assert f'<dt>{label}</dt><dd><time datetime="2026-02-03">{day}</time></dd>' in html
        assert not any(claim in html for claim in claims)


def test_a_renewed_award_without_end_does_not_read_as_valid_without_limit(award, client):
    award.valid_until = None
    award.save()
    newer = award_renewal(award, number="2026-00002", issued_on=date(2026, 3, 10), valid_until=None)
    for prefix, claim in (("de", "unbefristet"), ("nl", "onbeperkt")):
        html = client.get(f"/{prefix}/verify/{award.verification_code}/").content.decode()
        assert 'data-status="superseded"' in html
        assert claim not in html
    assert "<dd>unbefristet</dd>" in client.get(f"/de/verify/{newer.verification_code}/").content.decode()


def test_the_form_says_where_the_code_is_and_ties_the_hint_to_the_field(client):
    html = client.get("/de/verify/").content.decode()
    field = re.search(r'<input[^>]*id="id_code"[^>]*>', html)
    assert field is not None and 'aria-describedby="id_code_hint"' in field.group()
    hint = re.search(r'<div class="kern-hint" id="id_code_hint">([^<]*)</div>', html)
    assert hint is not None and "Zertifikat" in hint.group(1)
    code = hint.group(1).rstrip(".").split()[-1]
    assert len(code) == CODE_LENGTH and set(code) <= set(CODE_ALPHABET)  # an example that could be real
