"""The registration review page as an operator on a phone reads it after a mistake: the window
title says there is an error and the browser goes to the field that has it."""

from __future__ import annotations

import re

import pytest

from tests.organisations.test_registration import pending  # noqa: F401

pytestmark = pytest.mark.django_db


def test_a_rejection_without_a_reason_takes_the_operator_to_the_reason(login, operator_admin, pending):  # noqa: F811
    client = login(operator_admin)
    page = client.post(f"/de/operator/registrations/{pending.slug}/reject/", {"reason": " "}).content.decode()
    assert re.search(r"<title>\s*Fehler: " + re.escape(pending.name), page)
    reason = re.search(r"<textarea[^>]*name=\"reason\"[^>]*>", page)
    assert reason and "autofocus" in reason.group(0) and 'aria-invalid="true"' in reason.group(0)
    assert "Dieses Feld ist erforderlich." in page
    # the approve form, which was not sent, takes nothing
    assert "autofocus" not in re.search(r"<textarea[^>]*name=\"comment\"[^>]*>", page).group(0)


def test_the_review_page_has_a_plain_title_before_anything_is_sent(login, operator_admin, pending):  # noqa: F811
    page = login(operator_admin).get(f"/nl/operator/registrations/{pending.slug}/").content.decode()
    assert re.search(r"<title>\s*" + re.escape(pending.name), page) and "autofocus" not in page


def test_the_coordinator_is_named_with_an_address_to_write_to(login, operator_admin, pending):  # noqa: F811
    page = login(operator_admin).get(f"/nl/operator/registrations/{pending.slug}/").content.decode()
    assert 'Ria Registratie, <a href="mailto:ria@zorgzaam.example">ria@zorgzaam.example</a> – adres bevestigd' in page
    assert "&lt;ria@zorgzaam.example&gt;" not in page
