"""A programme's key in addresses ("family-audit" for "urn:example:programme:family-audit"),
stored on the programme when it is first loaded (``Programme.key``) and never changed after: the
programme's pages (public and the operator's), the news, the rankings, the public directory's
filter and the operator's desk lists name programmes by it. The addresses made before (the
whole identifier, or the last part of it where the key now differs) still name the programme;
the pages redirect them to the key."""

from __future__ import annotations

from collections.abc import Collection

from django.urls import reverse
from django.utils.text import slugify

from .models import KEY_MAX_LENGTH, Programme

# Path segments beside a programme's key, where a programme of that key would hide behind the
# page or read as one: /operator/programmes/upload/ is the upload page. One list for every
# place a key goes (/programmes/<key>/, /news/programmes/<key>/, /rankings/<key>/, the
# operator's pages), with the words such pages are likely to get.
RESERVED_KEYS = frozenset(
    {"upload", "new", "add", "edit", "delete", "import", "export", "compare", "versions", "feed", "search", "all"}
)


# Parts of identifiers that say nothing about the programme ("urn:<namespace>:programme:<name>"):
# a key takes the namespace in front of the name, not these.
GENERIC_PARTS = frozenset({"urn", "programme", "program", "programm", "programma"})


def key_choose(identifier: str, taken: Collection[str]) -> str:
    """The key for a new programme: the last part of its identifier as a slug; where that is taken
    or reserved, a part before it in front, the nearest telling one first
    ("urn:example:programme:family-audit" → "example-family-audit"), then a number."""
    parts = [slugify(part) for part in identifier.split(":")]
    parts = [part for part in parts if part] or ["programme"]
    name, before = parts[-1], parts[-2::-1]
    candidates = [name]
    candidates += [f"{part}-{name}" for part in before if part not in GENERIC_PARTS]
    candidates += [f"{part}-{name}" for part in before if part in GENERIC_PARTS]
    for key in (candidate[:KEY_MAX_LENGTH].strip("-") for candidate in candidates):
        if key not in taken and key not in RESERVED_KEYS:
            return key
    base = candidates[min(1, len(candidates) - 1)][: KEY_MAX_LENGTH - 4].strip("-")
    number = 2
    while f"{base}-{number}" in taken:
        number += 1
    return f"{base}-{number}"


def programme_keys() -> dict[str, str]:
    """Identifier → the programme's key, of every programme."""
    return dict(Programme.objects.values_list("identifier", "key"))


def programme_by_param(value: str) -> Programme | None:
    """The programme a ``programme`` parameter or path segment names: by its key, its whole
    identifier, or (an address from before stored keys) the last part of its identifier, which
    named the oldest programme with that last part; None for a value naming no programme."""
    if not value:
        return None
    programmes = Programme.objects.select_related("current_version")
    found = programmes.filter(key=value).first() or programmes.filter(identifier=value).first()
    if found is None and ":" not in value:
        found = programmes.filter(identifier__endswith=f":{value}").order_by("pk").first()
    return found


def programme_from_param(value: str) -> tuple[str, str]:
    """(identifier, key) of the programme ``value`` names (``programme_by_param``); ("", "") for
    a value naming no programme."""
    programme = programme_by_param(value)
    return (programme.identifier, programme.key) if programme is not None else ("", "")


def programme_page_url(programme: Programme) -> str | None:
    """The programme's public page (/<lang>/programmes/<key>/: its awarded employers in the
    directory), while its current version is listed there; else None."""
    version = programme.current_version
    if version is None or not version.directory_listed:
        return None
    return reverse("core:programme_directory", args=[programme.key])
