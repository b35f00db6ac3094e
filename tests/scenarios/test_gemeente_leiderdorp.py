"""Gemeente Leiderdorp: recognised as carer-friendly (Erkenning mantelzorgvriendelijk) since
20 February 2017, with the four published answers; renewed every three years since (not in
the source), so the recognition is valid today and listed in the public directory."""

from __future__ import annotations

import itertools
from datetime import date

import pytest
import time_machine

from tests.scenarios.conftest import entries, noon
from vereinbar.certificates.models import Award, AwardStatus
from vereinbar.certificates.selectors import awards_listed
from vereinbar.cycles.dates import add_months
from vereinbar.cycles.models import AssessmentAnswer, Cycle, CycleStatus, Decision
from vereinbar.organisations.models import Organisation
from vereinbar.site.demo import demo_load

SLUG = "gemeente-leiderdorp"
pytestmark = pytest.mark.django_db


def _awards():
    return list(Award.objects.filter(organisation__slug=SLUG).order_by("issued_on"))


def test_the_recognition_of_20_february_2017_is_the_first_of_a_chain_that_is_valid_today():
    awards = _awards()
    assert [award.issued_on for award in awards] == [
        date(2017, 2, 20),
        date(2020, 2, 20),
        date(2023, 2, 20),
        date(2026, 2, 20),
    ]
    assert [award.status for award in awards] == [AwardStatus.SUPERSEDED] * 3 + [AwardStatus.VALID]
    for older, newer in itertools.pairwise(awards):
        assert older.superseded_by == newer
    for award in awards:
        assert award.level.key == "erkend"
        assert award.programme.identifier == "urn:vereinbar:programme:erkenning-mantelzorgvriendelijk"
        # valid for as long as the stage's data says (36 months in the library programme)
        assert award.valid_until == add_months(award.issued_on, award.stage.validity_months)
    current = awards[-1]
    assert current.valid_until == date(2029, 2, 20) and current.is_valid
    assert current in awards_listed()
    # "Recognised since": the first award of the programme, whatever came after it.
    first = Award.objects.filter(organisation__slug=SLUG, programme=current.programme).order_by("issued_on").first()
    assert first.issued_on == date(2017, 2, 20)


def test_the_application_holds_the_four_published_answers_accepted_by_the_operator():
    first = Cycle.objects.get(organisation__slug=SLUG, previous=None)
    assert first.stage.key == "erkenning" and first.status == CycleStatus.COMPLETED
    answers = {a.criterion.code: a for a in AssessmentAnswer.objects.filter(cycle=first).select_related("criterion")}
    assert set(answers) == {"1.1", "2.1", "3.1", "4.1"}
    assert all(answer.accepted for answer in answers.values())
    assert "‘Loesje’ posters" in answers["1.1"].text
    assert "Individueel Keuzebudget (IKB)" in answers["3.1"].text
    decision = Decision.objects.get(cycle=first)
    assert decision.decided_on == date(2017, 2, 20) and decision.level.key == "erkend"
    assert "24 februari 2017" in decision.comment and decision.decided_by.email == "operator@berufundfamilie.example"
    run = first.phase_runs.get(phase__key="aanvraag")
    assert run.submitted_at == noon(date(2017, 1, 16)) and run.accepted_at == noon(date(2017, 2, 6))
    assert first.phase_runs.get(phase__key="besluit").accepted_at == noon(date(2017, 2, 20))


def test_each_renewal_renews_the_cycle_before_it():
    cycles = list(Cycle.objects.filter(organisation__slug=SLUG).order_by("applied_on"))
    assert [cycle.stage.key for cycle in cycles] == ["erkenning", "hererkenning", "hererkenning", "hererkenning"]
    assert all(cycle.status == CycleStatus.COMPLETED for cycle in cycles)
    assert [cycle.previous for cycle in cycles[1:]] == cycles[:-1]
    # The renewal's application is due three months before the recognition it renews expires.
    application = cycles[-1].phase_runs.get(phase__key="aanvraag")
    assert application.opened_on == date(2025, 11, 20) and application.due_on == date(2025, 11, 20)


def test_the_measures_are_in_place_since_the_recognition_and_the_ikb_since_1_january_2017():
    leiderdorp = Organisation.objects.get(slug=SLUG)
    in_place = leiderdorp.measures.filter(status="in_place")
    assert in_place.get(type__key="individual_choice_budget").since == date(2017, 1, 1)
    assert in_place.get(type__key="nl_care_leave").basis == "statutory"
    assert {measure.since for measure in in_place.exclude(type__key="individual_choice_budget")} == {date(2017, 2, 20)}
    assert leiderdorp.measures.get(title_nl__startswith="Uitvoeringsplan").status == "planned"


def test_the_history_is_dated_as_it_happened(client):
    granted = entries(SLUG, "award.granted")
    assert [entry.created_at for entry in granted] == [
        noon(date(2017, 2, 20)),
        noon(date(2020, 2, 20)),
        noon(date(2023, 2, 20)),
        noon(date(2026, 2, 20)),
    ]
    assert entries(SLUG, "cycle.applied")[0].created_at == noon(date(2016, 10, 3))
    assert entries(SLUG, "measure.created")[0].created_at.date() <= date(2017, 2, 20)

    from vereinbar.accounts.models import User

    client.force_login(User.objects.get(email="hrm@leiderdorp.example"))
    page = client.get(f"/en/workspace/{SLUG}/history/")
    assert page.status_code == 200
    html = page.content.decode()
    assert 'datetime="2017-02-20T12:00:00' in html and 'datetime="2016-10-03T12:00:00' in html


def test_the_recognition_leaves_the_directory_the_day_after_it_expires_unless_renewed():
    current = _awards()[-1]
    with time_machine.travel(date(2029, 2, 20), tick=False):
        assert current in awards_listed()
    with time_machine.travel(date(2029, 2, 21), tick=False):
        assert current not in awards_listed()
        assert current.current_status == AwardStatus.EXPIRED


def test_loaded_twice_nothing_is_added():
    counts = (Cycle.objects.count(), Award.objects.count(), AssessmentAnswer.objects.count())
    demo_load(employers={SLUG})
    assert (Cycle.objects.count(), Award.objects.count(), AssessmentAnswer.objects.count()) == counts
