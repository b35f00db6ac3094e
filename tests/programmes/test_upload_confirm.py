"""Loading a new version of a programme that is already loaded waits for the operator's yes, after
showing what changes and which cycles stay on their version; problems are listed with their line."""

from __future__ import annotations

import re

import pytest

from tests.programmes.conftest import BROKEN, load
from tests.programmes.test_pages import KEY, upload, url
from vereinbar.programmes.models import Programme, ProgrammeVersion


def _second(example_text: str) -> str:
    changed = example_text.replace('version: "2025.1"', 'version: "2025.2"', 1)
    return changed.replace("Flexible working time", "Flexible hours")


@pytest.fixture
def first_loaded(db, operator_org, example_text):
    return load(example_text, operator_slug=operator_org.slug).version


def test_a_new_version_is_shown_with_its_changes_and_stored_only_when_confirmed(
    login, operator_admin, first_loaded, example_text
):
    client = login(operator_admin)
    response = upload(client, _second(example_text))
    page = response.content.decode()
    assert response.status_code == 200
    assert "Load version 2025.2?" in page
    assert "Flexible working time" in page and "Flexible hours" in page
    assert "becomes the current version in place of 2025.1" in page
    assert ProgrammeVersion.objects.count() == 1  # nothing stored before the yes
    source = re.search(r'name="source" value="([^"]*)"', page).group(1)
    filename = re.search(r'name="filename" value="([^"]*)"', page).group(1)
    confirmed = client.post(url("upload"), {"source": source, "filename": filename, "operator": ""})
    assert confirmed.status_code == 302
    assert confirmed["Location"] == url("version", KEY, "2025.2")
    assert Programme.objects.get().current_version.version == "2025.2"
    assert ProgrammeVersion.objects.get(version="2025.2").source_name == "example.yaml"


def test_the_first_version_of_a_programme_loads_without_a_question(login, operator_admin, operator_org, example_text):
    response = upload(login(operator_admin), example_text)
    assert response.status_code == 302 and ProgrammeVersion.objects.count() == 1


def test_a_confirmation_that_arrives_broken_stores_nothing(login, operator_admin, first_loaded):
    client = login(operator_admin)
    response = client.post(url("upload"), {"source": "not base64!", "filename": "x.yaml", "operator": ""})
    assert response.status_code == 302 and response["Location"] == url("upload")
    assert ProgrammeVersion.objects.count() == 1
    assert "did not arrive completely" in client.get(response["Location"]).content.decode()


def test_problems_are_listed_outside_the_form_with_their_line(login, operator_admin):
    page = upload(login(operator_admin), (BROKEN / "many_problems.yaml").read_bytes(), name="many.yaml")
    html = page.content.decode()
    table = html.index('id="problems-caption"')
    assert table < html.index('<form method="post" enctype')  # full width, not squeezed into the form column
    assert "Line 55" in html


def test_the_success_message_names_the_programme_by_title_not_by_urn(login, operator_admin, operator_org, example_text):
    client = login(operator_admin)
    response = upload(client, example_text)
    page = client.get(response["Location"]).content.decode()
    assert "version 2025.1." in page and "Loaded urn:vereinbar:programme:example-audit@" not in page


def test_a_checked_file_can_be_loaded_from_its_result_without_choosing_it_again(
    login, operator_admin, operator_org, example_text
):
    client = login(operator_admin)
    page = upload(client, example_text, check_only="on").content.decode()
    assert "The file is valid" in page and "first version (2025.1)" in page
    assert not ProgrammeVersion.objects.exists()
    source = re.search(r'name="source" value="([^"]*)"', page).group(1)
    response = client.post(url("upload"), {"source": source, "filename": "example.yaml", "operator": ""})
    assert response.status_code == 302 and ProgrammeVersion.objects.get().version == "2025.1"


def test_comparing_a_programme_with_one_version_says_there_is_nothing_to_compare(login, auditor, example_version):
    page = login(auditor).get(url("compare", KEY)).content.decode()
    assert "only one version so far" in page
    assert "Changes from version 2025.1 to 2025.1" not in page


def test_the_list_links_to_what_changed_and_counts_running_cycles(login, operator_admin, first_loaded, example_text):
    from tests.factories import OrganisationFactory
    from vereinbar.cycles.models import Cycle, CycleStatus

    client = login(operator_admin)
    load(_second(example_text), operator_slug=first_loaded.programme.operator.slug)
    Cycle.objects.create(
        organisation=OrganisationFactory(),
        programme=first_loaded.programme,
        version=first_loaded,
        stage=first_loaded.stages.order_by("order").first(),
        status=CycleStatus.OPEN,
    )
    page = client.get(url("index")).content.decode()
    assert url("compare", KEY) in page
    assert "1 running cycle)" in page
    assert "1 running cycle)" in client.get(url("detail", KEY)).content.decode()  # and on the version's page


def test_an_empty_list_offers_to_load_the_first_file(login, operator_admin, db):
    page = login(operator_admin).get(url("index")).content.decode()
    assert "No programme has been loaded yet." in page and url("upload") in page
