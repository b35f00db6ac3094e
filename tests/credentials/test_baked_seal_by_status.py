"""The seal with the credential inside (/credentials/<code>.svg) asked for directly, by anyone
(no login), follows the pages' rule (``certificates.seal.baked_seal_offered``): only a valid
award's is served. A revoked, expired or replaced award gets 410 Gone with a page in the asked
language saying what became of the award and linking to its verification page, which still tells
the truth; a code no award has (an award the rules withheld was never issued) gets 404."""

from __future__ import annotations

import re
from datetime import date

import pytest
import time_machine

from tests.factories import award_renewal
from vereinbar.certificates.models import Award
from vereinbar.certificates.services import award_revoke

pytestmark = pytest.mark.django_db

VALID_DAY = "2026-01-01 12:00Z"  # the award fixture is valid from 10 March 2025 to 10 March 2027


def baked(client, award: Award, language: str):
    return client.get(f"/credentials/{award.verification_code}.svg?lang={language}")


def text(response) -> str:
    """The page as read: without tags."""
    return re.sub(r"<[^>]+>", "", response.content.decode())


@time_machine.travel(VALID_DAY, tick=False)
def test_a_valid_award_s_seal_is_served_with_its_credential_inside(award, client):
    response = baked(client, award, "de")

    assert response.status_code == 200 and response["Content-Type"].startswith("image/svg+xml")
    assert b"<openbadges:credential>" in response.content


@time_machine.travel(VALID_DAY, tick=False)
@pytest.mark.parametrize(
    ("language", "said", "why"),
    [
        (
            "de",
            "Der Programmträger hat diese Anerkennung am 1. Dezember 2025 widerrufen.",
            "Ein Siegel mit dem Nachweis darin wird nicht angeboten",
        ),
        (
            "nl",
            "De programma-uitvoerder heeft deze erkenning op 1 december 2025 ingetrokken.",
            "Er wordt geen keurmerk met het bewijs erin aangeboden",
        ),
    ],
)
def test_a_revoked_award_s_seal_is_gone_and_the_page_says_it_was_revoked(
    award, operator_admin, client, language, said, why
):
    award_revoke(actor=operator_admin, award=award, reason="Falsified audit.", revoked_on=date(2025, 12, 1))

    response = baked(client, award, language)
    page = response.content.decode()

    assert response.status_code == 410 and response["Content-Type"].startswith("text/html")
    assert response["Content-Language"] == language and f'<html lang="{language}"' in page
    assert said in text(response) and why in page and "<openbadges:credential>" not in page
    verify = f"/{language}/verify/{award.verification_code}/"
    assert f'href="{verify}"' in page
    assert said in text(client.get(verify))  # the verification page tells the same


@pytest.mark.parametrize(
    ("language", "said"),
    [
        ("de", "Diese Anerkennung war bis zum 10. März 2027 gültig und ist abgelaufen."),
        ("nl", "Deze erkenning was geldig tot en met 10 maart 2027 en is verlopen."),
    ],
)
def test_an_expired_award_s_seal_is_gone_from_the_day_after_its_validity(award, client, language, said):
    with time_machine.travel("2027-03-10 12:00Z", tick=False):
        assert baked(client, award, language).status_code == 200
    with time_machine.travel("2027-03-11 12:00Z", tick=False):  # expired, before any task marks it
        response = baked(client, award, language)

    assert response.status_code == 410 and said in text(response)
    assert "<openbadges:credential>" not in response.content.decode()


@time_machine.travel(VALID_DAY, tick=False)
def test_a_replaced_award_s_seal_is_gone_and_the_page_says_it_was_replaced(award, client):
    renewal = award_renewal(award, number="2026-00001", issued_on=date(2025, 12, 1), valid_until=date(2028, 12, 1))

    response = baked(client, award, "nl")
    page = response.content.decode()

    assert response.status_code == 410 and "Deze erkenning is vervangen door een nieuwere." in page
    assert "<openbadges:credential>" not in page
    assert baked(client, renewal, "nl").status_code == 200  # the renewal's own seal is served


def test_a_code_no_award_has_is_not_found(award, client):
    assert client.get("/credentials/AAAAAAAAAAAAAAAA.svg").status_code == 404
