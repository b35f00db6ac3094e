"""Awards to issue credentials for, and the independent verifier (Node, tests/credentials/verifier)."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from tests.cycles.conftest import load_programme, scored  # noqa: F401
from vereinbar.certificates.models import Award

VERIFIER_DIR = Path(__file__).resolve().parent / "verifier"


@pytest.fixture
def award(scored, employer_org):  # noqa: F811
    """A valid award of the scored programme (operated by operator_org), issued 10 March 2025,
    valid until 10 March 2027."""
    version = scored.current_version
    return Award.objects.create(
        number="2025-00001",
        organisation=employer_org,
        programme=scored,
        version=version,
        stage=version.stages.get(key="assessment"),
        level=version.levels.get(key="ambassador"),
        issued_on=date(2025, 3, 10),
        valid_until=date(2027, 3, 10),
    )


def _ci() -> bool:
    return os.environ.get("CI", "").lower() in {"1", "true", "yes"}


@pytest.fixture(scope="session")
def independent_verifier():
    """Runs the Digital Bazaar verifier on cases: ``verify(documents, cases)`` → results by name.
    Its packages are installed by bin/credentials-verifier (bin/test calls it); without them the
    test is skipped locally and fails in CI."""
    node = shutil.which("node")
    if node is None or not (VERIFIER_DIR / "node_modules" / "@digitalbazaar" / "vc").is_dir():
        message = "the independent verifier is not installed: run bin/credentials-verifier (needs Node and npm)"
        if _ci():
            pytest.fail(message)
        pytest.skip(message)

    def verify(documents: dict[str, Any], cases: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
        completed = subprocess.run(
            [node, str(VERIFIER_DIR / "verify.mjs")],
            input=json.dumps({"documents": documents, "cases": cases}),
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
            cwd=VERIFIER_DIR,
        )
        assert completed.returncode == 0, completed.stderr
        return {result["name"]: result for result in json.loads(completed.stdout)}

    return verify
