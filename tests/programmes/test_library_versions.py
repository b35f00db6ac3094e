"""A shipped programme file whose content changes gets a new version (docs/programme-format.md):
an installation that loaded the old content under the same version refuses the file
(version_changed), so `vereinbar demo` and `programme load library/programmes/*.yaml` would stop
there, and organisations running on the old version keep it only if the new one is stored beside it."""

from __future__ import annotations

import pytest

from tests.programmes.conftest import library_files
from vereinbar.programmes.definition import content_hash, definition_check

# Each file's version and the canonical content it stands for. Changed a file? Raise its
# `version` (and say why in its header), then write the new pair here.
SHIPPED = {
    # 2026.2: Dutch quotes ‘…’, the auditor's workshops and reviews without self-acceptance
    # (2026.1: doelenafspraak; 2025.1 the first)
    "audit-berufundfamilie.yaml": ("2026.2", "ade57fd85f0364bb0a30ba20ab706e744d7dfec383575d6ee54253cee25f6f9c"),
    # 2026.1: medewerkersonderzoek, the auditor's workshop and evaluation without self-acceptance
    "bgm-kooperation-aok-plus.yaml": ("2026.1", "8e0d07ee99611a0b9ecccd86a1a590e1f06b99dcc266b298b60e655b2e9487be"),
    "carer-friendly-employer-benchmark.yaml": (
        "2025.1",
        "f89a64aab5a7fd6140c028cdae59ab8090c6a5a668c18423389ff0bd47ab1fdb",
    ),
    # 2026.2: mantelzorgcontactpersoon and care guide as in the glossary (2026.1: format 2 roles)
    "charta-vereinbarkeit-beruf-pflege-nrw.yaml": (
        "2026.2",
        "99a21eceba34299f9a5bb423306b057b26e02b49320f8ce550c72ee27c2da047",
    ),
    # 2026.1: Dutch quotes ‘…’
    "erkenning-mantelzorgvriendelijk.yaml": (
        "2026.1",
        "212f98a296e22440e515f99599f9abdd2fa831c1619727ca07da5249746360d4",
    ),
    # 2014.2: Dutch quotes ‘…’, medewerkersonderzoek, the auditor's workshops and review without
    # self-acceptance (2014.1: format 2, applications_until)
    "qualitaetssiegel-familienfreundlicher-arbeitgeber.yaml": (
        "2014.2",
        "d42e90e0a0556d0d63825e8c094b2ba4fa47a2b05c15a64809cd29e2a3548987",
    ),
    "work-care-culture-index.yaml": ("2026.1", "f7c9f09e0d9e2c491c6c039e48d0198200190e1cfbd49db44e75915680955d22"),
}


def test_every_shipped_file_has_its_version_and_content_written_down():
    assert sorted(path.name for path in library_files()) == sorted(SHIPPED)


@pytest.mark.parametrize("path", library_files(), ids=lambda path: path.stem)
def test_a_shipped_file_changes_its_content_only_with_a_new_version(path):
    result = definition_check(path.read_text(encoding="utf-8"), filename=path.name)
    assert result.ok, result.problems
    version, digest = SHIPPED[path.name]
    found = (result.definition["version"], content_hash(result.definition))
    if found[0] == version:
        assert found[1] == digest, f"{path.name} changed under version {version}: give it a new version"
    assert found == (version, digest), f"{path.name} is now {found}: write the new version and hash down here"
