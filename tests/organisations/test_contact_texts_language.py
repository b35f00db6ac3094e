"""A contact's function is the employer's own words: on a page in another language than the
employer's it carries the employer's language (``lang``), so that screen readers read German
by German rules on the English or Dutch page; on a page in the same language it carries none."""

from __future__ import annotations

import pytest

from tests.organisations.factories import ContactFactory

pytestmark = pytest.mark.django_db

FUNCTION = "Steuert das Betriebliche Gesundheitsmanagement"


@pytest.mark.parametrize(
    ("language", "span"), [("en", '<span lang="de">'), ("nl", '<span lang="de">'), ("de", "<span>")]
)
def test_the_contacts_list_marks_a_german_function_on_other_pages(login, viewer, employer_org, language, span):
    ContactFactory(organisation=employer_org, name="Petra Schulte", function=FUNCTION)
    page = login(viewer).get(f"/{language}/workspace/kreis-musterstadt/contacts/").content.decode()
    assert f"{span}{FUNCTION}</span>" in page
