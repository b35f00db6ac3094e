"""In the operator area, the organisation's "Cycles" item leads to the platform-wide list of
cycles: that list marks it as the page, the pages below it (a cycle's pages) as their section, as
the organisation's own pages mark theirs. The awards list is an item of its own beside it."""

from __future__ import annotations

import pytest

from tests.factories import MembershipFactory, OrganisationFactory
from tests.organisations.test_subnav import _SubNav

pytestmark = pytest.mark.django_db

CYCLES = "/en/operator/cycles/"
AWARDS = CYCLES + "awards/"


def _navs(response) -> _SubNav:
    assert response.status_code == 200, response.status_code
    parser = _SubNav()
    parser.feed(response.content.decode())
    return parser


def test_the_cycles_list_shows_the_operators_subnav_with_cycles_as_the_page(login, operator_admin, operator_org):
    subnav = _navs(login(operator_admin).get(CYCLES))
    assert subnav.navs[0] == [CYCLES]
    assert f"/en/operator/{operator_org.slug}/" in subnav.links


@pytest.mark.parametrize("path", ["awards/", "awards/?status=expired"])
def test_the_awards_list_is_its_own_item_not_a_page_of_cycles(login, operator_admin, path):
    subnav = _navs(login(operator_admin).get(CYCLES + path))
    # the item carries the list as it was left (?status=expired): the list, not a page of cycles
    assert [href.split("?")[0] for href in subnav.navs[0]] == [AWARDS]
    assert subnav.sections == []


def test_a_cycles_page_marks_cycles_as_its_section_above_its_own_navigation(login, operator_admin, audit, open_cycle):
    cycle = open_cycle(audit)
    subnav = _navs(login(operator_admin).get(f"{CYCLES}{cycle.pk}/"))
    assert subnav.sections == [CYCLES]
    assert subnav.navs == [[], [f"{CYCLES}{cycle.pk}/"]]  # the organisation's, then the cycle's


def test_the_operators_own_pages_do_not_mark_cycles(login, operator_admin, operator_org):
    subnav = _navs(login(operator_admin).get(f"/en/operator/{operator_org.slug}/members/"))
    assert CYCLES in subnav.links and CYCLES not in subnav.navs[0] and subnav.sections == []


def test_a_reader_of_several_operators_gets_the_areas_subnav_not_a_guessed_operator(login, operator_admin):
    second = OrganisationFactory(operator=True, name="Second Operator", slug="second-operator")
    MembershipFactory(user=operator_admin, organisation=second, role="operator_admin")
    subnav = _navs(login(operator_admin).get(CYCLES))
    assert subnav.navs == [[CYCLES]] and subnav.links == ["/en/operator/", CYCLES, AWARDS]  # the chooser, then lists
