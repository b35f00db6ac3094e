"""Open data: the directory (with the query's filters) as CSV and JSON. Fields are documented in
docs/open-data.md; every field follows the publication rules of the programme it comes from."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Iterable
from datetime import date
from typing import Any

from django.conf import settings
from django.utils import timezone

from vereinbar.certificates.models import Award
from vereinbar.organisations.models import Organisation
from vereinbar.programmes.models import PublishedItem

from .search import DirectoryQuery
from .selectors import Listing, award_chain, directory_rows

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


def listing_data(listing: Listing, chains: dict[int, list[Award]], verify_url: Callable[[str], str]) -> dict[str, Any]:
    """One programme an organisation is listed through, with only what the programme publishes."""
    show = listing.show
    award = listing.award
    data: dict[str, Any] = {
        "programme": listing.programme.identifier,
        "programme_title": listing.title,
        "programme_kind": listing.version.kind,
        "level": None,
        "awarded_on": None,
        "first_awarded_on": None,
        "valid_until": None,
        "verification_url": None,
    }
    if award is None:
        data["first_awarded_on"] = _iso(listing.started_on) if PublishedItem.FIRST_AWARDED_ON in show else None
        return data
    if PublishedItem.LEVEL in show and award.level:
        data["level"] = award.level.key
    if PublishedItem.AWARDED_ON in show:
        data["awarded_on"] = _iso(award.issued_on)
    if PublishedItem.FIRST_AWARDED_ON in show:
        chain = award_chain(award, chains.get(award.pk, []))
        data["first_awarded_on"] = _iso(chain[0].issued_on)
    if PublishedItem.VALID_UNTIL in show:
        data["valid_until"] = _iso(award.valid_until)
    if PublishedItem.AWARD in show:
        data["verification_url"] = verify_url(award.verification_code)
    return data


def organisation_data(organisation: Organisation, *, profile_url: str, published_profile: bool) -> dict[str, Any]:
    data: dict[str, Any] = {"organisation": organisation.name, "slug": organisation.slug, "profile_url": profile_url}
    for key, value in (
        ("kind", organisation.kind),
        ("sector", organisation.sector),
        ("country", organisation.country),
        ("region", organisation.region),
        ("city", organisation.city),
        ("size_band", organisation.size_band),
        ("website", organisation.website),
    ):
        data[key] = (value or None) if published_profile else None
    return data


def award_histories(listings: Iterable[list[Listing]]) -> dict[int, list[Award]]:
    """For each listed award, the other awards of its organisation in its programme (one query)."""
    awards = [listing.award for group in listings for listing in group if listing.award is not None]
    if not awards:
        return {}
    pairs = {(award.organisation_id, award.programme_id) for award in awards}
    everything: dict[tuple[int, int], list[Award]] = {}
    for other in Award.objects.filter(
        organisation_id__in={o for o, _p in pairs}, programme_id__in={p for _o, p in pairs}
    ):
        everything.setdefault((other.organisation_id, other.programme_id), []).append(other)
    return {award.pk: everything.get((award.organisation_id, award.programme_id), []) for award in awards}


def directory_export(
    query: DirectoryQuery, *, profile_url: Callable[[str], str], verify_url: Callable[[str], str]
) -> list[dict[str, Any]]:
    """Every organisation found, with its listings, as plain data."""
    organisations, listings = directory_rows(query)
    chains = award_histories(listings.values())
    out = []
    for organisation in organisations:
        mine = listings.get(organisation.pk, [])
        published_profile = any(PublishedItem.PROFILE in listing.show for listing in mine)
        data = organisation_data(
            organisation, profile_url=profile_url(organisation.slug), published_profile=published_profile
        )
        data["programmes"] = [listing_data(listing, chains, verify_url) for listing in mine]
        out.append(data)
    return out


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
            writer.writerow([csv_safe(merged.get(name)) for name in CSV_FIELDS])
    return buffer.getvalue()
