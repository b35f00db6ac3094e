"""What frames the staff offers page opened by its link: the staff reading it have no account, so
its header leads nowhere away (no sign-in, no directory), as on a survey's steps, while its
language switch stays on the same page, secret link and all. Members keep the site's header."""

from __future__ import annotations

import re

import pytest

from vereinbar.organisations.services import organisation_offers_link_rotate

pytestmark = pytest.mark.django_db


def _header(html: str) -> str:
    return html.split('<header class="site-header">', 1)[1].split("</header>", 1)[0]


@pytest.fixture
def token(catalogue, employer_org, coordinator):
    return organisation_offers_link_rotate(actor=coordinator, organisation=employer_org)


@pytest.mark.parametrize("language", ["de", "nl", "en"])
def test_the_page_by_its_link_has_the_sites_name_and_the_language_switch_only(client, token, language):
    html = client.get(f"/{language}/offers/{token}/").content.decode()
    header = _header(html)
    assert 'class="main-nav"' not in header and "/accounts/login/" not in html
    assert '<span class="brand">vereinbar</span>' in header and 'class="brand" href' not in header
    assert html.index('class="skip-link kern-link" href="#main"') < html.index("<header")


def test_switching_the_language_keeps_the_reader_on_the_page_of_the_link(client, token):
    header = _header(client.get(f"/de/offers/{token}/").content.decode())
    switch = dict(re.findall(r'<a href="([^"]*)" hreflang="([a-z]+)"', header))
    assert {language: address for address, language in switch.items()} == {
        "de": f"/de/offers/{token}/",
        "nl": f"/nl/offers/{token}/",
        "en": f"/en/offers/{token}/",
    }
    dutch = client.get(f"/nl/offers/{token}/")
    assert dutch.status_code == 200 and "Aanbod voor medewerkers van Kreis Musterstadt" in dutch.content.decode()


def test_members_keep_the_sites_header_on_the_page_in_their_workspace(login, viewer, token):
    header = _header(login(viewer).get("/en/workspace/kreis-musterstadt/offers/").content.decode())
    assert 'class="main-nav"' in header and 'class="brand" href' in header


def test_the_page_by_its_link_says_how_to_find_it_again_and_members_are_not_told(client, login, viewer, token):
    hint = "Um diese Seite wiederzufinden, bewahren Sie ihre Adresse auf"
    assert hint in client.get(f"/de/offers/{token}/").content.decode()
    assert hint not in login(viewer).get("/de/workspace/kreis-musterstadt/offers/").content.decode()
