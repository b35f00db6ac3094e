"""The verification form takes a code as people type it, and says so at the field when a code
matches no award."""

from __future__ import annotations

import re

import pytest

pytestmark = pytest.mark.django_db


def test_a_code_typed_in_lower_case_with_dashes_opens_the_award(award, client):
    code = award.verification_code
    typed = "-".join(code[i : i + 4] for i in range(0, len(code), 4)).lower()
    page = client.get("/de/verify/", {"code": f" {typed} "}, follow=True)
    assert page.redirect_chain[-1][0] == f"/de/verify/{code}/"
    assert "Kreis Musterstadt" in page.content.decode()


@pytest.mark.parametrize("typed", ["a/b", "///", "K7QM/4XPD"])
def test_a_code_with_a_slash_is_not_found_instead_of_failing(client, typed):
    page = client.get("/de/verify/", {"code": typed}, follow=True)
    assert page.status_code == 404
    assert "Zu diesem Prüfcode gibt es keine Auszeichnung" in page.content.decode()


def test_the_message_of_an_unknown_code_belongs_to_the_field(client):
    html = client.get("/de/verify/AAAABBBBCCCCDDDD/").content.decode()
    field = re.search(r'<input[^>]*id="id_code"[^>]*>', html)
    assert field is not None
    assert 'aria-invalid="true"' in field.group()
    assert 'aria-describedby="id_code_hint id_code_error"' in field.group()
    assert 'value="AAAABBBBCCCCDDDD"' in field.group()
    message = re.search(r'id="id_code_error">([^<]*)<', html)
    assert message is not None and "keine Auszeichnung" in message.group(1)
    # the empty form asks without an error
    empty = client.get("/de/verify/").content.decode()
    assert "aria-invalid" not in empty and "keine Auszeichnung" not in empty
