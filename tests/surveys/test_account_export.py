"""A survey invitation names the person by e-mail address: it is part of their account's data
export (surveys registers it with accounts.privacy)."""

from __future__ import annotations

import io
import json
import zipfile

import pytest

from vereinbar.accounts.privacy import account_data_export
from vereinbar.surveys import tokens
from vereinbar.surveys.models import SurveyInvitation

pytestmark = pytest.mark.django_db


def test_the_account_export_holds_the_survey_invitations_sent_to_the_persons_address(open_survey, contributor):
    nonce = tokens.new_nonce()
    SurveyInvitation.objects.create(
        survey=open_survey,
        email=contributor.email.upper(),
        language="de",
        nonce=nonce,
        token_hash=tokens.token_hash(tokens.email_token(nonce)),
    )
    document = json.loads(zipfile.ZipFile(io.BytesIO(account_data_export(user=contributor))).read("account.json"))
    invitations = document["data"]["surveys.surveyinvitation"]
    assert [row["survey_id"] for row in invitations] == [open_survey.pk]
    assert "nonce" not in invitations[0] and "token_hash" not in invitations[0]
