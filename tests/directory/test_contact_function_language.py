"""A public contact's function is the employer's own words: on the public profile in another
language than the employer's it carries the employer's language (``lang``)."""

from __future__ import annotations

import pytest

from vereinbar.organisations.models import Contact

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("language", "span"), [("de", '<span lang="nl">'), ("en", '<span lang="nl">'), ("nl", "<span>")]
)
def test_the_public_profile_marks_a_dutch_function_on_other_pages(client, recognised, language, span):
    Contact.objects.filter(name="Anna Mantel").update(function="Aanspreekpunt voor mantelzorgers")
    page = client.get(f"/{language}/employers/gemeente-leiderdorp/").content.decode()
    assert f"{span}Aanspreekpunt voor mantelzorgers</span>" in page
