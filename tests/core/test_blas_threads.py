"""numpy's BLAS runs one thread per process unless the environment says otherwise: with a
thread per core, the many small matrix operations of a survey report's anonymity audit waited
on each other (docs/performance.md, "Survey reports of many units")."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

VARIABLES = ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS")
PRINT = f"import os, vereinbar; print(' '.join(os.environ[v] for v in {VARIABLES!r}))"


def _run(environment: dict[str, str]) -> str:
    result = subprocess.run([sys.executable, "-c", PRINT], env=environment, capture_output=True, text=True, check=True)
    return result.stdout.strip()


def test_importing_the_project_sets_one_blas_thread_before_numpy_loads() -> None:
    environment = {key: value for key, value in os.environ.items() if key not in VARIABLES}
    assert _run(environment) == "1 1 1"


@pytest.mark.parametrize("variable", VARIABLES)
def test_a_value_set_by_the_operator_wins(variable: str) -> None:
    environment = {key: value for key, value in os.environ.items() if key not in VARIABLES}
    environment[variable] = "4"
    assert _run(environment).split()[VARIABLES.index(variable)] == "4"
