"""The directory offers its open-data files for the employers found; a search that finds nobody
offers no empty files."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.django_db


def test_a_search_finding_nobody_offers_no_open_data_files(client, directory_of_three):
    found = client.get("/nl/").content.decode()
    body = found[found.index("<body") :]
    assert 'class="open-data"' in body
    assert 'href="/nl/directory.csv' in body and 'href="/nl/directory.json' in body
    nothing = client.get("/nl/", {"q": "Zwxqvbrt"}).content.decode()
    assert "0 werkgevers gevonden" in nothing
    assert 'class="open-data"' not in nothing
    body = nothing[nothing.index("<body") :]
    assert "directory.csv" not in body and "directory.json" not in body
