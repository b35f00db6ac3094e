"""A programme that withholds the dates of its awards: the profile sums up a run of renewals in one
line ("Recognised since 20 February 2017, renewed 3 times") instead of listing undated rows, and
never shows a date the programme's ``publication.show`` leaves out. One small fixture per setting:
the shipped recognition programme with its ``show`` list changed."""

from __future__ import annotations

import itertools
import re
from datetime import date

import pytest

from tests.directory.conftest import award_issue, renewed
from tests.directory.test_public_history import history
from vereinbar.certificates.models import AwardStatus

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("directory_today")]

ISSUED = [date(2017, 2, 20), date(2020, 2, 20), date(2023, 2, 20), date(2026, 2, 20)]


def recognise(organisation, programme, days=ISSUED):
    """A run of awards, each renewing the one before (the stage's 36 months each)."""
    awards = [
        award_issue(organisation, programme, issued_on=day, stage="erkenning" if n == 0 else "hererkenning")
        for n, day in enumerate(days)
    ]
    for old, new in itertools.pairwise(awards):
        renewed(old, new)
    return awards


def awards_part(client, language="en") -> str:
    page = client.get(f"/{language}/employers/gemeente-leiderdorp/").content.decode()
    part = page[page.index('id="awards-heading"') : page.index("</section>", page.index('id="awards-heading"'))]
    return " ".join(re.sub(r"<[^>]+>", " ", part).split())


def years(text: str) -> set[str]:
    return set(re.findall(r"\b20\d\d\b", text))


@pytest.mark.parametrize(
    ("show", "says", "shown_years"),
    [
        (["profile", "award", "first_awarded_on"], "Recognised since 20 February 2017, renewed 3 times", {"2017"}),
        (["profile", "award"], "Renewed 3 times", set()),
        (["profile", "award", "valid_until"], "Renewed 3 times Valid until 20 February 2029", {"2029"}),
        (
            ["profile", "award", "level", "first_awarded_on", "valid_until"],
            "Recognised since 20 February 2017, renewed 3 times Valid until 20 February 2029",
            {"2017", "2029"},
        ),
    ],
)
def test_undated_renewals_are_one_line_with_only_the_published_dates(
    client, leiderdorp, library_programme, show, says, shown_years
):
    recognise(leiderdorp, library_programme("erkenning-mantelzorgvriendelijk", show=show))
    text = awards_part(client)
    assert says in text
    assert history(client.get("/en/employers/gemeente-leiderdorp/").content.decode()) == []  # no undated rows
    assert years(text) == shown_years  # nothing the programme withholds


def test_dated_renewals_keep_one_row_each(client, leiderdorp, library_programme):
    programme = library_programme("erkenning-mantelzorgvriendelijk", show=["profile", "award", "awarded_on"])
    recognise(leiderdorp, programme)
    page = client.get("/en/employers/gemeente-leiderdorp/").content.decode()
    assert "Recognised on 20 February 2026" in page and "renewed 3 times" not in page
    assert history(page) == [
        "Renewed recognition In force since 20 February 2026",
        "Renewed recognition Renewed 20 February 2023 – 20 February 2026",
        "Renewed recognition Renewed 20 February 2020 – 20 February 2023",
        "Recognition Renewed 20 February 2017 – 20 February 2020",
    ]
    assert "2029" not in awards_part(client)  # valid_until is not published


def test_a_lapsed_run_is_one_history_line_from_its_first_award(client, leiderdorp, library_programme):
    programme = library_programme("erkenning-mantelzorgvriendelijk", show=["profile", "award", "first_awarded_on"])
    *_earlier, last = recognise(leiderdorp, programme, days=ISSUED[:2])
    last.status = AwardStatus.EXPIRED
    last.save(update_fields=["status"])
    page = client.get("/en/employers/gemeente-leiderdorp/").content.decode()
    assert "No current award" in page
    assert history(page) == ["Renewed recognition Expired from 20 February 2017, renewed once"]
    assert years(awards_part(client)) == {"2017"}


def test_a_revoked_award_is_not_summed_up_with_the_run_before_it(client, leiderdorp, library_programme, operator_admin):
    from vereinbar.certificates.services import award_revoke

    programme = library_programme("erkenning-mantelzorgvriendelijk", show=["profile", "award", "first_awarded_on"])
    awards = recognise(leiderdorp, programme, days=ISSUED[:3])
    award_issue(leiderdorp, programme, issued_on=date(2025, 6, 1))  # listed through a fresh run
    award_revoke(actor=operator_admin, award=awards[-1], reason="Onjuiste gegevens")
    entries = history(client.get("/en/employers/gemeente-leiderdorp/").content.decode())
    assert entries == [
        "Recognition In force since 1 June 2025",
        "Renewed recognition Revoked",
        "Renewed recognition Renewed from 20 February 2017, renewed once",
    ]


@pytest.mark.parametrize(
    ("language", "says"),
    [
        ("nl", "Erkend sinds 20 februari 2017, 3 keer verlengd"),
        ("de", "Anerkannt seit 20. Februar 2017, 3-mal verlängert"),
    ],
)
def test_the_summary_reads_in_the_visitors_language(client, leiderdorp, library_programme, language, says):
    programme = library_programme("erkenning-mantelzorgvriendelijk", show=["profile", "award", "first_awarded_on"])
    recognise(leiderdorp, programme)
    assert says in awards_part(client, language)
