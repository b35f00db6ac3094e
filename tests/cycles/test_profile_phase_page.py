"""A programme's profile phase delivers the organisation's profile, which lives on another
page: the phase page says what the profile still lacks and, in the workspace, leads there,
so the coordinator does not mark the phase complete over an empty profile unawares."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.urls import reverse
from django.utils import translation

pytestmark = pytest.mark.django_db

AUDIT = Path(__file__).resolve().parents[2] / "library" / "programmes" / "audit-berufundfamilie.yaml"


@pytest.fixture
def profile_run(load_programme, open_cycle):
    cycle = open_cycle(load_programme(AUDIT))
    return cycle.phase_runs.get(phase__deliverable="profile")


def _page(login, user, run, area="workspace") -> str:
    slug = run.cycle.organisation.slug
    args = [slug, run.cycle.pk, run.pk] if area == "workspace" else [run.cycle.pk, run.pk]
    with translation.override("en"):
        url = reverse(f"{area}_cycles:phase", args=args)
    return login(user).get(url).content.decode()


def test_it_names_what_the_profile_lacks_and_leads_there(profile_run, parties, login):
    organisation = profile_run.cycle.organisation
    organisation.region = ""
    organisation.staff_count = None
    organisation.save()
    page = _page(login, parties["coordinator"], profile_run)
    assert "Still missing from the profile: description, region, number of staff." in page
    assert f'href="/en/workspace/{organisation.slug}/profile/"' in page


def test_a_complete_profile_is_said_to_be_complete(profile_run, parties, login):
    organisation = profile_run.cycle.organisation
    organisation.description = "A county administration with 1,600 staff."
    organisation.save()
    page = _page(login, parties["coordinator"], profile_run)
    assert "Still missing from the profile" not in page
    assert "The profile has a description, a region and the number of staff." in page


def test_the_operator_reads_the_gaps_without_a_workspace_link(profile_run, parties, login):
    page = _page(login, parties["operator"], profile_run, area="operator")
    assert "Still missing from the profile: description." in page
    assert "/workspace/" not in page.split('id="deliverable"')[1].split("</section>")[0]
