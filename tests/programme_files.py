"""Small programme files for tests that need a programme of their own, loaded in milliseconds
(a library programme takes seconds). A fixture in a conftest is seen only below its folder:
tests of several folders load these."""

from __future__ import annotations

from typing import Any

from vereinbar.programmes.services import programme_load

# A charter: one stage with a three-year award, its one phase a signature the operator accepts.
CHARTER = """
format: 1
id: {identifier}
version: "1"
operator: {operator}
kind: charter
languages: [de, nl, en]
default_language: de
title: {{de: Charta {name}, nl: Handvest {name}, en: Charter {name}}}
stages:
  - id: signing
    title: {{de: Unterzeichnung, nl: Ondertekening, en: Signing}}
    award: {{validity_months: 36}}
    phases:
      - id: signature
        title: {{de: Unterzeichnung, nl: Ondertekening, en: Signing}}
        deliverable: signature
        actor: coordinator
        gate: {{accepted_by: operator}}
publication:
  directory: {directory}
  show: [profile, award]
"""


def charter_load(operator: Any, identifier: str, name: str, *, directory: bool = True) -> Any:
    """Load the small charter ``identifier`` of ``operator``, titled "Charter ``name``" (in German
    "Charta …"), listed in the directory unless ``directory`` is false; return its programme."""
    text = CHARTER.format(identifier=identifier, operator=operator.slug, name=name, directory=str(directory).lower())
    outcome = programme_load(actor=None, raw=text, filename=f"{name}.yaml", trusted=True)
    assert outcome.version is not None, outcome
    return outcome.version.programme
