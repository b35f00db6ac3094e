"""A measure's start date on the public profile is one word: "(seit 30. September 2021)" does not
break between the day and the month on a phone (core's long_date: a <time> that keeps together)."""

from __future__ import annotations

from datetime import date

import pytest

from tests.directory.conftest import award_issue

pytestmark = pytest.mark.django_db


def test_a_measures_start_date_is_one_dated_word(client, leiderdorp, library_programme):
    erkenning = library_programme("erkenning-mantelzorgvriendelijk", show=["profile", "award", "measures"])
    award_issue(leiderdorp, erkenning, issued_on=date(2017, 2, 20), valid_until=date(2100, 2, 20))
    page = client.get("/de/employers/gemeente-leiderdorp/").content.decode()
    measures = page.split('id="measures-heading"')[1].split("</section>")[0]
    assert '(seit <time datetime="2021-09-30">30. September 2021</time>)' in measures
