"""The seal on a public profile is drawn in its own proportions and size, so that its text can
be read beside the award (a square box shrank the wide seal to a strip of tiny letters), and its
alternative text names the programme and the status it shows."""

from __future__ import annotations

import re
from datetime import date
from html import unescape

import pytest

from tests.directory.conftest import award_issue
from vereinbar.certificates.seal import SEAL_HEIGHT, SEAL_WIDTH

pytestmark = pytest.mark.django_db


def test_the_profile_draws_the_seal_at_the_seals_own_size(client, leiderdorp, library_programme):
    erkenning = library_programme("erkenning-mantelzorgvriendelijk", show=["profile", "award"])
    award = award_issue(leiderdorp, erkenning, issued_on=date(2017, 2, 20), valid_until=date(2100, 2, 20))
    page = client.get("/nl/employers/gemeente-leiderdorp/").content.decode()
    image = re.search(r'<img class="award-seal"[^>]*>', page)
    assert image is not None and f"/nl/verify/{award.verification_code}/seal.svg" in image.group()
    assert f'width="{SEAL_WIDTH}" height="{SEAL_HEIGHT}"' in image.group()
    svg = client.get(f"/nl/verify/{award.verification_code}/seal.svg").content.decode()
    assert f'width="{SEAL_WIDTH}" height="{SEAL_HEIGHT}"' in svg


def test_the_seal_tells_a_screen_reader_what_it_shows(client, leiderdorp, library_programme):
    erkenning = library_programme("erkenning-mantelzorgvriendelijk", show=["profile", "award"])
    award_issue(leiderdorp, erkenning, issued_on=date(2017, 2, 20), valid_until=date(2100, 2, 20))
    for language, alt in [
        ("nl", "Keurmerk Erkenning ‘Wij werken mantelzorgvriendelijk’: Geldig"),
        ("de", "Siegel Anerkennung „Wij werken mantelzorgvriendelijk“"),
    ]:
        page = client.get(f"/{language}/employers/gemeente-leiderdorp/").content.decode()
        image = re.search(r'<img class="award-seal"[^>]*\balt="([^"]*)"', page)
        assert image is not None and unescape(image.group(1)).startswith(alt), language
