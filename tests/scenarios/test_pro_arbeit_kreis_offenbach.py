"""Pro Arbeit – Kreis Offenbach: first certified under the audit berufundfamilie on
30 September 2021 with six measures in place; target agreement, annual reports, and (not in
the source) the re-audit "Optimierung" of 2024 whose certificate is valid today."""

from __future__ import annotations

from datetime import date

import pytest
import time_machine

from tests.scenarios.conftest import entries, noon
from vereinbar.accounts.models import User
from vereinbar.certificates.models import Award, AwardStatus
from vereinbar.certificates.selectors import awards_listed, verification_facts
from vereinbar.certificates.services import awards_expire
from vereinbar.cycles.dates import add_months
from vereinbar.cycles.models import AnnualReport, Cycle, CycleStatus, Goal, GoalMeasure, PhaseStatus
from vereinbar.measures.models import Measure

SLUG = "pro-arbeit-kreis-offenbach"
pytestmark = pytest.mark.django_db


def _cycles():
    return list(Cycle.objects.filter(organisation__slug=SLUG).order_by("applied_on"))


def test_the_certificate_of_30_september_2021_was_superseded_by_the_re_audit_of_2024():
    first, second = Award.objects.filter(organisation__slug=SLUG).order_by("issued_on")
    assert first.issued_on == date(2021, 9, 30) and first.valid_until == date(2024, 9, 30)
    assert first.valid_until == add_months(first.issued_on, first.stage.validity_months)
    assert first.status == AwardStatus.SUPERSEDED and first.superseded_by == second
    assert (second.issued_on, second.valid_until, second.status) == (
        date(2024, 9, 30),
        date(2027, 9, 30),
        AwardStatus.VALID,
    )
    assert first.level.key == second.level.key == "zertifikat"
    assert first.stage.key == "auditierung" and second.stage.key == "reauditierung_optimierung"
    assert second in awards_listed() and first not in awards_listed()
    decision = first.cycle.decisions.get()
    assert decision.decided_by.email == "board@berufundfamilie.example" and decision.board_round


def test_the_six_measures_in_place_at_the_first_certificate_are_in_place_since_then():
    in_place = Measure.objects.filter(organisation__slug=SLUG, status="in_place")
    assert in_place.count() == 6 and {m.since for m in in_place} == {date(2021, 9, 30)}
    created = entries(SLUG, "measure.created")
    assert {entry.created_at for entry in created if entry.after["status"] == "in_place"} == {noon(date(2021, 9, 30))}


def test_the_target_agreement_numbers_goals_and_measures_and_links_the_organisations_measures():
    first = _cycles()[0]
    agreement = first.target_agreement
    assert agreement.signed_on == date(2021, 6, 29) and agreement.accepted_on == date(2021, 7, 15)
    goals = {goal.code: goal for goal in Goal.objects.filter(agreement=agreement)}
    assert set(goals) == {"1.1", "3.1", "4.1", "5.1", "7.1"}
    home_office = GoalMeasure.objects.get(goal=goals["3.1"], code="3.1.1")
    assert home_office.measure.type.key == "home_office_agreement"
    assert {link.measure.type.key for link in goals["7.1"].measures.all()} == {
        "job_ticket",
        "e_charging",
        "bike_leasing",
    }
    assert goals["5.1"].status == "achieved"  # reported in the annual report of 2022


def test_the_annual_reports_are_accepted_and_the_latest_waits_for_the_operator():
    first, renewal = _cycles()
    assert first.status == CycleStatus.COMPLETED and first.closed_on == date(2023, 10, 4)
    reports = first.phase_runs.filter(phase__key="jahresbericht").order_by("occurrence")
    assert [(run.due_on, run.status) for run in reports] == [
        (date(2022, 9, 30), PhaseStatus.ACCEPTED),
        (date(2023, 9, 30), PhaseStatus.ACCEPTED),
    ]
    assert renewal.previous == first and renewal.status == CycleStatus.AWARDED
    latest = renewal.phase_runs.filter(phase__key="jahresbericht").order_by("occurrence").last()
    assert (latest.occurrence, latest.status, latest.due_on) == (2, PhaseStatus.SUBMITTED, date(2026, 9, 30))
    # 1.1 and 5.1 were achieved under the agreement of 2021: the renewal's reports leave them out.
    assert set(AnnualReport.objects.get(phase_run=latest).progress.values_list("goal__code", flat=True)) == {
        "3.1",
        "4.1",
        "7.1",
        "8.1",
    }


def test_the_re_audit_opened_six_months_before_expiry_and_carried_the_open_goals_over():
    first, renewal = _cycles()
    review = renewal.phase_runs.get(phase__key="bilanz")
    assert review.opened_on == date(2024, 3, 28) and review.due_on == date(2024, 3, 30)
    assert renewal.phase_runs.get(phase__key="kuratorium").due_on == date(2024, 9, 30)
    carried = Goal.objects.filter(agreement__cycle=renewal, carried_from__isnull=False)
    assert set(carried.values_list("code", flat=True)) == {"3.1", "4.1", "7.1"}
    # The goals achieved by then (1.1 in 2023, 5.1 in 2022) stay, achieved, in the agreement of 2021.
    old = Goal.objects.filter(agreement__cycle=first, code__in=["1.1", "5.1"])
    assert {(goal.code, goal.status) for goal in old} == {("1.1", "achieved"), ("5.1", "achieved")}


def test_the_operator_accepts_the_second_annual_report_and_the_cycle_completes():
    from vereinbar.cycles import services

    renewal = _cycles()[1]
    latest = renewal.phase_runs.filter(phase__key="jahresbericht").order_by("occurrence").last()
    services.phase_accept(actor=User.objects.get(email="operator@berufundfamilie.example"), run=latest)
    renewal.refresh_from_db()
    assert renewal.status == CycleStatus.COMPLETED


def test_the_certificate_expires_after_30_september_2027_and_leaves_the_directory():
    award = Award.objects.get(organisation__slug=SLUG, status=AwardStatus.VALID)
    with time_machine.travel(date(2027, 10, 1), tick=False):
        assert award not in awards_listed()
        assert verification_facts(award)["status"] == AwardStatus.EXPIRED
        expired = awards_expire()
        assert [a.number for a in expired if not a.organisation.is_example] == [award.number]
    award.refresh_from_db()
    assert award.status == AwardStatus.EXPIRED


def test_the_history_page_shows_the_real_dates(client):
    client.force_login(User.objects.get(email="koordination@proarbeit.example"))
    html = client.get(f"/en/workspace/{SLUG}/history/").content.decode()
    for day in ("2021-01-11", "2021-09-30", "2022-10-05", "2024-09-30", "2026-09-17"):
        assert f'datetime="{day}T12:00:00' in html, day
