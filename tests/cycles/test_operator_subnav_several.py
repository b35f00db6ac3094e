"""The operator sub-navigation on the cycle pages for members of one, of several and of no
operator organisation. As on /operator/: one operator's member is at home in its pages; a member
of several sees the sub-navigation of the operator in view (the cycle's), and on the platform-wide
pages the area's, whose "Overview" is /operator/ where they choose; a non-member sees none."""

from __future__ import annotations

import pytest
from django.template import Context, Template
from django.test import RequestFactory

from tests.cycles.test_operator_subnav import AWARDS, CYCLES, _navs
from tests.factories import MembershipFactory, OrganisationFactory

pytestmark = pytest.mark.django_db

AREA_SUBNAV = ["/en/operator/", CYCLES, AWARDS]


@pytest.fixture
def seven(operator_admin, operator_org):
    """operator_admin, member of operator_org and six more operators (the demo operator's case)."""
    others = [
        OrganisationFactory(operator=True, name=f"Operator {number}", slug=f"operator-{number}")
        for number in range(2, 8)
    ]
    for other in others:
        MembershipFactory(user=operator_admin, organisation=other, role="operator_admin")
    return [operator_org, *others]


def _organisation_subnav(slug: str) -> list[str]:
    base = f"/en/operator/{slug}/"
    return [base, base + "profile/", CYCLES, AWARDS, base + "members/", base + "history/"]


def test_a_member_of_one_operator_sees_its_subnav_on_the_list_and_a_cycle(login, operator_admin, audit, open_cycle):
    client = login(operator_admin)
    assert _navs(client.get(CYCLES)).links[:6] == _organisation_subnav("programme-operator")
    cycle = open_cycle(audit)
    assert _navs(client.get(f"{CYCLES}{cycle.pk}/")).links[:6] == _organisation_subnav("programme-operator")


def test_a_member_of_seven_operators_sees_the_subnav_of_the_cycles_operator(
    login, seven, operator_admin, audit, open_cycle
):
    cycle = open_cycle(audit)
    assert cycle.programme.operator == seven[0]
    subnav = _navs(login(operator_admin).get(f"{CYCLES}{cycle.pk}/"))
    assert subnav.links[:6] == _organisation_subnav(seven[0].slug)
    assert subnav.sections == [CYCLES]  # "Cycles" marks the section the cycle's page lies in


@pytest.mark.parametrize("path", ["", "awards/", "overview/"])
def test_a_member_of_seven_operators_sees_the_areas_subnav_on_platform_wide_pages(login, seven, operator_admin, path):
    subnav = _navs(login(operator_admin).get(CYCLES + path))
    assert subnav.links == AREA_SUBNAV
    expected = {"": ([[CYCLES]], []), "awards/": ([[AWARDS]], []), "overview/": ([[]], [CYCLES])}
    assert (subnav.navs, subnav.sections) == expected[path]


def test_the_areas_overview_is_the_chooser_of_operators(login, seven, operator_admin):
    html = login(operator_admin).get("/en/operator/").content.decode()
    assert all(f'href="/en/operator/{operator.slug}/"' in html for operator in seven)


def test_the_operator_in_view_counts_only_when_the_reader_is_its_member(rf_user_render, seven, operator_admin):
    stranger = OrganisationFactory(operator=True, name="Not Theirs", slug="not-theirs")
    assert rf_user_render(operator_admin, seven[3]) == seven[3].slug
    assert rf_user_render(operator_admin, stranger) == "area"
    assert rf_user_render(operator_admin, None) == "area"


def test_someone_of_no_operator_sees_no_operator_subnav(
    rf_user_render, login, coordinator, employer_org, operator_org, audit, open_cycle
):
    assert rf_user_render(coordinator, operator_org) == ""
    cycle = open_cycle(audit)
    page = login(coordinator).get(f"/en/workspace/{employer_org.slug}/cycles/{cycle.pk}/")
    links = _navs(page).links
    assert not any(link.startswith("/en/operator/") for link in links)
    assert _navs(login(coordinator).get(CYCLES)).navs == []  # the (empty) list: no subnav


@pytest.fixture
def rf_user_render():
    """What the tag answers for ``user`` with ``operator`` in view: a slug, "area" or ""."""
    template = Template(
        "{% load operator_home %}{% operator_home operator as home %}"
        '{% if home == "area" %}area{% elif home %}{{ home.slug }}{% endif %}'
    )

    def render(user, operator) -> str:
        request = RequestFactory().get("/en/operator/cycles/")
        request.user = user
        return template.render(Context({"request": request, "operator": operator}))

    return render
