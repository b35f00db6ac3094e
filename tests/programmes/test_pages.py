"""Operator pages: list, one version's content, upload, comparison, export — per persona."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from tests.programmes.conftest import BROKEN, load
from vereinbar.programmes.models import Programme, ProgrammeVersion

EXAMPLE = "urn:vereinbar:programme:example-audit"
KEY = "example-audit"  # its pages' addresses


def url(name: str, *args: str, language: str = "en") -> str:
    from django.utils import translation

    with translation.override(language):
        return reverse(f"programmes:{name}", args=args)


def upload(client, text: str | bytes, name: str = "example.yaml", **data):
    content = text.encode() if isinstance(text, str) else text
    return client.post(url("upload"), {"file": SimpleUploadedFile(name, content, "application/yaml"), **data})


@pytest.fixture
def two_versions(db, example_text):
    load(example_text)
    changed = example_text.replace('version: "2025.1"', 'version: "2025.2"', 1)
    changed = changed.replace("Flexible working time", "Flexible hours")
    changed = changed.replace(
        "  - id: manager_training\n",
        '  - id: childcare\n    action_field: "2"\n    title: {en: Childcare}\n  - id: manager_training\n',
    )
    return load(changed).version


def test_anonymous_visitors_are_sent_to_log_in(client, example_version):
    for target in (url("index"), url("detail", KEY), url("upload")):
        response = client.get(target)
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]


@pytest.mark.parametrize("persona", ["coordinator", "outsider", "contributor"])
def test_employer_members_cannot_enter(login, request, example_version, persona):
    client = login(request.getfixturevalue(persona))
    for target in (
        url("index"),
        url("detail", KEY),
        url("version", KEY, "2025.1"),
        url("export", KEY, "2025.1", "yaml"),
        url("upload"),
    ):
        assert client.get(target).status_code == 403, target


@pytest.mark.parametrize("persona", ["operator_admin", "auditor", "board_member", "platform_admin"])
def test_operator_members_see_the_list(login, request, example_version, persona):
    response = login(request.getfixturevalue(persona)).get(url("index"))
    assert response.status_code == 200
    assert f'href="{url("detail", KEY)}"' in response.content.decode()
    assert "Example audit for family-conscious employers" in response.content.decode()


def test_the_upload_link_is_shown_only_to_those_who_may_load(login, auditor, operator_admin, example_version):
    assert url("upload") not in login(auditor).get(url("index")).content.decode()
    assert url("upload") in login(operator_admin).get(url("index")).content.decode()


def test_a_version_page_shows_tree_levels_stages_and_phases_in_the_chosen_language(login, auditor, example_version):
    client = login(auditor)
    page = client.get(url("detail", KEY, language="de")).content.decode()
    assert "Flexible Arbeitszeit" in page  # criterion in German
    assert "Schulung angeboten" in page  # sub-criterion
    assert "Zertifikat mit Auszeichnung" in page  # level
    assert "Re-Auditierung" in page and "Jahresbericht" in page  # stage and phase
    assert "danach jedes Jahr (2-mal)" in page and "alle 1 Jahr" not in page  # a yearly report
    # "Dialogue" has no German question: the English default is shown and marked as English.
    assert '<span lang="en">How do managers, carers and colleagues talk about combining work and care?</span>' in page
    dutch = client.get(url("version", KEY, "2025.1", language="nl")).content.decode()
    assert "Flexibele werktijden" in dutch
    english = client.get(url("version", KEY, "2025.1")).content.decode()
    assert "Flexible working time" in english
    # the award named after the programme's kind (a certification)
    assert "Due 1 year after the issue of the certificate, then every year (2 times)" in english
    assert "<h1>" in english and english.index("<h1>") < english.index("<h2")


def test_unknown_programmes_and_versions_are_404(login, auditor, example_version):
    client = login(auditor)
    assert client.get(url("detail", "urn:vereinbar:programme:none")).status_code == 404
    assert client.get(url("version", KEY, "9.9")).status_code == 404
    assert client.get(url("export", KEY, "2025.1", "xml")).status_code == 404


def test_export_from_the_page(login, auditor, example_version):
    response = login(auditor).get(url("export", KEY, "2025.1", "yaml"))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/yaml")
    assert load(response.content).status == "unchanged"


def test_the_comparison_shows_what_changed(login, auditor, two_versions):
    client = login(auditor)
    page = client.get(url("compare", KEY), {"from": "2025.1", "to": "2025.2"}).content.decode()
    assert "Flexible hours" in page and "Flexible working time" in page
    assert "Measure childcare" in page
    assert "added" in page
    same = client.get(url("compare", KEY), {"from": "2025.2", "to": "2025.2"}).content.decode()
    assert "The two versions have the same content." in same
    assert client.get(url("compare", KEY), {"from": "1", "to": "2025.2"}).status_code == 404


def test_an_operator_admin_loads_a_file_on_the_upload_page(login, operator_admin, operator_org, example_text):
    client = login(operator_admin)
    assert client.get(url("upload")).status_code == 200
    response = upload(client, example_text)
    assert response.status_code == 302
    version = ProgrammeVersion.objects.get()
    assert response["Location"] == url("version", KEY, "2025.1")
    assert version.programme.operator == operator_org
    assert version.loaded_by == operator_admin


def test_the_upload_page_lists_every_problem_next_to_the_file_field(login, operator_admin):
    client = login(operator_admin)
    response = upload(client, (BROKEN / "many_problems.yaml").read_bytes(), name="many.yaml")
    page = response.content.decode()
    assert response.status_code == 200
    assert 'aria-invalid="true"' in page and 'aria-describedby="file-help file-errors"' in page
    assert "stages[1].next" in page and "Line 55" in page
    assert "9 problems; nothing was loaded" in page
    assert not Programme.objects.exists()


def test_check_only_stores_nothing(login, platform_admin, example_text):
    client = login(platform_admin)
    response = upload(client, example_text, check_only="on")
    assert response.status_code == 200
    assert not Programme.objects.exists()
    assert "The file is valid" in response.content.decode()


@pytest.mark.parametrize("persona", ["auditor", "board_member"])
def test_operator_members_without_the_admin_role_cannot_upload(login, request, example_text, persona):
    client = login(request.getfixturevalue(persona))
    assert client.get(url("upload")).status_code == 403
    assert upload(client, example_text).status_code == 403
    assert not Programme.objects.exists()


def test_a_version_page_shows_the_format_2_phase_and_closing_rules(login, auditor, operator_org):
    from tests.programmes.conftest import ROOT

    for name in ("seal2", "charter2"):
        text = (ROOT / "tests" / "cycles" / "programmes" / f"{name}.yaml").read_text(encoding="utf-8")
        load(text.replace("format: 2", f"format: 2\noperator: {operator_org.slug}", 1))
    siegel = (ROOT / "library" / "programmes" / "qualitaetssiegel-familienfreundlicher-arbeitgeber.yaml").read_text()
    load(siegel.replace("operator: bertelsmann-stiftung", f"operator: {operator_org.slug}"))
    client = login(auditor)
    seal = client.get(url("detail", "test-seal2")).content.decode()
    assert "Optional: only cycles that take it" in seal and "Criterion results are recorded in this phase." in seal
    assert "The phase “Interview for the upper tier” is accepted." in seal  # the upper tier's condition
    charter = client.get(url("detail", "test-charter2")).content.decode()
    assert "Charter signature recorded when accepted" in charter and "Signing the charter" in charter
    closed = client.get(url("detail", "qualitaetssiegel-familienfreundlicher-arbeitgeber")).content.decode()
    assert "until 31 December 2021" in closed


def test_an_earlier_version_says_so_and_leads_to_the_current_one(login, operator_admin, two_versions):
    client = login(operator_admin)
    page = client.get(url("version", KEY, "2025.1", language="de")).content.decode()
    assert "Eine frühere Version: Neue Bewerbungen beginnen mit der aktuellen Version" in page
    assert f'<a href="{url("version", KEY, "2025.2", language="de")}">2025.2</a>' in page
    current = client.get(url("version", KEY, "2025.2", language="de")).content.decode()
    assert "Eine frühere Version" not in current and "aktuell" in current
