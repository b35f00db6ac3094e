"""The verification form's hint gives an example code; in German "z. B." before it stays on one
line (a no-break space): on a phone "z." ended one line and "B. K7QM…" began the next."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.django_db


def test_the_german_example_code_is_not_broken_after_z(client):
    page = client.get("/de/verify/").content.decode()
    assert "Ziffern, z.\u00a0B. K7QM4XPD6TRA2BCE." in page
