"""Awards: number, validity from the stage, PDF with QR code, public verification (page and
JSON), revocation, supersession on renewal, expiry (derived and marked by the daily task)."""

from __future__ import annotations

from datetime import date

import pytest
import time_machine
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError

from tests.cycles.helpers import drive
from vereinbar.activity.models import Entry
from vereinbar.certificates.models import CODE_ALPHABET, Award, AwardStatus
from vereinbar.certificates.pdf import certificate_html, certificate_pdf
from vereinbar.certificates.selectors import awards_listed
from vereinbar.certificates.services import award_revoke, awards_expire
from vereinbar.cycles import services
from vereinbar.cycles.models import CycleStatus, Goal

pytestmark = pytest.mark.django_db


@pytest.fixture
def awarded(scored, open_cycle, parties):
    with time_machine.travel(date(2025, 3, 10), tick=False):
        cycle = open_cycle(scored)
        drive(cycle, parties)
    return cycle.award


def test_an_award_gets_a_number_a_validity_from_the_stage_and_an_unguessable_code(awarded):
    assert awarded.number == "2025-00001"
    assert awarded.issued_on == date(2025, 3, 10)
    assert awarded.valid_until == date(2027, 3, 10)  # validity_months: 24
    assert len(awarded.verification_code) >= 10
    assert set(awarded.verification_code) <= set(CODE_ALPHABET)
    assert awarded.level.key == "ambassador"


def test_the_certificate_pdf_has_the_verification_qr_code_in_the_organisations_language(awarded, employer_org):
    html = certificate_html(awarded)
    assert 'lang="en"' in html  # a German employer, but the programme speaks en and nl only
    assert "<svg" in html and f"/verify/{awarded.verification_code}/" in html
    assert employer_org.name in html and "Ambassador" in html
    assert certificate_pdf(awarded).startswith(b"%PDF")


def test_the_certificate_of_a_german_programme_is_german(charter, open_cycle, parties):
    cycle = open_cycle(charter)
    drive(cycle, parties)
    html = certificate_html(cycle.award)
    assert 'lang="de"' in html and "Test-Charta" in html
    assert cycle.award.valid_until is None  # a charter signature does not expire


def test_the_verification_page_shows_valid_then_expired(awarded, client):
    with time_machine.travel(date(2026, 1, 1), tick=False):
        page = client.get(f"/en/verify/{awarded.verification_code.lower()}/")
        assert page.status_code == 200
        assert b"Valid" in page.content and b"Kreis Musterstadt" in page.content
        assert client.get(f"/api/v1/verify/{awarded.verification_code}").json()["status"] == "valid"
    with time_machine.travel(date(2027, 3, 11), tick=False):
        page = client.get(f"/en/verify/{awarded.verification_code}/")
        assert b"Expired" in page.content
        body = client.get(f"/api/v1/verify/{awarded.verification_code}").json()
        assert body["status"] == "expired"
        assert set(body) == {
            "organisation",
            "programme",
            "stage",
            "level",
            "valid_from",
            "since",
            "valid_until",
            "validity_published",
            "status",
            "example",
            "profile_url",
        }


def test_the_short_verification_link_in_the_qr_code_leads_to_the_page(awarded, client):
    response = client.get(f"/verify/{awarded.verification_code}/", HTTP_ACCEPT_LANGUAGE="nl")
    assert response.status_code == 302
    assert response["Location"] == f"/nl/verify/{awarded.verification_code}/"


def test_an_unknown_code_says_so(client):
    assert client.get("/en/verify/AAAAAAAAAAAAAAAA/").status_code == 404
    assert client.get("/api/v1/verify/AAAAAAAAAAAAAAAA").json()["code"] == "not_found"


def test_the_operator_revokes_with_a_reason(awarded, parties, client):
    with pytest.raises(PermissionDenied):
        award_revoke(actor=parties["coordinator"], award=awarded, reason="x")
    with pytest.raises(ValidationError):
        award_revoke(actor=parties["operator"], award=awarded, reason=" ")
    award_revoke(actor=parties["operator"], award=awarded, reason="Measures were not kept.")
    awarded.refresh_from_db()
    assert awarded.status == AwardStatus.REVOKED and awarded.revoked_reason
    body = client.get(f"/api/v1/verify/{awarded.verification_code}").json()
    assert body["status"] == "revoked" and "reason" not in str(body)
    with pytest.raises(ValidationError):
        award_revoke(actor=parties["operator"], award=awarded, reason="Again")


def test_expiry_is_derived_and_marked_once_by_the_daily_task(awarded):
    with time_machine.travel(date(2027, 3, 10), tick=False):
        assert awarded.current_status == AwardStatus.VALID
        assert awards_expire() == []
        assert list(awards_listed()) == list(awards_listed().filter(pk=awarded.pk))
    with time_machine.travel(date(2027, 3, 11), tick=False):
        assert awarded.current_status == AwardStatus.EXPIRED  # before any task ran
        assert not awards_listed().filter(pk=awarded.pk).exists()  # gone from the directory
        assert [a.pk for a in awards_expire()] == [awarded.pk]
        assert awards_expire() == []
    assert Entry.objects.filter(verb="award.expired").count() == 1
    assert Award.objects.get(pk=awarded.pk).status == AwardStatus.EXPIRED


def test_renewal_opens_the_next_stage_with_goals_and_measures_and_supersedes_the_award(audit, open_cycle, parties):
    cycle = open_cycle(audit)
    drive(cycle, parties, until_award=True)
    first_award = cycle.award
    old_goals = list(Goal.objects.filter(agreement__cycle=cycle).values_list("code", "title"))
    renewal = services.cycle_renew(actor=parties["coordinator"], cycle=cycle)
    cycle.refresh_from_db()
    assert cycle.status == CycleStatus.COMPLETED
    assert renewal.stage.key == "reaudit" and renewal.status == CycleStatus.OPEN and renewal.previous == cycle
    new_goals = Goal.objects.filter(agreement__cycle=renewal)
    assert list(new_goals.values_list("code", "title")) == old_goals
    assert all(goal.carried_from_id for goal in new_goals)
    assert new_goals.first().measures.count() == 1
    drive(renewal, parties)
    first_award.refresh_from_db()
    assert first_award.status == AwardStatus.SUPERSEDED and first_award.superseded_by == renewal.award
    # The re-audit stage starts over: renewing it opens the same stage again.
    again = services.cycle_renew(actor=parties["operator"], cycle=renewal)
    assert again.stage.key == "reaudit"


@pytest.mark.django_db(transaction=True)
def test_people_are_told_in_their_own_language_after_commit(scored, open_cycle, parties):
    cycle = open_cycle(scored)
    subjects = {message.to[0]: message for message in mail.outbox}
    assert "coordinator@test.example" in subjects  # accepted
    assert subjects["coordinator@test.example"].extra_headers["Content-Language"] == "de"
    assert "auditor@test.example" in subjects  # assigned
    assert parties["coordinator"].notifications.filter(event="cycle_accepted").exists()
    assert cycle.pk
