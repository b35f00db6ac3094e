"""Landkreis Leer: Qualitätssiegel "Familienfreundlicher Arbeitgeber" first in 2014, renewed
in 2017 (survey and workshops, goals until the next certification); the seal is no longer
offered, so the award of 2017 expired in 2020."""

from __future__ import annotations

from datetime import timedelta

import pytest

from tests.scenarios.conftest import entries, noon
from vereinbar.accounts.models import User
from vereinbar.certificates.models import Award, AwardStatus
from vereinbar.certificates.selectors import awards_listed
from vereinbar.cycles.dates import add_months
from vereinbar.cycles.models import Cycle, CycleStatus, Goal

SLUG = "landkreis-leer"
pytestmark = pytest.mark.django_db


def test_certified_in_2014_renewed_in_2017_expired_since():
    first, renewed = Award.objects.filter(organisation__slug=SLUG).order_by("issued_on")
    assert (first.issued_on.year, first.status, first.superseded_by) == (2014, AwardStatus.SUPERSEDED, renewed)
    assert (renewed.issued_on.year, renewed.status) == (2017, AwardStatus.EXPIRED)
    for award in (first, renewed):
        assert award.level.key == "siegel"
        assert award.valid_until == add_months(award.issued_on, award.stage.validity_months)
    assert not awards_listed().filter(organisation__slug=SLUG).exists()
    # The expiry was marked the day after the validity ran out, as the daily task would have.
    (expired,) = entries(SLUG, "award.expired")
    assert expired.created_at == noon(renewed.valid_until + timedelta(days=1))


def test_the_renewal_of_2017_built_on_the_survey_the_questionnaire_and_the_workshops():
    first, renewal = Cycle.objects.filter(organisation__slug=SLUG).order_by("applied_on")
    assert (first.stage.key, renewal.stage.key) == ("zertifizierung", "rezertifizierung")
    assert renewal.previous == first and renewal.started_on.year == 2017
    assert first.status == renewal.status == CycleStatus.COMPLETED
    runs = {run.phase.key: run for run in renewal.phase_runs.all()}
    assert "zufrieden" in runs["beschaeftigtenbefragung"].note
    assert runs["workshops"].workshops.get().held_on.year == 2017
    assert renewal.target_agreement.signer_name == "Matthias Groote"
    codes = set(Goal.objects.filter(agreement__cycle=renewal).values_list("code", flat=True))
    assert {"1.1", "3.1", "4.1"} <= codes  # the goals of 2014 carried over, and the new one


def test_the_measures_described_at_the_renewal_are_in_place():
    measures = Award.objects.filter(organisation__slug=SLUG).first().organisation.measures
    assert set(measures.values_list("type__key", flat=True)) == {
        "company_childcare",
        "holiday_childcare",
        "health_management",
        "flexitime_without_core_time",
    }
    assert all(measure.since.year == 2017 for measure in measures.all())


def test_the_history_page_shows_2014_and_2017(client):
    client.force_login(User.objects.get(email="personal@landkreis-leer.example"))
    html = client.get(f"/en/workspace/{SLUG}/history/").content.decode()
    assert 'datetime="2014-09-01T12:00:00' in html and 'datetime="2017-09-01T12:00:00' in html
