"""The cycle's history shows the revocation of its award: when, and by which programme operator
(the organisation, not the person who revoked), with its reason, which every member of the
employer reads (as on the award's page) and the public never (the verification page). An award
that lapses is in the history too. No row says "None" or a URN."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
import time_machine
from django.urls import reverse

from tests.cycles.helpers import drive
from vereinbar.certificates.services import award_revoke, awards_expire

pytestmark = pytest.mark.django_db

REASON = "The agreed measures were not kept."


@pytest.fixture
def granted(audit, open_cycle, parties):
    with time_machine.travel(date(2025, 1, 15), tick=False):
        cycle = open_cycle(audit)
        drive(cycle, parties, until_award=True)
    return cycle


def history(client, url: str) -> str:
    html = client.get(url).content.decode()
    return html.split('id="history-caption"', 1)[1].split("</table>", 1)[0]


def words(number: str) -> str:
    """A number as the history keeps it on one line."""
    return f'<span class="word">{number}</span>'


def workspace_url(cycle) -> str:
    return reverse("workspace_cycles:detail", args=[cycle.organisation.slug, cycle.pk])


@pytest.fixture
def revoked(granted, parties, operator_org):
    with time_machine.travel(date(2025, 9, 3), tick=False):
        award_revoke(actor=parties["operator"], award=granted.award, reason=REASON)
    return granted


@pytest.mark.parametrize("persona", ["coordinator", "operator", "board", "auditor"])
def test_the_history_says_the_operator_revoked_the_award_with_the_reason(revoked, parties, login, persona):
    url = workspace_url(revoked)
    if persona != "coordinator":
        url = reverse("operator_cycles:detail", args=[revoked.pk])
    rows = history(login(parties[persona]), url)
    assert f"Programme Operator Ltd revoked the certificate no. {words(revoked.award.number)}." in rows
    assert 'datetime="2025-09-03' in rows
    assert REASON in rows
    row = next(row for row in rows.split("</tr>") if "revoked the certificate" in row)
    assert str(parties["operator"]) not in row  # the operator organisation, not its staff member
    assert "None" not in rows and "urn:" not in rows


@pytest.mark.parametrize("persona", ["contributor", "viewer"])
def test_every_member_of_the_employer_reads_the_row_and_its_reason(revoked, parties, login, persona):
    client = login(parties[persona])
    html = client.get(workspace_url(revoked)).content.decode()
    rows = history(client, workspace_url(revoked))
    assert "Programme Operator Ltd revoked the certificate no." in rows
    assert 'datetime="2025-09-03' in rows
    assert REASON in rows and "Reason for the revocation" in html
    assert "None" not in rows and "urn:" not in rows


def test_the_public_verification_page_never_tells_the_reason(revoked, client):
    html = client.get(reverse("certificates:verify", args=[revoked.award.verification_code])).content.decode()
    assert "revoked" in html.lower() and REASON not in html


def test_the_coordinator_reads_the_reason_in_the_awards_facts(revoked, parties, login):
    html = login(parties["coordinator"]).get(workspace_url(revoked)).content.decode()
    assert "Reason for the revocation" in html and REASON in html


def test_the_row_reads_in_german_and_dutch(revoked, parties, login):
    client = login(parties["viewer"])
    for lang in ("de", "nl"):
        rows = history(client, f"/{lang}" + workspace_url(revoked)[3:])
        assert "Programme Operator Ltd" in rows and revoked.award.number in rows
        assert "revoked the certificate" not in rows  # translated
        assert "None" not in rows and "urn:" not in rows


def test_an_award_that_lapses_is_in_the_history(granted, parties, login):
    award = granted.award
    with time_machine.travel(award.valid_until + timedelta(days=1), tick=False):
        awards_expire()
    rows = history(login(parties["viewer"]), workspace_url(granted))
    assert f"The certificate no. {words(award.number)} expired." in rows
    assert "revoked" not in rows
    assert "None" not in rows and "urn:" not in rows


def test_a_cycle_without_a_revocation_has_no_such_row(granted, parties, login):
    rows = history(login(parties["coordinator"]), workspace_url(granted))
    assert "revoked" not in rows
    assert "None" not in rows and "urn:" not in rows
