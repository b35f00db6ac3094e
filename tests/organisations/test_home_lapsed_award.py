"""The employer's home says at once when an award was revoked, has lapsed or expires within 90
days: which programme, since when, what it means (the directory, the seal) and what to do now
(the renewal, with its link; the renewal under way, with its stage; or asking the operator)."""

from __future__ import annotations

import re
from datetime import date, timedelta

import pytest
import time_machine
from django.urls import reverse

from tests.cycles.conftest import audit, load_programme, open_cycle  # noqa: F401
from tests.cycles.helpers import drive
from vereinbar.certificates.services import award_revoke
from vereinbar.cycles import services

pytestmark = pytest.mark.django_db

REASON = "The agreed measures were not kept."


@pytest.fixture
def granted(audit, open_cycle, parties):  # noqa: F811
    with time_machine.travel(date(2025, 1, 15), tick=False):
        cycle = open_cycle(audit)
        drive(cycle, parties, until_award=True)
    return cycle


def notices(client, organisation, lang: str = "en") -> str:
    """The text of the award notices on the home, tags removed, spaces collapsed."""
    html = client.get(f"/{lang}/workspace/{organisation.slug}/").content.decode()
    found = re.findall(r'<section class="kern-alert[^"]*award-notice".*?</section>', html, re.S)
    text = " ".join(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", section)).strip() for section in found)
    return re.sub(r" ([;:.,)])", r"\1", text)


def cycle_url(cycle) -> str:
    return reverse("workspace_cycles:detail", args=[cycle.organisation.slug, cycle.pk])


def test_an_award_far_from_its_expiry_gives_no_notice(granted, parties, login):
    with time_machine.travel(granted.award.valid_until - timedelta(days=91), tick=False):
        assert notices(login(parties["coordinator"]), granted.organisation) == ""


def test_an_award_expiring_within_90_days_says_when_and_links_the_renewal(granted, parties, login):
    award = granted.award
    with time_machine.travel(award.valid_until - timedelta(days=30), tick=False):
        client = login(parties["coordinator"])
        text = notices(client, granted.organisation)
        html = client.get(f"/en/workspace/{granted.organisation.slug}/").content.decode()
    assert text.startswith("Award expires soon: Test audit")
    assert f"The award {award.number} is valid until" in text and "30 days left" in text
    assert "the seal on your website shows it as expired" in text
    assert "Start the renewal" in text and f'href="{cycle_url(granted)}#renew"' in html


def test_a_viewer_is_told_the_coordinator_renews(granted, parties, login):
    with time_machine.travel(granted.award.valid_until - timedelta(days=10), tick=False):
        text = notices(login(parties["viewer"]), granted.organisation)
    assert "10 days left" in text
    assert "Your coordinator can start the renewal" in text and "Start the renewal" not in text


def test_the_renewal_under_way_is_said_with_its_stage_instead(granted, parties, login):
    award = granted.award
    with time_machine.travel(award.valid_until - timedelta(days=30), tick=False):
        renewal = services.cycle_renew(actor=parties["coordinator"], cycle=granted)
        client = login(parties["coordinator"])
        text = notices(client, granted.organisation)
    assert "The renewal is under way: Re-audit (In progress)." in text
    assert "Start the renewal" not in text
    html = client.get(f"/en/workspace/{granted.organisation.slug}/").content.decode()
    assert f'href="{cycle_url(renewal)}"' in html


def test_a_lapsed_award_says_since_when_what_it_means_and_how_to_renew(granted, parties, login):
    award = granted.award
    since = award.valid_until + timedelta(days=1)
    with time_machine.travel(since + timedelta(days=40), tick=False):
        text = notices(login(parties["coordinator"]), granted.organisation)
        dutch = notices(login(parties["coordinator"]), granted.organisation, "nl")
        german = notices(login(parties["coordinator"]), granted.organisation, "de")
    assert text.startswith("Award expired: Test audit")
    assert since == date(2028, 1, 16)
    assert "was valid until 15 January 2028; it has been expired since 16 January 2028" in text
    assert "seit dem 16. Januar 2028 abgelaufen" in german and "sinds 16 januari 2028 verlopen" in dutch
    assert "The public directory no longer lists your organisation as holding it" in text
    assert "the seal on your website shows it as expired" in text
    assert "Start the renewal" in text
    assert text.split(":")[0] not in dutch and text.split(":")[0] not in german  # translated
    for shown in (text, dutch, german):
        assert "None" not in shown and "urn:" not in shown


def test_an_award_lapsed_more_than_a_year_ago_is_left_to_the_history(granted, parties, login):
    since = granted.award.valid_until + timedelta(days=1)
    with time_machine.travel(since + timedelta(days=365), tick=False):
        assert notices(login(parties["coordinator"]), granted.organisation).startswith("Award expired")
    with time_machine.travel(since + timedelta(days=366), tick=False):
        assert notices(login(parties["coordinator"]), granted.organisation) == ""


def test_a_revoked_award_names_the_operator_and_the_day_without_the_reason(granted, parties, login):
    with time_machine.travel(date(2025, 9, 3), tick=False):
        award = award_revoke(actor=parties["operator"], award=granted.award, reason=REASON)
    with time_machine.travel(date(2025, 9, 20), tick=False):
        text = notices(login(parties["coordinator"]), granted.organisation)
    assert text.startswith("Award revoked: Test audit")
    assert (
        f"Programme Operator Ltd, the programme operator, revoked the award {award.number} on 3 September 2025." in text
    )
    assert "the seal on your website shows it as revoked" in text
    assert REASON not in text
    assert "Start the renewal" in text  # the programme allows it: the cycle can go on to the re-audit


def test_a_programme_that_takes_no_renewal_sends_the_employer_to_the_operator(granted, parties, login):
    award = granted.award
    version = granted.programme.current_version
    version.applications_until = award.valid_until
    version.save(update_fields=["applications_until"])
    with time_machine.travel(award.valid_until + timedelta(days=5), tick=False):
        text = notices(login(parties["coordinator"]), granted.organisation)
    assert text.startswith("Award expired: Test audit")
    assert "ask the programme operator, Programme Operator Ltd, how to go on" in text
    assert "Start the renewal" not in text and "Apply again" not in text


def standings(client, organisation, lang: str = "en") -> str:
    html = client.get(f"/{lang}/workspace/{organisation.slug}/").content.decode()
    return html.split('id="standings-heading"', 1)[1].split("</section>", 1)[0]


def test_the_programme_card_says_the_award_was_revoked_not_awarded(granted, parties, login):
    with time_machine.travel(date(2025, 9, 3), tick=False):
        award_revoke(actor=parties["operator"], award=granted.award, reason=REASON)
        client = login(parties["coordinator"])
        shown = standings(client, granted.organisation)
        german = standings(client, granted.organisation, "de")
    assert 'data-status="revoked"' in shown and "Award revoked" in shown
    assert ">Awarded<" not in shown
    assert "Auszeichnung widerrufen" in german


def test_the_programme_card_says_the_award_expired(granted, parties, login):
    with time_machine.travel(granted.award.valid_until + timedelta(days=3), tick=False):
        shown = standings(login(parties["coordinator"]), granted.organisation)
    assert 'data-status="expired"' in shown and "Award expired" in shown
