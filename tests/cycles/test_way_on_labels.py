"""The reason field of a withheld award's way on is labelled like every other field: the label's
words, no colon after them."""

from __future__ import annotations

import re

import pytest

from tests.cycles.test_withheld_way_on import _page, withheld  # noqa: F401 (the fixture)

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("language", "who", "area", "label"),
    [
        ("de", "coordinator", "workspace", "Grund (optional)"),
        ("nl", "coordinator", "workspace", "Reden (niet verplicht)"),
        ("de", "operator", "operator", "Grund"),
        ("nl", "operator", "operator", "Reden"),
    ],
)
def test_the_reason_label_ends_without_a_colon(withheld, parties, login, language, who, area, label):  # noqa: F811
    text = _page(login(parties[who]), language, withheld, area).content.decode()
    shown = re.search(r'<label class="kern-label" for="reopen-reason-\d+">(.*?)</label>', text, re.S)
    assert shown is not None and shown.group(1).strip() == label
