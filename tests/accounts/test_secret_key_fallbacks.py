"""A change of the installation secret with the old one kept among the fallbacks
(docs/deployment.md, "Rotating the secret key") signs nobody out and keeps the links mailed
before; once the old one is dropped, sessions end."""

from __future__ import annotations

import pytest
from django.contrib.auth.tokens import default_token_generator

pytestmark = pytest.mark.django_db


def _signed_in(client) -> bool:
    response = client.get("/de/workspace/")
    return response.status_code in (200, 302) and "/accounts/login/" not in response.get("Location", "")


def test_the_old_secret_as_fallback_keeps_sessions_and_reset_links(login, coordinator, settings):
    client = login(coordinator)
    assert _signed_in(client)
    reset = default_token_generator.make_token(coordinator)

    settings.SECRET_KEY_FALLBACKS = [settings.SECRET_KEY]
    settings.SECRET_KEY = "the installation's new secret"

    assert _signed_in(client)
    assert default_token_generator.check_token(coordinator, reset)


def test_without_the_old_secret_sessions_end(login, coordinator, settings):
    client = login(coordinator)
    assert _signed_in(client)

    settings.SECRET_KEY = "the installation's new secret"

    assert not _signed_in(client)
