"""A charter has no end and its programme publishes neither an end nor the start of a run, but it
does publish the day of the signing: the seal says that day on the line where other awards say
how long they hold (it was left blank), as the profile says it beside the seal."""

from __future__ import annotations

import re
from datetime import date

import pytest

from tests.directory.conftest import award_issue

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("directory_today")]

SHIPPED = ["profile", "award", "awarded_on", "measures"]  # as the programme file


def seal_words(client, code: str, language: str) -> str:
    svg = client.get(f"/{language}/verify/{code}/seal.svg").content.decode()
    return " ".join(re.sub(r"<[^>]+>", " ", svg).split())


@pytest.mark.parametrize(
    ("language", "said"),
    [
        ("de", "Charta unterzeichnet am 21.08.2025"),
        ("nl", "Handvest ondertekend op 21-8-2025"),
        ("en", "Charter signed on 21/08/2025"),
    ],
)
def test_a_charter_seal_says_the_day_of_the_signing(client, leiderdorp, library_programme, language, said):
    charter = library_programme("charta-vereinbarkeit-beruf-pflege-nrw", show=SHIPPED)
    award = award_issue(leiderdorp, charter, issued_on=date(2025, 8, 21), valid_until=None)
    svg = client.get(f"/{language}/verify/{award.verification_code}/seal.svg").content.decode()
    drawn = re.findall(r"<text[^>]*>([^<]*)</text>", svg)
    assert said in drawn  # a line of its own, under the stage
    assert said in seal_words(client, award.verification_code, language)  # and in the description


def test_a_charter_seal_keeps_a_day_its_programme_withholds_to_itself(client, leiderdorp, library_programme):
    charter = library_programme("charta-vereinbarkeit-beruf-pflege-nrw", show=["profile", "award", "measures"])
    award = award_issue(leiderdorp, charter, issued_on=date(2025, 8, 21), valid_until=None)
    said = seal_words(client, award.verification_code, "de")
    assert "2025" not in said and "unterzeichnet" not in said
