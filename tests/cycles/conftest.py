"""Programmes for cycle tests (loaded with the programmes loader) and cycles in each state."""

from __future__ import annotations

from functools import cache
from pathlib import Path

import pytest
import yaml

from vereinbar.programmes.models import Programme
from vereinbar.programmes.services import programme_load

HERE = Path(__file__).resolve().parent
PROGRAMMES = HERE / "programmes"


@cache
def _text_for(path: Path, operator_slug: str) -> str:
    """The programme file's text with ``operator_slug`` as its operator (parsed and written once
    per file and operator: about two thirds of a load's time, for hundreds of tests a pass)."""
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data["operator"] = operator_slug
    return yaml.safe_dump(data, allow_unicode=True)


def programme_from_file(path: Path, operator_org) -> Programme:
    """Load a programme file for ``operator_org`` (whatever operator the file names)."""
    raw = _text_for(path, operator_org.slug)
    outcome = programme_load(actor=None, raw=raw, filename=path.name, trusted=True)
    assert outcome.version is not None
    return outcome.version.programme


@pytest.fixture
def load_programme(operator_org):
    def load(name_or_path: str | Path) -> Programme:
        path = Path(name_or_path)
        if not path.is_absolute():
            path = PROGRAMMES / f"{name_or_path}.yaml"
        return programme_from_file(path, operator_org)

    return load


@pytest.fixture
def audit(load_programme):
    return load_programme("audit")


@pytest.fixture
def scored(load_programme):
    return load_programme("scored")


@pytest.fixture
def charter(load_programme):
    return load_programme("charter")


@pytest.fixture
def management_cycle(load_programme):
    return load_programme("bgm")


@pytest.fixture
def open_cycle(parties, employer_org):
    """open_cycle(programme) applies as the coordinator and is accepted with the auditor."""
    from vereinbar.cycles import services

    def make(programme):
        cycle = services.cycle_apply(actor=parties["coordinator"], organisation=employer_org, programme=programme)
        return services.cycle_accept(actor=parties["operator"], cycle=cycle, auditor=parties["auditor"])

    return make
