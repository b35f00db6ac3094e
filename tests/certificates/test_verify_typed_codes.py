"""The verification form takes a code as people type it, and says so at the field when a code
matches no award."""

from __future__ import annotations

import re

import pytest

from vereinbar.certificates.models import Award

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


def test_a_code_with_a_digit_read_for_its_letter_opens_the_award(award, client):
    """Codes have no 0, 1 or 8: one typed with them was read off the certificate wrongly (an O,
    an I or L, a B) and opens its award at the code's own address."""
    code = "OIBAK7QM4XPD6TRA"
    Award.objects.filter(pk=award.pk).update(verification_code=code)
    page = client.get("/de/verify/", {"code": "0-1-8AK7QM4XPD6TRA"}, follow=True)
    assert page.redirect_chain[-1][0] == f"/de/verify/{code}/?typed=018AK7QM4XPD6TRA"
    assert "Kreis Musterstadt" in page.content.decode()
    Award.objects.filter(pk=award.pk).update(verification_code="OLBAK7QM4XPD6TRA")
    assert (
        client.get("/nl/verify/018AK7QM4XPD6TRA/")["Location"] == "/nl/verify/OLBAK7QM4XPD6TRA/?typed=018AK7QM4XPD6TRA"
    )


@pytest.mark.parametrize(
    ("language", "said"),
    [
        ("de", "Sie haben <code>0I8AK7QM4XPD6TRA</code> eingegeben; wir haben <code>OIBAK7QM4XPD6TRA</code> geprüft."),
        (
            "nl",
            "U hebt <code>0I8AK7QM4XPD6TRA</code> ingevoerd; wij hebben <code>OIBAK7QM4XPD6TRA</code> gecontroleerd.",
        ),
        ("en", "You entered <code>0I8AK7QM4XPD6TRA</code>; we checked <code>OIBAK7QM4XPD6TRA</code>."),
    ],
)
def test_a_corrected_code_says_what_was_typed_and_what_was_checked(award, client, language, said):
    code = "OIBAK7QM4XPD6TRA"
    Award.objects.filter(pk=award.pk).update(verification_code=code)
    page = client.get(f"/{language}/verify/", {"code": "0i8a-k7qm-4xpd-6tra"}, follow=True)
    html = page.content.decode()
    assert page.redirect_chain[-1][0] == f"/{language}/verify/{code}/?typed=0I8AK7QM4XPD6TRA"
    assert said in html and 'class="kern-alert kern-alert--info verify-corrected"' in html
    # typed as it is, or a "typed" that is not a look-alike of the code (a link made up), says nothing
    assert (
        "verify-corrected"
        not in client.get(f"/{language}/verify/", {"code": code.lower()}, follow=True).content.decode()
    )
    assert "verify-corrected" not in client.get(f"/{language}/verify/{code}/?typed=AAAAAAAAAAAAAAAA").content.decode()


@pytest.mark.parametrize(
    ("language", "said"),
    [
        ("de", "Ein Prüfcode hat 16 Buchstaben und Ziffern; dieser hat 8."),
        ("nl", "Een verificatiecode heeft 16 letters en cijfers; deze heeft er 8."),
    ],
)
def test_a_code_of_the_wrong_length_says_how_long_a_code_is(client, language, said):
    html = client.get(f"/{language}/verify/", {"code": "K7QM-4XPD"}, follow=True).content.decode()
    message = re.search(r'id="id_code_error">([^<]*)<', html)
    assert message is not None and said in message.group(1)
    # a code of the right length that no award has is not told about its length
    other = client.get("/de/verify/AAAABBBBCCCCDDDD/").content.decode()
    assert "dieser hat" not in other
