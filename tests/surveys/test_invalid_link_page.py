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


@pytest.mark.parametrize(
    ("language", "text"), [("de", "wenn die Befragung beendet ist"), ("nl", "als het onderzoek is afgelopen")]
)
def test_an_invitation_opened_after_the_survey_ended_is_not_blamed_on_copying(
    client, open_survey, invite, coordinator, language, text
):
    """Closing erases the invitations, so their links are unknown afterwards; the page says that
    links stop working when a survey ends, not only that the link may be cut off."""
    from vereinbar.surveys.services.surveys import survey_close

    token = invite(open_survey, language=language)
    survey_close(actor=coordinator, survey=open_survey)
    response = client.get(f"/{language}/s/{token}/")
    assert response.status_code == 404
    assert text in response.content.decode()
