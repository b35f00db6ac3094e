"""The demo's made-up employers have people and a past: each has a coordinator, an auditor looks
after about twenty employers (further auditor accounts take the rest, listed on the operator's
members page but not printed with the logins), and a renewal follows the cycle whose award it
renews, granted some three years before; an employer's cycles in a programme follow one another,
and each that passed carries its award."""

from __future__ import annotations

import html
from collections import Counter, defaultdict
from itertools import pairwise

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from vereinbar.accounts.models import Membership, User
from vereinbar.accounts.roles import Role
from vereinbar.certificates.models import AwardStatus
from vereinbar.cycles.dates import add_months
from vereinbar.cycles.models import Cycle, CycleStatus
from vereinbar.organisations.models import Organisation, OrganisationType

pytestmark = pytest.mark.django_db


def _caseload(user: User) -> set[str]:
    return set(Cycle.objects.filter(auditor=user).values_list("organisation__slug", flat=True))


def test_each_auditor_looks_after_at_most_some_twenty_five_employers():
    auditors = User.objects.filter(memberships__role=Role.AUDITOR).distinct()
    assert auditors.count() > 10
    for auditor in auditors:
        assert len(_caseload(auditor)) <= 25, auditor.email


def test_the_main_auditor_keeps_a_real_caseload_with_a_real_employer():
    caseload = _caseload(User.objects.get(email="auditor@berufundfamilie.example"))
    assert 15 <= len(caseload) <= 25
    assert "pro-arbeit-kreis-offenbach" in caseload


def test_the_further_auditors_are_counted_in_one_line_not_printed_with_passwords(demo):
    printed = [line for line in demo.splitlines() if "@" in line and "offers" not in line]
    assert len(printed) < 20
    auditors = User.objects.filter(memberships__role=Role.AUDITOR).distinct()
    further = [auditor for auditor in auditors if auditor.email not in demo]
    assert len(further) > 10
    assert f"and {len(further)} further auditors" in demo
    assert "@carer-benchmark.example" not in demo


def test_the_operators_members_page_lists_its_auditors_by_name(client):
    client.force_login(User.objects.get(email="operator@berufundfamilie.example"))
    operator = Organisation.objects.get(slug="berufundfamilie-service")
    with translation.override("de"):
        page = client.get(reverse("operator:members", args=[operator.slug])).content.decode()
    auditors = Membership.objects.filter(organisation=operator, role=Role.AUDITOR).select_related("user")
    assert auditors.count() >= 5
    for membership in auditors:
        assert membership.user.full_name in page


def test_every_example_employer_has_a_coordinator_of_its_country_who_cannot_log_in(demo):
    employers = Organisation.objects.filter(is_example=True, type=OrganisationType.EMPLOYER)
    coordinators = Membership.objects.filter(organisation__in=employers, role=Role.COORDINATOR).select_related(
        "user", "organisation"
    )
    assert Counter(m.organisation_id for m in coordinators).keys() == set(employers.values_list("pk", flat=True))
    for membership in coordinators:
        user, organisation = membership.user, membership.organisation
        if user.email in demo:  # the culture index's coordinators, with their printed passwords
            continue
        assert " " in user.full_name and user.email.endswith(f"@{organisation.slug}.example"), user.email
        assert user.preferred_language == ("nl" if organisation.country == "NL" else "de")
        assert not user.has_usable_password(), user.email


def test_a_made_up_renewal_follows_an_awarded_cycle_granted_some_three_years_before():
    today = timezone.localdate()
    renewals = Cycle.objects.filter(organisation__is_example=True, stage__order__gt=1).select_related(
        "previous__award__superseded_by"
    )
    assert renewals.count() > 100
    gaps = []
    for cycle in renewals:
        previous = cycle.previous
        assert previous is not None, cycle.pk
        assert previous.status == "completed" and previous.closed_on <= cycle.applied_on, cycle.pk
        award = getattr(previous, "award", None)
        if award is None:
            continue
        gaps.append((cycle.applied_on - award.issued_on).days)
        if award.status == AwardStatus.SUPERSEDED:
            assert award.superseded_by.issued_on > award.issued_on, award.number
        elif award.status == AwardStatus.EXPIRED:
            assert award.valid_until < today, award.number
        elif award.status == AwardStatus.VALID:
            assert award.valid_until is None or award.valid_until >= today, award.number
    assert len(gaps) > 100
    assert sum(700 < gap < 1200 for gap in gaps) > len(gaps) / 2


def test_the_verification_page_of_an_earlier_award_names_the_employer(client):
    cycle = (
        Cycle.objects.filter(organisation__is_example=True, stage__order__gt=1, previous__award__isnull=False)
        .select_related("previous__award", "organisation")
        .order_by("pk")
        .first()
    )
    assert cycle is not None
    award = cycle.previous.award
    with translation.override("de"):
        page = client.get(reverse("certificates:verify", args=[award.verification_code])).content.decode()
    assert html.escape(cycle.organisation.name) in page
    assert award.issued_on < cycle.applied_on


def test_an_employers_cycles_in_a_programme_follow_one_another():
    histories = defaultdict(list)
    for cycle in Cycle.objects.filter(organisation__is_example=True).order_by("applied_on", "pk"):
        histories[cycle.organisation_id, cycle.programme_id].append(cycle)
    assert sum(len(history) > 2 for history in histories.values()) > 50
    for history in histories.values():
        for earlier, later in pairwise(history):
            assert earlier.closed_on is not None and earlier.closed_on <= later.applied_on, later.pk


def test_each_made_up_cycle_that_passed_carries_its_award_valid_for_the_stages_months():
    passed = Cycle.objects.filter(
        organisation__is_example=True, status=CycleStatus.COMPLETED, stage__gives_award=True
    ).select_related("stage", "award")
    assert passed.count() > 300
    for cycle in passed:
        award = getattr(cycle, "award", None)
        # closed with its award, or with the last of the yearly reports that follow it
        reports = cycle.stage.phases.filter(due_anchor="award", optional=False).exists()
        assert award is not None, cycle.pk
        assert award.issued_on < cycle.closed_on if reports else award.issued_on == cycle.closed_on, cycle.pk
        months = cycle.stage.validity_months
        assert award.valid_until == (add_months(award.issued_on, months) if months else None), award.number


def test_a_re_certification_is_applied_for_when_the_award_it_renews_runs_out():
    renewals = Cycle.objects.filter(
        organisation__is_example=True, previous__award__valid_until__isnull=False
    ).select_related("previous__award")
    assert renewals.count() > 200
    for cycle in renewals:
        assert (cycle.previous.award.valid_until - cycle.applied_on).days <= 150, cycle.pk
