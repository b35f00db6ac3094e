"""Helpers for the programme tests: the documented example, the library, loading as a trusted caller."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.factories import OrganisationFactory
from vereinbar.programmes.services import programme_load

ROOT = Path(__file__).resolve().parents[2]
LIBRARY = ROOT / "library" / "programmes"
DOCS = ROOT / "docs" / "programme-format.md"
BROKEN = Path(__file__).resolve().parent / "broken"


def docs_example() -> str:
    """The complete example from docs/programme-format.md."""
    text = DOCS.read_text(encoding="utf-8")
    section = text.split("## A complete example", 1)[1]
    match = re.search(r"```yaml\n(.*?)```", section, re.S)
    assert match, "the complete example is missing from the docs"
    return match.group(1)


def library_files() -> list[Path]:
    return sorted(LIBRARY.glob("*.yaml"))


def load(text: str | bytes, *, filename: str = "test.yaml", actor=None, **kwargs):
    """Load as the command line does (no permission check) unless an actor is given."""
    return programme_load(actor=actor, raw=text, filename=filename, trusted=actor is None, **kwargs)


@pytest.fixture
def example_text() -> str:
    return docs_example()


@pytest.fixture
def example_version(db, example_text):
    return load(example_text, filename="example.yaml").version


@pytest.fixture
def library_operators(db):
    """The operator organisations the library files name."""
    import yaml

    slugs = set()
    for path in library_files():
        slug = yaml.safe_load(path.read_text(encoding="utf-8")).get("operator")
        if slug:
            slugs.add(slug)
    return [OrganisationFactory(operator=True, slug=slug, name=slug) for slug in sorted(slugs)]
