"""KERN-UX treats a button holding a ``kern-sr-only`` element as an icon-only button and makes it
48 px wide (``.kern-btn:has(.kern-sr-only)``), so a visible label next to hidden words spills out
of its border. A button that names what it acts on does so by ``aria-describedby`` instead."""

import re
from pathlib import Path

SRC = Path(__file__).resolve().parents[2] / "src" / "vereinbar"
BUTTON = re.compile(r"<(button|a)\b[^>]*\bkern-btn\b[^>]*>(.*?)</\1>", re.S)
LABEL = re.compile(r'<span class="kern-label"[^>]*>(.*?)</span>', re.S)


def _visible_text(label: str) -> str:
    without_hidden = re.sub(r'<span class="kern-sr-only">.*?</span>', "", label, flags=re.S)
    return re.sub(r"<[^>]+>|\{[%{].*?[%}]\}", "", without_hidden).strip() or (
        "translated" if "{% translate" in label or "{% blocktranslate" in label else ""
    )


def test_no_kern_button_has_a_visible_label_beside_hidden_words() -> None:
    squeezed = []
    for template in sorted(SRC.rglob("templates/**/*.html")):
        for match in BUTTON.finditer(template.read_text(encoding="utf-8")):
            inner = match.group(2)
            if "kern-sr-only" not in inner:
                continue
            labels = LABEL.findall(inner) or [inner]
            if any(_visible_text(label) for label in labels):
                squeezed.append(f"{template.relative_to(SRC)}: {match.group(0)[:120]}")
    assert not squeezed, "buttons that KERN squeezes to icon width:\n" + "\n".join(squeezed)
