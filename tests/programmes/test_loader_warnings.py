"""A phase accepted by the same party that submits it (the auditor's workshop "accepted by: auditor",
a contributor's or a programme role's phase accepted by the coordinator, who submits those) loads,
but the loader warns: the acceptance would check nothing. The warning reaches the operator on
the upload page, in the API's answer and on the command line, in their language; files without
such a phase (the library: tests/programmes/test_library_acceptance.py) get none."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command
from django.utils import translation

from tests.programmes.conftest import load
from tests.programmes.test_pages import upload, url
from tests.programmes.test_roles import ROLES_FILE
from vereinbar.cycles.permissions import PHASE_DECIDERS
from vereinbar.cycles.workflow import Party
from vereinbar.programmes.definition.warnings_check import SUBMITTED_BY
from vereinbar.programmes.models import ActorRole, ProgrammeVersion

pytestmark = pytest.mark.django_db

WORKSHOP = "        actor: auditor\n        gate: {requires: [self_assessment, survey]}\n"
WORKSHOP_PATH = "stages[0].phases[3].gate.accepted_by"


@pytest.fixture
def own_workshop(example_text) -> str:
    """The documented example, its auditor's workshop also "accepted by" the auditor."""
    assert WORKSHOP in example_text
    return example_text.replace(
        WORKSHOP, "        actor: auditor\n        gate: {requires: [self_assessment, survey], accepted_by: auditor}\n"
    )


def _line_of(text: str, needle: str) -> int:
    return next(number for number, line in enumerate(text.splitlines(), start=1) if needle in line)


def test_the_auditors_workshop_accepted_by_the_auditor_loads_with_a_warning(own_workshop):
    outcome = load(own_workshop)
    assert outcome.version is not None  # a warning stops nothing
    [warning] = outcome.warnings
    assert (warning.code, warning.path) == ("accepted_by_submitter", WORKSHOP_PATH)
    assert warning.line == _line_of(own_workshop, "[self_assessment, survey], accepted_by: auditor}")
    assert "“workshop”" in warning.message and "the auditor" in warning.message


def test_the_documented_example_and_a_phase_accepted_by_someone_else_give_no_warning(example_text):
    assert load(example_text, dry_run=True).warnings == []
    assert load(ROLES_FILE, dry_run=True).warnings == []  # the care guide's training: accepted by the operator


@pytest.mark.parametrize(
    ("actor", "accepted_by"),
    [("care_guide", "coordinator"), ("contributor", "coordinator"), ("coordinator", "contributor")],
)
def test_an_employer_phase_the_coordinator_submits_and_accepts_is_warned_about(actor, accepted_by):
    text = ROLES_FILE.replace(
        "actor: care_guide, gate: {accepted_by: operator}", f"actor: {actor}, gate: {{accepted_by: {accepted_by}}}"
    )
    [warning] = load(text, dry_run=True).warnings
    assert warning.path == "stages[0].phases[0].gate.accepted_by"
    assert "the employer's coordinator" in warning.message


def test_a_file_with_problems_still_shows_its_warnings(own_workshop, login, operator_admin):
    broken = own_workshop.replace("deliverable: decision\n        actor: board\n", "deliverable: decision\n", 1)
    page = upload(login(operator_admin), broken).content.decode()
    assert "nothing was loaded" in page
    assert 'id="file-warnings"' in page and WORKSHOP_PATH in page


@pytest.mark.parametrize(
    ("language", "words"),
    [
        ("de", ("Hinweis zu Zeile", "von derselben Stelle eingereicht und angenommen (Auditorin/Auditor)")),
        ("nl", ("Waarschuwing bij regel", "door dezelfde partij worden ingediend en geaccepteerd (de auditor)")),
    ],
)
def test_the_upload_page_shows_the_warning_beside_the_outcome_in_the_operators_language(
    own_workshop, login, operator_admin, language, words
):
    client = login(operator_admin)
    with translation.override(language):
        response = client.post(
            url("upload", language=language),
            {"file": _file(own_workshop)},
        )
    assert response.status_code == 302 and ProgrammeVersion.objects.exists()
    page = client.get(response["Location"]).content.decode()
    assert "kern-alert--warning" in page
    for word in words:
        assert word in page, word


def _file(text: str):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile("example.yaml", text.encode(), "application/yaml")


def test_check_only_shows_the_warning_too(own_workshop, login, platform_admin):
    client = login(platform_admin)
    response = upload(client, own_workshop, check_only="on")
    assert response.status_code == 200 and not ProgrammeVersion.objects.exists()
    page = response.content.decode()
    assert "The file is valid" in page and "accepted_by" in page and "“workshop”" in page


def test_the_api_answers_with_the_warnings(own_workshop, login, platform_admin):
    response = login(platform_admin).post(
        "/api/v1/programmes/load?dry_run=true", data=own_workshop, content_type="application/yaml"
    )
    assert response.status_code == 200
    [warning] = response.json()["warnings"]
    assert warning["code"] == "accepted_by_submitter" and warning["path"] == WORKSHOP_PATH and warning["line"]


@pytest.mark.parametrize("action", ["validate", "load"])
def test_the_command_line_prints_the_warning(own_workshop, tmp_path, action):
    path = tmp_path / "own.yaml"
    path.write_text(own_workshop, encoding="utf-8")
    out, err = io.StringIO(), io.StringIO()
    call_command("programme", action, str(path), stdout=out, stderr=err, language="en")
    assert f"warning: {path}:" in err.getvalue() and "[accepted_by_submitter]" in err.getvalue()
    assert ("valid" if action == "validate" else "loaded") in out.getvalue()


def test_who_submits_matches_the_cycles_app():
    """The loader's table (pure, no cycles import) says what cycles/permissions.py does."""
    for actor in ActorRole.values:
        assert PHASE_DECIDERS[actor] == frozenset({Party(SUBMITTED_BY[actor])}), actor


def test_the_format_reference_documents_the_warning():
    from tests.programmes.conftest import DOCS

    assert "`accepted_by_submitter`" in DOCS.read_text(encoding="utf-8")
