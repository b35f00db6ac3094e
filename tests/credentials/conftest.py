"""The award to issue credentials for (the certificates' award), and the independent verifier
(Node, tests/credentials/verifier)."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest

from tests.certificates.conftest import award, load_programme, scored  # noqa: F401

VERIFIER_DIR = Path(__file__).resolve().parent / "verifier"


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
