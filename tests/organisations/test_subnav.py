"""The organisation's sub-navigation marks the page being shown, and only that one."""

from __future__ import annotations

from html.parser import HTMLParser

import pytest

from tests.organisations.factories import UnitFactory

pytestmark = pytest.mark.django_db

OPERATOR_PAGES = ["", "profile/", "members/", "history/", "webhooks/"]
WORKSPACE_PAGES = [
    "",
    "profile/",
    "cycles/",
    "awards/",
    "surveys/",
    "units/",
    "contacts/",
    "measures/",
    "practice-report/",
    "offers/",
    "members/",
    "history/",
    "webhooks/",
]


class _SubNav(HTMLParser):
    """The sub-navigations on a page and, for each, the links marked as the current page."""

    def __init__(self) -> None:
        super().__init__()
        self.navs: list[list[str]] = []
        self.sections: list[str] = []  # links marked aria-current="true": the section of a page below
        self.links: list[str] = []
        self._open = 0  # depth of <nav> elements while inside a sub-navigation

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        if tag == "nav" and (self._open or "subnav" in (found.get("class") or "").split()):
            if not self._open:
                self.navs.append([])
            self._open += 1
        elif tag == "a" and self._open:
            self.links.append(found.get("href") or "")
            if found.get("aria-current") == "page":
                self.navs[-1].append(found.get("href") or "")
            elif found.get("aria-current") == "true":
                self.sections.append(found.get("href") or "")

    def handle_endtag(self, tag: str) -> None:
        if tag == "nav" and self._open:
            self._open -= 1


def _parsed(response) -> _SubNav:
    assert response.status_code == 200, response.status_code
    parser = _SubNav()
    parser.feed(response.content.decode())
    assert len(parser.navs) == 1, "the page has one organisation sub-navigation"
    return parser


def _current_links(response) -> list[str]:
    return _parsed(response).navs[0]


@pytest.mark.parametrize("page", OPERATOR_PAGES)
def test_the_operators_subnav_marks_the_page_itself(login, operator_admin, operator_org, page):
    path = f"/en/operator/{operator_org.slug}/{page}"
    assert _current_links(login(operator_admin).get(path)) == [path]


@pytest.mark.parametrize("page", WORKSPACE_PAGES)
def test_the_workspace_subnav_marks_the_page_itself(login, coordinator, employer_org, page):
    path = f"/en/workspace/{employer_org.slug}/{page}"
    assert _current_links(login(coordinator).get(path)) == [path]


def test_a_page_below_an_item_marks_its_section_but_not_as_the_page(login, coordinator, employer_org):
    unit = UnitFactory(organisation=employer_org, name="Personal")
    subnav = _parsed(login(coordinator).get(f"/en/workspace/{employer_org.slug}/units/{unit.pk}/"))
    assert subnav.navs[0] == []
    assert subnav.sections == [f"/en/workspace/{employer_org.slug}/units/"]


def test_the_profile_item_is_only_for_those_who_may_edit_the_profile(login, viewer, employer_org):
    subnav = _parsed(login(viewer).get(f"/en/workspace/{employer_org.slug}/"))
    assert f"/en/workspace/{employer_org.slug}/" in subnav.links
    assert f"/en/workspace/{employer_org.slug}/profile/" not in subnav.links
