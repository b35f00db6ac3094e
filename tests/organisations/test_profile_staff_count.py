"""An employer's profile, as its registration, counts at least one member of staff: 0 is
refused next to the field on the page and by the API, and changes nothing."""

import pytest

from tests.organisations.helpers import field_errors
from tests.organisations.test_profile import URL, profile_data
from vereinbar.organisations.services import organisation_update_profile

pytestmark = pytest.mark.django_db


def test_a_profile_with_no_staff_is_refused_next_to_the_field(login, coordinator, employer_org):
    before = employer_org.staff_count
    response = login(coordinator).post(URL, profile_data(staff_count="0", city="Changed"))
    assert field_errors(response, "staff_count") == ["Enter a number of 1 or more."]
    employer_org.refresh_from_db()
    assert employer_org.city == "" and employer_org.staff_count == before


def test_the_service_refuses_no_staff_for_every_caller(coordinator, employer_org):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError) as raised:
        organisation_update_profile(actor=coordinator, organisation=employer_org, changes={"staff_count": 0})
    assert raised.value.message_dict == {"staff_count": ["Enter a number of 1 or more."]}
    organisation_update_profile(actor=coordinator, organisation=employer_org, changes={"staff_count": None})
    organisation_update_profile(actor=coordinator, organisation=employer_org, changes={"staff_count": 12})
    employer_org.refresh_from_db()
    assert employer_org.staff_count == 12
