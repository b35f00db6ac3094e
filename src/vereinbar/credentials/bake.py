"""Baking a credential into the award's seal (Open Badges 3.0, "Baking" for SVG): the JSON in an
``<openbadges:credential>`` element right inside the root, and reading it back out."""

from __future__ import annotations

import json
from typing import Any
from xml.etree import ElementTree

OB_NAMESPACE = "https://purl.imsglobal.org/ob/v3p0"


def svg_baked(svg: str, credential: dict[str, Any]) -> str:
    """The SVG with the credential inside, as the first child of its root element."""
    start = svg.index("<svg")
    end = svg.index(">", start)
    text = json.dumps(credential, ensure_ascii=False, indent=2).replace("]]>", "]]]]><![CDATA[>")
    element = f"\n  <openbadges:credential><![CDATA[{text}]]></openbadges:credential>"
    opening = svg[start:end].replace("<svg", f'<svg xmlns:openbadges="{OB_NAMESPACE}"', 1)
    return svg[:start] + opening + svg[end : end + 1] + element + svg[end + 1 :]


def svg_credential(svg: str) -> Any | None:
    """The credential baked into an SVG, or None when there is none (or it is no JSON)."""
    try:
        root = ElementTree.fromstring(svg)  # noqa: S314 (no entities are expanded by ElementTree)
    except ElementTree.ParseError:
        return None
    element = root.find(f"{{{OB_NAMESPACE}}}credential")
    if element is None or not (element.text or "").strip():
        return None
    try:
        return json.loads(element.text or "")
    except ValueError:
        return None
