"""`manage.py examples_generate` adds made-up employers with awards, and can be called again
(after the demo made its own): the award numbers go on instead of starting over."""

from __future__ import annotations

import pytest
from django.core.management import call_command

from tests.cycles.conftest import PROGRAMMES, programme_from_file
from tests.factories import OrganisationFactory
from vereinbar.certificates.models import Award
from vereinbar.organisations.models import Organisation, OrganisationType

pytestmark = pytest.mark.django_db


def test_a_second_call_adds_employers_and_awards_with_numbers_of_their_own():
    programme = programme_from_file(PROGRAMMES / "audit.yaml", OrganisationFactory(type=OrganisationType.OPERATOR))
    programme.current_version.__class__.objects.filter(pk=programme.current_version_id).update(directory_listed=True)

    call_command("examples_generate", "--employers", "8", "--seed", "1", "--example")
    first = Award.objects.count()
    call_command("examples_generate", "--employers", "8", "--seed", "1", "--example")

    assert Organisation.objects.filter(is_example=True, type=OrganisationType.EMPLOYER).count() == 16
    assert 0 < first < Award.objects.count()
    numbers = list(Award.objects.values_list("number", flat=True))
    assert len(set(numbers)) == len(numbers)


def test_awards_run_their_validity_a_charter_stays_in_force_and_an_ended_programme_gives_none():
    from datetime import date

    from vereinbar.certificates.models import AwardStatus
    from vereinbar.cycles.dates import add_months
    from vereinbar.programmes.models import ProgrammeVersion

    operator = OrganisationFactory(type=OrganisationType.OPERATOR)
    audit = programme_from_file(PROGRAMMES / "audit.yaml", operator)
    charter = programme_from_file(PROGRAMMES / "charter.yaml", operator)
    ended = programme_from_file(PROGRAMMES / "seal2.yaml", operator)
    versions = ProgrammeVersion.objects.filter(pk__in=[p.current_version_id for p in (audit, charter, ended)])
    versions.update(directory_listed=True, default_language="de")
    versions.filter(pk=ended.current_version_id).update(applications_until=date(2021, 12, 31))

    call_command("examples_generate", "--employers", "60", "--seed", "3", "--example")

    today = date.today()
    awards = list(Award.objects.select_related("stage"))
    assert {award.programme_id for award in awards} == {audit.pk, charter.pk}  # none of the ended one
    for award in awards:
        months = award.stage.validity_months
        assert award.valid_until == (add_months(award.issued_on, months) if months else None), award.number
        if award.status == AwardStatus.VALID:
            assert award.valid_until is None or award.valid_until >= today
    assert any(a.programme_id == charter.pk and a.status == AwardStatus.VALID for a in awards)
    assert not [a for a in awards if a.programme_id == charter.pk and a.status == AwardStatus.SUPERSEDED]
    # the demo's examples are approved (its pending registrations come with their coordinator)
    assert not Organisation.objects.filter(is_example=True, type=OrganisationType.EMPLOYER, status="pending")


def test_a_pending_registration_of_the_benchmarks_waits_in_the_queue_by_its_day():
    OrganisationFactory(type=OrganisationType.OPERATOR)
    call_command("examples_generate", "--employers", "120", "--seed", "5")
    pending = Organisation.objects.filter(type=OrganisationType.EMPLOYER, status="pending")
    assert pending.exists()
    assert not pending.filter(registered_at__isnull=True).exists()
