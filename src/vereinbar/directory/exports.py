"""Open data: the directory (with the query's filters) as CSV and JSON. Fields are documented in
docs/open-data.md; every field follows the publication rules of the programme it comes from."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from datetime import date
from typing import Any

from django.conf import settings
from django.utils import timezone, translation

from vereinbar.programmes.models import PublishedItem

from .models import ListedProgramme
from .search import DirectoryQuery
from .selectors import Entry, directory_rows

LICENCE = "CC-BY-4.0"
LICENCE_URL = "https://creativecommons.org/licenses/by/4.0/"

CSV_FIELDS = [
    "organisation",
    "slug",
    "profile_url",
    "kind",
    "sector",
    "country",
    "region",
    "city",
    "size_band",
    "website",
    "programme",
    "programme_title",
    "programme_kind",
    "level",
    "awarded_on",
    "first_awarded_on",
    "valid_until",
    "verification_url",
    "example",
]

# A spreadsheet would run a cell starting with one of these as a formula.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\n", "|", "%")


def licence() -> dict[str, str]:
    return {
        "id": getattr(settings, "VEREINBAR_OPEN_DATA_LICENCE", LICENCE),
        "url": getattr(settings, "VEREINBAR_OPEN_DATA_LICENCE_URL", LICENCE_URL),
    }


def csv_safe(value: Any) -> str:
    """A cell a spreadsheet shows as text: a leading formula character gets a quote in front."""
    text = "" if value is None else str(value)
    if text.startswith(FORMULA_STARTS):
        return "'" + text
    return text


def _iso(value: date | None) -> str | None:
    return value.isoformat() if value else None


def listing_data(listing: ListedProgramme, verify_url: Callable[[str], str]) -> dict[str, Any]:
    """One programme an organisation is listed through, with only what the programme publishes."""
    show = set(listing.show)
    language = translation.get_language() or settings.LANGUAGE_CODE
    data: dict[str, Any] = {
        "programme": listing.programme,
        "programme_title": listing.titles.get(language[:2]) or next(iter(listing.titles.values()), ""),
        "programme_kind": listing.kind,
        "level": None,
        "awarded_on": None,
        "first_awarded_on": None,
        "valid_until": None,
        "verification_url": None,
    }
    if not listing.award:
        data["first_awarded_on"] = _iso(listing.first_day) if PublishedItem.FIRST_AWARDED_ON in show else None
        return data
    if PublishedItem.LEVEL in show and listing.level:
        data["level"] = listing.level
    if PublishedItem.AWARDED_ON in show:
        data["awarded_on"] = _iso(listing.day)
    if PublishedItem.FIRST_AWARDED_ON in show:
        data["first_awarded_on"] = _iso(listing.first_day)
    if PublishedItem.VALID_UNTIL in show:
        data["valid_until"] = _iso(listing.valid_until)
    if PublishedItem.AWARD in show:
        data["verification_url"] = verify_url(listing.verification_code)
    return data


def entry_data(entry: Entry, *, profile_url: str, verify_url: Callable[[str], str]) -> dict[str, Any]:
    """A listed organisation with its programmes; its own details only where a programme it is
    listed through publishes its profile."""
    row, published = entry.row, entry.published_profile
    data: dict[str, Any] = {
        "organisation": row.name,
        "slug": row.slug,
        "profile_url": profile_url,
        "example": row.is_example,
    }
    for key, value in (
        ("kind", row.kind),
        ("sector", row.sector),
        ("country", row.country),
        ("region", row.region),
        ("city", row.city),
        ("size_band", row.size),
        ("website", row.website),
    ):
        data[key] = (value or None) if published else None
    data["programmes"] = [listing_data(listing, verify_url) for listing in entry.listings]
    return data


def directory_export(
    query: DirectoryQuery, *, profile_url: Callable[[str], str], verify_url: Callable[[str], str]
) -> list[dict[str, Any]]:
    """Every organisation found, with its listings, as plain data (from the read model)."""
    return [
        entry_data(entry, profile_url=profile_url(entry.row.slug), verify_url=verify_url)
        for entry in directory_rows(query)
    ]


def export_json(rows: list[dict[str, Any]], query: DirectoryQuery) -> dict[str, Any]:
    return {
        "licence": licence(),
        "generated_at": timezone.now().isoformat(timespec="seconds"),
        "query": query.params(),
        "count": len(rows),
        "organisations": rows,
    }


def export_csv(rows: list[dict[str, Any]]) -> str:
    """One line per organisation and programme it is listed through."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(CSV_FIELDS)
    for row in rows:
        for programme in row["programmes"] or [{}]:
            merged = {**row, **programme}
            merged["example"] = "true" if row["example"] else "false"
            writer.writerow([csv_safe(merged.get(name)) for name in CSV_FIELDS])
    return buffer.getvalue()
