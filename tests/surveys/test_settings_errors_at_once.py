"""A survey's settings form names every mistake in one round: a field period that ends before
it starts, or a comment threshold below the group threshold, beside a too small group size,
not only once that is put right. Nothing is saved."""

from __future__ import annotations

import pytest
from django.urls import reverse

from vereinbar.surveys.models import Survey

pytestmark = pytest.mark.django_db

ENDS_EARLY = "The field period cannot end before it starts."
COMMENTS_BELOW = "The minimum group size for comments cannot be below the minimum group size."


def test_it_names_the_dates_and_the_group_size_at_once(client, coordinator, employer_org, instrument_version):
    client.force_login(coordinator)
    response = client.post(
        reverse("surveys:create", args=[employer_org.slug]),
        {
            "languages": ["de"],
            "title_de": "Beschäftigtenbefragung 2027",
            "instrument_version": instrument_version.pk,
            "opens_on": "2027-02-10",
            "closes_on": "2027-02-01",
            "min_group_size": "2",
            "min_group_size_comments": "10",
        },
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert ENDS_EARLY in page
    assert "At least 5" in page
    assert not Survey.objects.filter(organisation=employer_org).exists()


def test_it_names_a_comment_threshold_below_the_group_size(client, coordinator, employer_org, instrument_version):
    client.force_login(coordinator)
    response = client.post(
        reverse("surveys:create", args=[employer_org.slug]),
        {
            "languages": ["de"],
            "title_de": "",
            "instrument_version": instrument_version.pk,
            "min_group_size": "8",
            "min_group_size_comments": "6",
        },
    )
    page = response.content.decode()
    assert COMMENTS_BELOW in page
    assert "Give the survey a title" in page
    assert not Survey.objects.filter(organisation=employer_org).exists()
