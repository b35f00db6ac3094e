"""The operator's colour as part of the theme: its admins choose it on the operator's profile page
or through the API, a colour too light for white text and links on white is refused with the
measured contrast, and the pages that belong to the operator carry it as KERN's action colour
from a stylesheet of our own (the Content-Security-Policy allows no inline style)."""

from __future__ import annotations

import json
import re

import pytest
from django.core.exceptions import ValidationError

from tests.cycles.conftest import load_programme, open_cycle, scored  # noqa: F401
from tests.directory.conftest import catalogue, erkenning, leiderdorp, library_programme, recognised  # noqa: F401
from tests.factories import MembershipFactory, OrganisationFactory, UserFactory
from tests.organisations.helpers import field_errors
from tests.organisations.test_operator_logo import PROFILE, operator_profile
from vereinbar.accounts.services import token_create
from vereinbar.activity.models import Entry
from vereinbar.organisations.brand import (
    HEADER_BACKGROUND,
    backgrounds_of,
    brand_colour_clean,
    contrast,
    contrast_with_white,
    lowest_contrast,
)
from vereinbar.organisations.models import Organisation

pytestmark = pytest.mark.django_db

THEME_LINK = re.compile(r'<link rel="stylesheet" href="(?P<href>/operators/(?P<slug>[\w-]+)/theme\.css\?v=\w+)">')


def theme_link(response) -> re.Match[str] | None:
    """The operator's colour stylesheet in the page's head, if the page has one."""
    html = response.content.decode()
    return THEME_LINK.search(html[: html.index("</head>")])


def stylesheet(client, response) -> str:
    """The text of the colour stylesheet a page links to."""
    served = client.get(theme_link(response)["href"])
    assert served.status_code == 200 and served["Content-Type"].startswith("text/css")
    return served.content.decode()


def put_colour(client, user, slug, colour):
    token = token_create(user=user, name="test").secret
    return client.put(
        f"/api/v1/organisations/{slug}/colour",
        data=json.dumps({"brand_colour": colour}),
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {token}",
    )


@pytest.fixture
def dark_blue(operator_org):
    Organisation.objects.filter(pk=operator_org.pk).update(brand_colour="#1d3f8f")
    operator_org.refresh_from_db()
    return operator_org


# --- Measuring -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("colour", "ratio"), [("#ffffff", 1.0), ("#000000", 21.0), ("#767676", 4.54), ("#777777", 4.48)]
)
def test_the_contrast_against_white_is_wcags(colour, ratio):
    assert contrast_with_white(colour) == pytest.approx(ratio, abs=0.005)


@pytest.mark.parametrize(("colour", "ratio"), [("#707070", 4.50), ("#717171", 4.44), ("#0b5c4d", 7.20)])
def test_the_contrast_is_measured_against_the_header_which_is_darker_than_white(colour, ratio):
    assert contrast(colour, HEADER_BACKGROUND) == pytest.approx(ratio, abs=0.005)
    assert contrast_with_white(colour) > contrast(colour, HEADER_BACKGROUND)


# The states text in the colour is drawn in. Measured in Chromium on the header's language
# buttons (secondary) with #616161: the grey behind "NL" is #f3f4f7, under the pointer
# rgb(232, 232, 235), pressed with the space bar rgb(220, 220, 223); the label stays #616161.
# Focus draws an outline and aria-current a bolder underline: text and background stay.
BORDERLINE_PASSES = "#616161"  # 4.53:1 where weakest
BORDERLINE_FAILS = "#626262"  # 4.49:1 where weakest, though 5.55:1 on the header's grey


def test_the_backgrounds_of_each_state_are_what_the_browser_draws():
    backgrounds = backgrounds_of(BORDERLINE_PASSES)
    assert backgrounds["header"] == HEADER_BACKGROUND and backgrounds["white"] == "#ffffff"
    assert backgrounds["header, pressed"] == "#dcdcdf"  # rgb(220, 220, 223), as measured
    assert backgrounds["header, hover"] in ("#e7e8eb", "#e8e8eb")  # rgb(232, 232, 235) ± rounding


def test_the_weakest_state_is_the_header_tinted_by_a_pressed_button():
    for colour in (BORDERLINE_PASSES, "#1d3f8f", "#a4161a"):
        ratios = {state: contrast(colour, background) for state, background in backgrounds_of(colour).items()}
        assert min(ratios, key=ratios.__getitem__) == "header, pressed"
        assert ratios["header, hover"] < ratios["header"] < ratios["white"]


def test_a_borderline_colour_is_judged_by_its_weakest_state():
    assert lowest_contrast(BORDERLINE_PASSES) == pytest.approx(4.526, abs=0.001)
    assert brand_colour_clean(BORDERLINE_PASSES) == BORDERLINE_PASSES
    assert contrast(BORDERLINE_FAILS, HEADER_BACKGROUND) == pytest.approx(5.546, abs=0.001)  # normal state passes
    assert lowest_contrast(BORDERLINE_FAILS) == pytest.approx(4.488, abs=0.001)
    with pytest.raises(ValidationError) as error:
        brand_colour_clean(BORDERLINE_FAILS)
    assert "4.48:1" in error.value.message_dict["brand_colour"][0]


def test_a_colour_stored_under_the_older_rule_is_not_drawn(client, operator_org):
    # #707070 reached 4.5:1 on the header's grey only, and 3.7:1 on a pressed button there.
    Organisation.objects.filter(pk=operator_org.pk).update(brand_colour="#707070")
    assert theme_link(client.get("/en/")) is None
    assert client.get("/operators/programme-operator/theme.css").status_code == 404


# --- Setting it on the profile page ----------------------------------------------------------


def test_an_operator_admin_chooses_a_colour_and_the_history_records_it(login, operator_admin, operator_org):
    response = login(operator_admin).post(PROFILE, operator_profile(brand_colour=" #1D3F8F "))
    assert response.status_code == 302
    operator_org.refresh_from_db()
    assert operator_org.brand_colour == "#1d3f8f"
    entry = Entry.objects.get(verb="organisation.updated", organisation=operator_org)
    assert entry.actor == operator_admin
    assert (entry.before, entry.after) == ({"brand_colour": ""}, {"brand_colour": "#1d3f8f"})


def test_a_colour_too_light_for_white_text_is_refused_with_its_contrast(login, operator_admin, operator_org):
    client = login(operator_admin)
    response = client.post(PROFILE, operator_profile(brand_colour="#626262", city="Changed"))
    assert response.status_code == 200
    message = " ".join(field_errors(response, "brand_colour"))
    assert "contrast of only 4.48:1 where it is weakest: on a button in the page header" in message
    assert "at least 4.5:1 in every state" in message
    operator_org.refresh_from_db()
    assert operator_org.brand_colour == "" and operator_org.city == ""  # nothing of the form saved
    assert not Entry.objects.filter(verb="organisation.updated").exists()
    assert client.post(PROFILE, operator_profile(brand_colour="#616161")).status_code == 302  # 4.52:1


def test_the_contrast_error_is_in_the_page_language(login, operator_admin):
    client = login(operator_admin)
    german = client.post(PROFILE.replace("/en/", "/de/"), operator_profile(brand_colour="#4a90e2"))
    assert "Kontrast von nur 2,55:1" in " ".join(field_errors(german, "brand_colour"))
    dutch = client.post(PROFILE.replace("/en/", "/nl/"), operator_profile(brand_colour="#4a90e2"))
    assert "contrast van slechts 2,55:1" in " ".join(field_errors(dutch, "brand_colour"))


@pytest.mark.parametrize("colour", ["1d3f8f", "#1d3f8", "#1d3f8fa", "#12g45f", "blue", "rgb(0,0,0)"])
def test_anything_but_a_hex_colour_is_refused_next_to_the_field(login, operator_admin, operator_org, colour):
    response = login(operator_admin).post(PROFILE, operator_profile(brand_colour=colour))
    assert response.status_code == 200
    assert "six hexadecimal digits" in " ".join(field_errors(response, "brand_colour"))
    operator_org.refresh_from_db()
    assert operator_org.brand_colour == ""


def test_cleared_the_installations_colour_returns(login, operator_admin, dark_blue):
    client = login(operator_admin)
    assert theme_link(client.get("/en/operator/programme-operator/")) is not None
    assert client.post(PROFILE, operator_profile(brand_colour="")).status_code == 302
    dark_blue.refresh_from_db()
    assert dark_blue.brand_colour == ""
    assert Entry.objects.get(verb="organisation.updated").after == {"brand_colour": ""}
    assert theme_link(client.get("/en/operator/programme-operator/")) is None
    assert client.get("/operators/programme-operator/theme.css").status_code == 404


def test_the_profile_page_shows_the_colour_with_a_swatch(login, operator_admin, dark_blue):
    html = login(operator_admin).get(PROFILE).content.decode()
    assert 'name="brand_colour" value="#1d3f8f"' in html and 'class="colour-swatch"' in html


def test_employers_have_no_colour_field(login, coordinator):
    response = login(coordinator).get("/en/workspace/kreis-musterstadt/profile/")
    assert response.status_code == 200 and "brand_colour" not in response.context["form"].fields


@pytest.mark.parametrize("persona", ["auditor", "board_member"])
def test_operator_staff_who_are_not_admins_may_not_change_the_colour(request, login, operator_org, persona):
    client = login(request.getfixturevalue(persona))
    assert client.get(PROFILE).status_code == 403
    assert client.post(PROFILE, operator_profile(brand_colour="#1d3f8f")).status_code == 403
    assert put_colour(client, request.getfixturevalue(persona), "programme-operator", "#1d3f8f").status_code == 403
    assert Organisation.objects.get(pk=operator_org.pk).brand_colour == ""


def test_outsiders_and_another_operators_admin_cannot_change_the_colour(client, login, operator_org, outsider):
    other = OrganisationFactory(operator=True, name="Other Operator", slug="other-operator")
    other_admin = UserFactory(email="admin@other-operator.example")
    MembershipFactory(user=other_admin, organisation=other, role="operator_admin")
    for user in (outsider, other_admin):
        assert login(user).post(PROFILE, operator_profile(brand_colour="#1d3f8f")).status_code == 404
        assert put_colour(client, user, "programme-operator", "#1d3f8f").status_code == 404
    assert Organisation.objects.get(pk=operator_org.pk).brand_colour == ""
    assert not Entry.objects.filter(verb="organisation.updated").exists()


# --- Setting it through the API ------------------------------------------------------------


def test_the_api_sets_refuses_and_clears_the_colour(client, operator_admin, operator_org):
    response = put_colour(client, operator_admin, "programme-operator", "#A4161A")
    assert response.status_code == 200 and response.json()["brand_colour"] == "#a4161a"
    refused = put_colour(client, operator_admin, "programme-operator", "#4a90e2")
    assert refused.status_code == 422
    details = refused.json()["details"]
    assert details[0]["field"] == "brand_colour" and "2.55:1" in details[0]["message"]
    assert Organisation.objects.get(pk=operator_org.pk).brand_colour == "#a4161a"
    cleared = put_colour(client, operator_admin, "programme-operator", "")
    assert cleared.status_code == 200 and cleared.json()["brand_colour"] == ""
    assert Entry.objects.filter(verb="organisation.updated", organisation=operator_org).count() == 2


def test_an_employer_cannot_choose_a_colour(client, coordinator, employer_org):
    response = put_colour(client, coordinator, "kreis-musterstadt", "#1d3f8f")
    assert response.status_code == 404  # an employer has no colour, as no public logo address
    assert Organisation.objects.get(pk=employer_org.pk).brand_colour == ""


# --- Showing it ------------------------------------------------------------------------------


def test_the_operators_pages_carry_its_colour_and_others_do_not(
    client,
    login,
    operator_admin,
    coordinator,
    dark_blue,
    recognised,  # noqa: F811
):
    other = OrganisationFactory(operator=True, name="Other Operator", slug="other-operator")
    other_admin = UserFactory(email="admin@other-operator.example")
    MembershipFactory(user=other_admin, organisation=other, role="operator_admin")
    own_area = login(operator_admin).get("/en/operator/programme-operator/")
    assert theme_link(own_area)["slug"] == "programme-operator"
    css = stylesheet(client, own_area)
    assert "--kern-color-action-default: #1d3f8f;" in css and "--kern-color-action-visited: #1d3f8f;" in css
    programme = client.get("/nl/programmes/erkenning-mantelzorgvriendelijk/")
    assert programme.status_code == 200 and theme_link(programme)["slug"] == "programme-operator"
    # another operator's area, and a page of an installation that two operators share
    assert theme_link(login(other_admin).get("/en/operator/other-operator/")) is None
    assert theme_link(client.get("/en/")) is None
    assert theme_link(login(coordinator).get("/en/workspace/kreis-musterstadt/")) is None


def test_with_one_operator_every_page_carries_its_colour(client, dark_blue):
    assert theme_link(client.get("/en/"))["slug"] == "programme-operator"


def test_the_stylesheet_address_changes_with_the_colour_and_may_be_kept(client, login, operator_admin, dark_blue):
    admin = login(operator_admin)
    before = theme_link(admin.get("/en/operator/programme-operator/"))["href"]
    admin.post(PROFILE, operator_profile(brand_colour="#a4161a"))
    after = admin.get("/en/operator/programme-operator/")
    assert theme_link(after)["href"] != before
    assert "#a4161a" in stylesheet(client, after)
    served = client.get(theme_link(after)["href"])
    assert "public" in served["Cache-Control"] and "max-age=86400" in served["Cache-Control"]


def test_the_stylesheet_is_served_for_operators_with_a_colour_only(client, dark_blue, employer_org):
    Organisation.objects.filter(pk=employer_org.pk).update(brand_colour="#1d3f8f")
    assert client.get("/operators/kreis-musterstadt/theme.css").status_code == 404
    assert client.get("/operators/nobody/theme.css").status_code == 404
    assert client.post("/operators/programme-operator/theme.css").status_code == 405


def test_a_stored_value_that_is_no_colour_is_never_written_into_a_stylesheet(client, operator_org):
    Organisation.objects.filter(pk=operator_org.pk).update(brand_colour="red;}*")
    assert theme_link(client.get("/en/")) is None
    assert client.get("/operators/programme-operator/theme.css").status_code == 404


def test_the_content_security_policy_stays_as_it_was(client, login, operator_admin, operator_org):
    before = client.get("/en/")["Content-Security-Policy"]
    Organisation.objects.filter(pk=operator_org.pk).update(brand_colour="#1d3f8f")
    for response in (client.get("/en/"), login(operator_admin).get(PROFILE)):
        assert response["Content-Security-Policy"] == before
    assert "style-src 'self';" in before + ";" and "unsafe-inline" not in before and "nonce-" not in before
