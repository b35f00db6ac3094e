"""Exporting a loaded version in the programme format (canonical YAML or JSON)."""

from __future__ import annotations

from dataclasses import dataclass

from .definition import definition_json, definition_yaml
from .models import ProgrammeVersion

CONTENT_TYPES = {"yaml": "application/yaml; charset=utf-8", "json": "application/json; charset=utf-8"}


@dataclass(frozen=True)
class Export:
    body: str
    content_type: str
    filename: str


def export_filename(label: str, fmt: str) -> str:
    """A file name for an exported version: ``urn:…:name@1.0`` → ``name-1.0.yaml``."""
    identifier, _sep, version = label.partition("@")
    name = identifier.rsplit(":", 1)[-1]
    return f"{name}-{version}.{fmt}"


def version_export(version: ProgrammeVersion, fmt: str = "yaml") -> Export:
    """The version's canonical definition as a file; loading it again gives the same definition."""
    if fmt not in CONTENT_TYPES:
        raise ValueError(f"unknown export format {fmt!r}")
    body = definition_yaml(version.definition) if fmt == "yaml" else definition_json(version.definition)
    return Export(body, CONTENT_TYPES[fmt], export_filename(version.label, fmt))
