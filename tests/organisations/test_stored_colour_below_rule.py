"""An operator's colour stored under an older, weaker contrast rule is no longer drawn; its admins
learn why on the profile page, where the colour is set: the measured contrast, what is needed,
and the stored value in the field to correct."""

from __future__ import annotations

import re

import pytest

from tests.organisations.helpers import field_errors
from tests.organisations.test_operator_logo import PROFILE, operator_profile
from vereinbar.organisations.models import Organisation

pytestmark = pytest.mark.django_db

PROBLEM = re.compile(
    r'<div class="kern-alert kern-alert--warning" id="stored-colour-problem">(.*?)</div></div></div>', re.S
)


def _store(organisation, colour):
    Organisation.objects.filter(pk=organisation.pk).update(brand_colour=colour)


def test_a_stored_colour_below_todays_rule_is_explained_with_its_contrast(login, operator_admin, operator_org):
    # #707070 reached 4.5:1 on the header's grey under the older rule, 3.7:1 on a pressed button there.
    _store(operator_org, "#707070")
    response = login(operator_admin).get(PROFILE)
    html = response.content.decode()
    problem = PROBLEM.search(html).group(1)
    assert "#707070, no longer meets the contrast rule" in problem
    assert "only 3.71:1" in problem and "at least 4.5:1" in problem
    assert "installation&#x27;s colour" in problem and 'href="#id_brand_colour"' in problem
    assert 'name="brand_colour" value="#707070"' in html and 'aria-invalid="true"' in html
    assert field_errors(response, "brand_colour") == [
        "Contrast only 3.71:1 where it is weakest; at least 4.5:1 is needed. Not used until you change it."
    ]


@pytest.mark.parametrize(
    ("language", "expected"),
    [("de", "Kontrast von nur 3,71:1"), ("nl", "alleen 3,71:1")],
)
def test_the_explanation_is_in_the_page_language(login, operator_admin, operator_org, language, expected):
    _store(operator_org, "#707070")
    html = login(operator_admin).get(PROFILE.replace("/en/", f"/{language}/")).content.decode()
    assert expected in PROBLEM.search(html).group(1)


def test_a_stored_value_that_is_no_colour_is_explained_too(login, operator_admin, operator_org):
    _store(operator_org, "blue")
    html = login(operator_admin).get(PROFILE).content.decode()
    assert "blue, is not written as # and six hexadecimal digits" in PROBLEM.search(html).group(1)


@pytest.mark.parametrize("colour", ["#1d3f8f", ""])
def test_a_colour_that_is_drawn_or_none_shows_no_problem(login, operator_admin, operator_org, colour):
    _store(operator_org, colour)
    response = login(operator_admin).get(PROFILE)
    assert PROBLEM.search(response.content.decode()) is None and not field_errors(response, "brand_colour")


def test_correcting_it_saves_and_the_problem_is_gone(login, operator_admin, operator_org):
    _store(operator_org, "#707070")
    client = login(operator_admin)
    refused = client.post(PROFILE, operator_profile(brand_colour="#707070"))
    assert "contrast of only 3.71:1" in " ".join(field_errors(refused, "brand_colour"))
    assert client.post(PROFILE, operator_profile(brand_colour="#505050")).status_code == 302
    assert PROBLEM.search(client.get(PROFILE).content.decode()) is None
