"""The result rows of the directory, rendered from the index (no model instances): each
organisation's row is rendered once per index and language and kept with the index, so a page
of results is twenty dictionary reads once its rows have been shown."""

from __future__ import annotations

import threading
from dataclasses import dataclass
from html import escape

from django.urls import reverse
from django.utils import translation
from django.utils.safestring import SafeString, mark_safe

from vereinbar.organisations.models import EXAMPLE_MARK, OrganisationKind, SizeBand
from vereinbar.programmes.models import Level, ProgrammeVersion, PublishedItem

from .index import Index, Item

_lock = threading.Lock()


@dataclass(frozen=True)
class Labels:
    """What the rows of one language say besides the organisation's own fields."""

    kinds: dict[str, str]
    sizes: dict[str, str]
    example: str  # the mark of a made-up organisation
    versions: dict[int, tuple[str, bool]]  # version → (title, whether it publishes the level)
    levels: dict[int, str]


def _labels(index: Index) -> Labels:
    language = translation.get_language() or ""
    kept = index.entry_labels.get(language)
    if kept is not None:
        return kept  # type: ignore[no-any-return]
    version_ids = {v.version_id for item in index.items for v in item.shown}
    level_ids = {v.level_id for item in index.items for v in item.shown if v.level_id}
    versions = {
        version.pk: (version.localised("title"), PublishedItem.LEVEL in (version.published_items or []))
        for version in ProgrammeVersion.objects.filter(pk__in=version_ids).defer("definition", "source_text")
    }
    levels = {
        level.pk: level.localised("title") or level.key
        for level in Level.objects.filter(pk__in=level_ids)
        .select_related("version")
        .defer("rule", "version__definition", "version__source_text")
    }
    labels = Labels(
        kinds={value: str(label) for value, label in OrganisationKind.choices},
        sizes={value: str(label) for value, label in SizeBand.choices},
        example=str(EXAMPLE_MARK),
        versions=versions,
        levels=levels,
    )
    index.entry_labels[language] = labels
    return labels


def _render(item: Item, labels: Labels) -> str:
    """One result row (built as a string: a template took a third of a millisecond per row)."""
    facts = escape(labels.kinds.get(item.kind, item.kind))
    if item.city or item.region:
        facts += " · " + (f"{escape(item.city)}, " if item.city else "") + escape(item.region)
    if item.country:
        facts += f" ({escape(item.country)})"
    if item.size and labels.sizes.get(item.size):
        facts += f" · {escape(labels.sizes[item.size])}"
    listings = []
    for via in item.shown:
        title, shows_level = labels.versions.get(via.version_id, ("", False))
        level = labels.levels.get(via.level_id, "") if via.award and via.level_id and shows_level else ""
        listings.append(f"<li>{escape(title)}{f' – {escape(level)}' if level else ''}</li>")
    url = reverse("core:profile", args=[item.slug])
    mark = (
        f' <span class="kern-badge kern-badge--info badge-example"><span class="kern-label">{escape(labels.example)}</span></span>'
        if item.example
        else ""
    )
    return (
        f'<li class="directory-entry">\n  <h3><a href="{escape(url)}">{escape(item.name)}</a>{mark}</h3>\n'
        f'  <p class="entry-facts">{facts}</p>\n'
        f'  <ul class="entry-programmes">{"".join(listings)}</ul>\n</li>\n'
    )


def entries(index: Index, positions: list[int]) -> list[SafeString]:
    """The rendered rows of the organisations at these positions of the index."""
    language = translation.get_language() or ""
    kept = index.entries.get(language)
    if kept is None:
        with _lock:
            kept = index.entries.setdefault(language, {})
    out: list[SafeString] = []
    labels: Labels | None = None
    for position in positions:
        html = kept.get(position)
        if html is None:
            labels = labels or _labels(index)
            html = _render(index.items[position], labels)
            kept[position] = html
        out.append(mark_safe(html))  # rendered by our own template (autoescaped)
    return out
