"""A link that opens no survey (mistyped, cut off by a mail program) leads on to the page where
the code can be typed in, instead of ending at a message."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("language", "text"), [("de", "Zugangscode von Hand eingeben"), ("nl", "Toegangscode zelf invoeren")]
)
def test_an_unknown_link_offers_the_code_entry(client, language, text):
    response = client.get(f"/{language}/s/ABCDEFGHJKLM/")
    assert response.status_code == 404
    assert f'<a href="/{language}/s/">{text}</a>' in response.content.decode()
