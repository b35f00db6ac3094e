"""The list of an organisation's cycles names the organisation in the window title, like every
other workspace page, so that tabs of two organisations can be told apart."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import translation

pytestmark = pytest.mark.django_db


def test_the_list_of_cycles_names_the_organisation_in_the_window_title(parties, employer_org, login):
    with translation.override("de"):
        url = reverse("workspace_cycles:list", args=[employer_org.slug])
    page = login(parties["coordinator"]).get(url).content.decode()
    assert "<title>Programme und Durchläufe – Kreis Musterstadt – vereinbar</title>" in page
