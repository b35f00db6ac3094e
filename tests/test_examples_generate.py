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
