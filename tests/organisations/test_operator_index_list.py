"""The operator area's home lists the reader's organisations as people sort names (a lower-case
"berufundfamilie" among the Bs, not after "Werk&Mantelzorg") and marks a made-up one as an
example, as the employers list does."""

from __future__ import annotations

import re

import pytest

from tests.factories import MembershipFactory, OrganisationFactory

pytestmark = pytest.mark.django_db


def test_the_operators_organisations_are_in_alphabetical_order_and_examples_marked(login, operator_org, operator_admin):
    for name, example in (
        ("Werk&Mantelzorg", False),
        ("berufundfamilie Service GmbH", False),
        ("Institut Lindenau", True),
    ):
        organisation = OrganisationFactory(operator=True, name=name, is_example=example)
        MembershipFactory(user=operator_admin, organisation=organisation, role="operator_admin")
    page = login(operator_admin).get("/de/operator/").content.decode()
    cards = re.findall(r'<li class="kern-card"><div class="kern-card__container"><h3>(.*?)</h3>', page)
    names = [re.sub(r"<[^>]+>", "", card).replace("Beispiel", "").replace("&amp;", "&").strip() for card in cards]
    assert names == ["berufundfamilie Service GmbH", "Institut Lindenau", "Programme Operator Ltd", "Werk&Mantelzorg"]
    assert [("Beispiel" in card) for card in cards] == [False, True, False, False]
