"""The main navigation marks the area a page belongs to: its start page as the page, every page
below it as the section, whichever app serves it (the operator's cycles, outbox, news, programmes;
the workspace's surveys, cycles, awards)."""

from __future__ import annotations

from html.parser import HTMLParser

import pytest

from tests.factories import MembershipFactory, OrganisationFactory

pytestmark = pytest.mark.django_db

OPERATOR = "/en/operator/"
WORKSPACE = "/en/workspace/"
OPERATOR_PAGES = [
    "cycles/",
    "cycles/awards/",
    "outbox/",
    "news/",
    "programmes/",
    "pages/",
    "catalogue/",
    "{org}/",
    "{org}/members/",
    "{org}/webhooks/",
]
WORKSPACE_PAGES = [
    "{org}/",
    "{org}/surveys/",
    "{org}/cycles/",
    "{org}/awards/",
    "{org}/offers/",
    "{org}/measures/",
    "{org}/webhooks/",
    "{org}/history/",
]


class _MainNav(HTMLParser):
    """The links of the main navigation by their aria-current value ("page", "true" or None)."""

    def __init__(self) -> None:
        super().__init__()
        self.current: dict[str, str | None] = {}
        self._inside = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        if tag == "nav" and "main-nav" in (found.get("class") or "").split():
            self._inside = True
        elif tag == "a" and self._inside:
            self.current[found.get("href") or ""] = found.get("aria-current")

    def handle_endtag(self, tag: str) -> None:
        if tag == "nav":
            self._inside = False


def _marked(client, path: str) -> dict[str, str]:
    """The main navigation's marked links on the page at ``path``: {href: aria-current}."""
    response = client.get(path)
    assert response.status_code == 200, (path, response.status_code)
    nav = _MainNav()
    nav.feed(response.content.decode())
    return {href: value for href, value in nav.current.items() if value}


@pytest.mark.parametrize("page", OPERATOR_PAGES)
def test_every_page_of_the_operator_area_marks_the_operator_area_as_its_section(
    login, operator_admin, operator_org, page
):
    path = OPERATOR + page.format(org=operator_org.slug)
    assert _marked(login(operator_admin), path) == {OPERATOR: "true"}


@pytest.mark.parametrize("page", WORKSPACE_PAGES)
def test_every_page_of_the_workspace_marks_the_workspace_as_its_section(login, coordinator, employer_org, page):
    path = WORKSPACE + page.format(org=employer_org.slug)
    assert _marked(login(coordinator), path) == {WORKSPACE: "true"}


def test_an_areas_start_page_is_marked_as_the_page(login, operator_admin, coordinator):
    # with one organisation the start page leads straight to it; with two it lists them
    MembershipFactory(user=operator_admin, organisation=OrganisationFactory(operator=True), role="operator_admin")
    MembershipFactory(user=coordinator, organisation=OrganisationFactory(), role="coordinator")
    assert _marked(login(operator_admin), OPERATOR) == {OPERATOR: "page"}
    assert _marked(login(coordinator), WORKSPACE) == {WORKSPACE: "page"}


@pytest.mark.parametrize("language", ["de", "nl"])
def test_the_area_is_found_under_each_language_prefix(login, operator_admin, language):
    start = f"/{language}/operator/"
    assert _marked(login(operator_admin), f"{start}cycles/") == {start: "true"}


def test_pages_outside_the_areas_do_not_mark_them(login, operator_admin):
    client = login(operator_admin)
    assert _marked(client, "/en/news/") == {"/en/news/": "page"}
    assert _marked(client, "/en/accounts/") == {"/en/accounts/": "page"}


def test_the_two_factor_page_marks_my_account_as_the_page(login, coordinator):
    # allauth's second-factor pages are the account's, though another app serves them
    assert _marked(login(coordinator), "/de/accounts/2fa/") == {"/de/accounts/": "page"}
