"""The text of a legal page in the reader's language: the operator's, else the shipped default."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

from django.conf import settings
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language

from vereinbar.core.hyphenation import soft_hyphens

from .models import LegalPage, LegalPageKind

if TYPE_CHECKING:
    from markdown_it import MarkdownIt
    from markdown_it.rules_core import StateCore

DEFAULTS = Path(__file__).parent / "defaults"
LANGUAGES = tuple(code for code, _name in settings.LANGUAGES)


@dataclass(frozen=True)
class LegalText:
    kind: LegalPageKind
    body: str  # Markdown
    is_default: bool  # the shipped text: nobody has written this language yet
    updated_at: datetime | None

    @property
    def html(self) -> SafeString:
        return markdown_html(self.body)


def default_text(kind: str, language: str) -> str:
    """The text shipped with vereinbar for this page and language (English when there is none)."""
    path = DEFAULTS / f"{kind}.{language}.md"
    if not path.exists():
        path = DEFAULTS / f"{kind}.en.md"
    return path.read_text(encoding="utf-8")


def legal_text(*, kind: str, language: str | None = None) -> LegalText:
    language = language or get_language() or settings.LANGUAGE_CODE
    page = LegalPage.objects.filter(kind=kind).first()
    body = getattr(page, f"body_{language}", "") if page else ""
    if body:
        return LegalText(
            kind=LegalPageKind(kind), body=body, is_default=False, updated_at=page.updated_at if page else None
        )
    return LegalText(kind=LegalPageKind(kind), body=default_text(kind, language), is_default=True, updated_at=None)


def legal_texts_for_editing(*, kind: str) -> dict[str, str]:
    """Each language's text as the form starts with it: what is stored, else the default."""
    return {code: legal_text(kind=kind, language=code).body for code in LANGUAGES}


@cache
def _renderer() -> MarkdownIt:
    from markdown_it import MarkdownIt

    # CommonMark without raw HTML: what an operator writes cannot inject markup or scripts,
    # and markdown-it refuses javascript: and data: links.
    renderer = MarkdownIt("commonmark", {"html": False, "breaks": True})
    renderer.core.ruler.push("heading_soft_hyphens", _heading_soft_hyphens)
    return renderer


def _heading_soft_hyphens(state: StateCore) -> None:
    """Headings' long words get soft hyphens in the reader's language: "Verwerkingsverantwoordelijke"
    is wider than a phone at a heading's size and breaks at a syllable, not at its last letter."""
    in_heading = False
    for token in state.tokens:
        if token.type in ("heading_open", "heading_close"):
            in_heading = token.type == "heading_open"
        elif in_heading and token.type == "inline":
            for child in token.children or ():
                if child.type == "text":
                    child.content = soft_hyphens(child.content)


def markdown_html(text: str) -> SafeString:
    return mark_safe(_renderer().render(text))  # raw HTML is disabled in the renderer
