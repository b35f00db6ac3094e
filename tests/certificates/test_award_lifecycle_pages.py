"""An award's life as the employer and the public read it: the verification page says in words
why an award no longer counts (renewed, expired, revoked) and points to the one in force; the
employer's award page says what to do now at each step and links a renewal to what it renews."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
import time_machine
from django.urls import reverse

from tests.cycles.helpers import drive
from vereinbar.certificates.services import award_revoke
from vereinbar.cycles import services
from vereinbar.cycles.workflow import TransitionRefused

pytestmark = pytest.mark.django_db


@pytest.fixture
def granted(audit, open_cycle, parties):
    with time_machine.travel(date(2025, 1, 15), tick=False):
        cycle = open_cycle(audit)
        drive(cycle, parties, until_award=True)
    return cycle


def verify(client, award, lang="en") -> str:
    return client.get(f"/{lang}/verify/{award.verification_code}/").content.decode()


def page(client, award) -> str:
    return client.get(reverse("workspace_awards:detail", args=[award.organisation.slug, award.number])).content.decode()


def test_a_renewed_award_names_the_day_it_was_replaced_and_links_the_award_in_force(granted, parties, client):
    first = granted.award
    with time_machine.travel(date(2025, 6, 1), tick=False):
        renewal = services.cycle_renew(actor=parties["coordinator"], cycle=granted)
        drive(renewal, parties)
    first.refresh_from_db()
    new = renewal.award
    html = verify(client, first)
    assert 'data-status="superseded"' in html
    assert "This certificate was renewed" in html and "Replaced on" in html
    assert f'datetime="{new.issued_on.isoformat()}"' in html
    assert f'href="/en/verify/{new.verification_code}/" data-current-award' in html
    assert "data-replacing-award" not in html  # the one in force is linked once, as such
    assert "data-current-award" not in verify(client, new)  # the one in force points nowhere
    with time_machine.travel(new.valid_until + timedelta(days=1), tick=False):  # the renewal lapsed too
        html = verify(client, first)
    assert "data-current-award" not in html and "holds no certificate in this programme at present" in html
    # the renewal that lapsed can still be followed from the award it replaced
    assert f'href="/en/verify/{new.verification_code}/" data-replacing-award' in html


def test_an_expired_award_says_so_and_that_nothing_replaces_it(granted, client):
    award = granted.award
    with time_machine.travel(award.valid_until + timedelta(days=1), tick=False):
        html = verify(client, award)
        dutch = verify(client, award, "nl")
    assert "has expired" in html and "holds no certificate in this programme at present" in html
    assert "data-current-award" not in html
    assert "award-status-note" in dutch and "kern-alert--warning" in dutch  # expired: a warning


def test_a_revoked_award_says_when_without_the_reason(granted, parties, client):
    award = award_revoke(actor=parties["operator"], award=granted.award, reason="Measures not kept.")
    html = verify(client, award)
    assert "The programme operator revoked this certificate on" in html
    assert "Measures not kept" not in html


def test_the_award_page_says_what_to_do_as_the_expiry_nears_and_once_the_renewal_runs(granted, parties, login):
    award = granted.award
    cycle_url = reverse("workspace_cycles:detail", args=[award.organisation.slug, granted.pk])
    with time_machine.travel(award.valid_until - timedelta(days=200), tick=False):
        assert "data-award-next" not in page(login(parties["coordinator"]), award)  # far off: nothing to do yet
    with time_machine.travel(award.valid_until - timedelta(days=30), tick=False):
        client = login(parties["coordinator"])
        html = page(client, award)
        assert 'data-award-next="expiring"' in html and "in 30 days" in html and cycle_url in html
        renewal = services.cycle_renew(actor=parties["coordinator"], cycle=granted)
        html = page(client, award)
    assert 'data-award-next="renewal"' in html
    assert reverse("workspace_cycles:detail", args=[award.organisation.slug, renewal.pk]) in html


def test_a_renewal_links_the_award_it_renews_and_back(granted, parties, login):
    first = granted.award
    with time_machine.travel(date(2025, 6, 1), tick=False):
        renewal = services.cycle_renew(actor=parties["coordinator"], cycle=granted)
        drive(renewal, parties)
    first.refresh_from_db()
    new = renewal.award
    client = login(parties["coordinator"])
    old_url = reverse("workspace_awards:detail", args=[first.organisation.slug, first.number])
    new_url = reverse("workspace_awards:detail", args=[new.organisation.slug, new.number])
    assert f'href="{old_url}"' in page(client, new)
    html = page(client, first)
    assert f'href="{new_url}"' in html and 'data-award-next="superseded"' in html


def test_an_expired_award_page_tells_the_employer_it_left_the_directory(granted, parties, login):
    award = granted.award
    with time_machine.travel(award.valid_until + timedelta(days=1), tick=False):
        html = page(login(parties["coordinator"]), award)
    assert 'data-award-next="expired"' in html and "no longer lists it" in html
    # the cycle page still offers the next stage: the award page says so, not "apply anew"
    assert "start the next stage on the cycle page" in html and "apply to the programme anew" not in html
    assert reverse("workspace_cycles:detail", args=[award.organisation.slug, granted.pk]) in html


def test_a_revoked_award_page_gives_the_date_and_reason_to_the_employer(granted, parties, login):
    award = award_revoke(actor=parties["operator"], award=granted.award, reason="Measures not kept.")
    html = page(login(parties["coordinator"]), award)
    assert 'data-award-next="revoked"' in html and "Measures not kept." in html and "Revoked on" in html


def test_the_operator_reads_what_a_revocation_does_before_revoking_and_its_date_after(granted, parties, login):
    client = login(parties["operator"])
    url = reverse("operator_cycles:detail", args=[granted.pk])
    before = client.get(url).content.decode()
    assert 'class="revoke-consequences"' in before and "cannot be undone" in before
    award_revoke(actor=parties["operator"], award=granted.award, reason="Measures not kept.")
    after = client.get(url).content.decode()
    assert "Revoked on" in after and "revoke-consequences" not in after


def test_the_cycle_page_of_a_renewed_award_names_the_award_that_replaced_it(granted, parties, login):
    with time_machine.travel(date(2025, 6, 1), tick=False):
        renewal = services.cycle_renew(actor=parties["coordinator"], cycle=granted)
        drive(renewal, parties)
    client = login(parties["coordinator"])
    html = client.get(reverse("workspace_cycles:detail", args=[granted.organisation.slug, granted.pk])).content.decode()
    # the audit is a certification: the box and the award that replaced it are named by that kind
    assert '<h2 id="award-heading">Certificate</h2>' in html
    assert "Replaced by" in html and f'Certificate <span class="award-number">{renewal.award.number}</span>' in html


def test_a_withdrawn_renewal_leaves_the_cycle_renewable_again(granted, parties, login):
    """The reminders start again once a renewal is withdrawn; the employer can do what they say."""
    award = granted.award
    with time_machine.travel(award.valid_until - timedelta(days=60), tick=False):
        first = services.cycle_renew(actor=parties["coordinator"], cycle=granted)
        services.cycle_withdraw(actor=parties["coordinator"], cycle=first, reason="Started too early.")
        client = login(parties["coordinator"])
        html = page(client, award)
        assert 'data-award-next="expiring"' in html
        cycle_page = client.get(reverse("workspace_cycles:detail", args=[award.organisation.slug, granted.pk]))
        assert "/do/renew/" in cycle_page.content.decode()
        again = services.cycle_renew(actor=parties["coordinator"], cycle=granted)
    assert again.previous == granted and again.status == "open"
    with pytest.raises(TransitionRefused):
        services.cycle_renew(actor=parties["coordinator"], cycle=granted)  # now it runs: once only
