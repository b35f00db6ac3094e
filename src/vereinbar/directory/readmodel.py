"""The directory's read model: the rows the directory, its exports and its API read
(``ListedOrganisation``, ``ListedProgramme``, ``ListedMeasure``, and on SQLite the full-text table
``directory_search``), written by ``directory_refresh`` in the transaction of the change that
affects them.

Every service that changes what the directory shows calls ``directory_refresh`` with the
organisations it touched: awards (issue, revocation, expiry), an organisation's profile and
status, its measures, its cycles' status, the catalogue's names and a programme's new version.
A rolled-back change rolls its rows back with it; a committed one is what the next request of
every process reads. Whether an award is still in force *today* is decided when reading
(``valid_until``), so an award running out needs no write.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, DatabaseError, connection, transaction
from django.db.models import F
from django.utils import timezone

from vereinbar.certificates.models import Award, AwardStatus
from vereinbar.certificates.selectors import award_chain
from vereinbar.measures.models import MeasureType, normalise_term
from vereinbar.measures.selectors import public_measures_in
from vereinbar.organisations.models import Organisation, OrganisationStatus, OrganisationType, SizeBand
from vereinbar.programmes.models import ProgrammeKind, PublishedItem

from . import counts
from .find import NAME_END, TITLES_END
from .history import HEAVY_VERSION_FIELDS
from .models import (
    DirectoryState,
    ListedDescription,
    ListedMeasure,
    ListedMeasureText,
    ListedMention,
    ListedOrganisation,
    ListedProgramme,
    ListedText,
)

CHUNK = 500

_SIZE_LOWER_BOUNDS = ((1000, SizeBand.VERY_LARGE), (250, SizeBand.LARGE), (50, SizeBand.MEDIUM), (10, SizeBand.SMALL))


def _size_band(staff_count: int | None) -> str:
    if staff_count is None:
        return ""
    for lower, band in _SIZE_LOWER_BOUNDS:
        if staff_count >= lower:
            return band.value
    return SizeBand.MICRO.value


def _languages() -> list[str]:
    return [code for code, _name in settings.LANGUAGES]


def directory_refresh(*, organisation_ids: Iterable[int] | None = None) -> None:
    """Rewrite the read model of these organisations (of every organisation when None) from
    the data, inside the caller's transaction."""
    with transaction.atomic():
        _bump()  # from here on, other changes of the read model wait for this one
        if organisation_ids is None:
            counts.forget()
            ListedMention.objects.all().delete()
            ListedMeasureText.objects.all().delete()
            ListedDescription.objects.all().delete()
            ListedMeasure.objects.all().delete()
            ListedProgramme.objects.all().delete()
            ListedText.objects.all().delete()
            ListedOrganisation.objects.all().delete()
            candidates = set(
                Award.objects.filter(status=AwardStatus.VALID, version__directory_listed=True).values_list(
                    "organisation_id", flat=True
                )
            )
            candidates |= set(listed_participations().values_list("organisation_id", flat=True))
            ids = sorted(candidates)
            for start in range(0, len(ids), CHUNK):
                _write(ids[start : start + CHUNK], fresh=True)
            return
        ids = sorted({int(pk) for pk in organisation_ids if pk is not None})
        share = counts.share(ids)
        for start in range(0, len(ids), CHUNK):
            _write(ids[start : start + CHUNK], fresh=False)
        if share is not None:
            counts.difference_add(share)


def _bump() -> None:
    """A new version of the read model (see ``DirectoryState``), part of the caller's transaction."""
    stamp = uuid.uuid4().hex
    if not DirectoryState.objects.filter(pk=1).update(version=F("version") + 1, stamp=stamp):
        DirectoryState.objects.create(pk=1, version=1, stamp=stamp)


def directory_version() -> str:
    """The stamp of the read model's version this request sees (one primary-key read)."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT stamp FROM directory_directorystate WHERE id = 1")
        row = cursor.fetchone()
    return str(row[0]) if row else ""


def directory_refresh_programme(*, programme_id: int) -> None:
    """A programme changed (a new version: title, published items, levels): every organisation
    with an award or a cycle in it."""
    from vereinbar.cycles.models import Cycle

    ids = set(Award.objects.filter(programme_id=programme_id).values_list("organisation_id", flat=True))
    ids |= set(Cycle.objects.filter(programme_id=programme_id).values_list("organisation_id", flat=True))
    directory_refresh(organisation_ids=ids)


def directory_refresh_measure_types(*, type_ids: Iterable[int] | None = None) -> None:
    """Catalogue entries changed: which texts mention them is found again, and a new version
    gives the measure filter its new names. The search reads the entries' names and synonyms
    from the catalogue itself (``find``): no organisation's row changes."""
    if type_ids is not None:
        type_ids = list(type_ids)
    with transaction.atomic():
        _bump()
        _mentions_again(type_ids)


def catalogue_terms(type_ids: Iterable[int] | None = None) -> list[tuple[str, int]]:
    """(normalised name or synonym, entry) of the active catalogue entries, as a search word's
    expansion takes them (``search.expand``: names of at least MIN_TERM_LENGTH letters)."""
    from .search import MIN_TERM_LENGTH

    entries = MeasureType.objects.filter(is_active=True)
    if type_ids is not None:
        entries = entries.filter(pk__in=list(type_ids))
    languages = _languages()
    columns = [f"{name}_{code}" for code in languages for name in ("name", "synonyms")]
    terms: set[tuple[str, int]] = set()
    for pk, *texts in entries.values_list("pk", *columns):
        for index in range(0, len(texts), 2):
            for name in [texts[index] or "", *(texts[index + 1] or "").splitlines()]:
                name = name.strip()
                if len(name) >= MIN_TERM_LENGTH:
                    terms.add((normalise_term(name), pk))
    return sorted(terms)


def search_text(name: str, titles: Iterable[str], rest: Iterable[str]) -> str:
    """A listed organisation's search text (``ListedText.body``), normalised: its name, the
    titles of its published measures and the rest of its own words (town, region, descriptions), each part
    ended by its separator so that the search can tell where a word was found
    (``find.relevance_sql``)."""
    return (
        normalise_term(name) + NAME_END + normalise_term(" ".join(titles)) + TITLES_END + normalise_term(" ".join(rest))
    )


def _mentions(bodies: Iterable[tuple[int, str]], terms: list[tuple[str, int]]) -> list[ListedMention]:
    """The catalogue entries each text mentions (any of their terms is part of it)."""
    rows = []
    for pk, body in bodies:
        found = {type_id for term, type_id in terms if term in body}
        rows += [ListedMention(listed_id=pk, type_id=type_id) for type_id in sorted(found)]
    return rows


def _mentions_again(type_ids: list[int] | None) -> None:
    """Which texts mention these catalogue entries (all when None), found again in every text."""
    mentions = ListedMention.objects.all() if type_ids is None else ListedMention.objects.filter(type_id__in=type_ids)
    mentions.delete()
    terms = catalogue_terms(type_ids)
    if not terms:
        return
    texts = ListedText.objects.order_by("pk").values_list("listed_id", "body")
    for start in range(0, texts.count(), CHUNK * 4):
        ListedMention.objects.bulk_create(_mentions(texts[start : start + CHUNK * 4], terms), batch_size=CHUNK)


def rebuild_on_restore(sender: Any, **kwargs: Any) -> None:
    """A restore wrote its rows in bulk: the read model is made afresh."""
    directory_refresh()


def rebuild_after_migrate(sender: Any, using: str = DEFAULT_DB_ALIAS, **kwargs: Any) -> None:
    """After ``migrate``: a new version of the read model (nothing kept by the code before an
    upgrade is read again), and a read model left empty while there is something to list is made
    now, with this version's code once every app's migrations have run (the directory's
    migrations create or empty it, never fill it). The code reads the default database only; another
    database gets its read model from a restore or ``directory_rebuild``."""
    if using != DEFAULT_DB_ALIAS:
        return
    try:
        # A new version: what the cache keeps (Redis outlives the processes) was rendered by the
        # code before the upgrade and is not read again.
        _bump()
        if ListedOrganisation.objects.exists():
            return
        if not (Award.objects.filter(status=AwardStatus.VALID).exists() or listed_participations().exists()):
            return
    except DatabaseError:  # not every table there yet (``migrate`` to an earlier migration)
        return
    directory_refresh()


def listed_participations() -> Any:
    """Running cycles of listed programmes that give no award (kind ``cycle``): taking part lists
    an approved employer."""
    from vereinbar.cycles.models import WORKING_STATUSES, Cycle

    return Cycle.objects.filter(
        status__in=WORKING_STATUSES,
        version__directory_listed=True,
        version__kind=ProgrammeKind.CYCLE,
        organisation__status=OrganisationStatus.APPROVED,
        organisation__type=OrganisationType.EMPLOYER,
    )


def _write(ids: list[int], *, fresh: bool) -> None:
    languages = _languages()
    if not fresh:
        ListedMention.objects.filter(listed_id__in=ids).delete()
        ListedMeasureText.objects.filter(listed_id__in=ids).delete()
        ListedDescription.objects.filter(listed_id__in=ids).delete()
        ListedMeasure.objects.filter(listed_id__in=ids).delete()
        ListedProgramme.objects.filter(listed_id__in=ids).delete()
        ListedText.objects.filter(listed_id__in=ids).delete()
        ListedOrganisation.objects.filter(pk__in=ids).delete()
    organisations = {
        row.pk: row
        for row in Organisation.objects.filter(
            pk__in=ids, status=OrganisationStatus.APPROVED, type=OrganisationType.EMPLOYER
        )
    }
    if not organisations:
        return
    history: dict[tuple[int, int], list[Award]] = {}
    for award in (
        Award.objects.filter(organisation_id__in=list(organisations))
        .select_related("programme", "version", "level")
        .defer(*HEAVY_VERSION_FIELDS, "level__rule")
        .order_by("organisation_id", "-issued_on", "-pk")
    ):
        history.setdefault((award.organisation_id, award.programme_id), []).append(award)
    listings: dict[int, list[ListedProgramme]] = {}

    def add(organisation_id: int, programme: Any, version: Any, **fields: Any) -> None:
        listings.setdefault(organisation_id, []).append(
            ListedProgramme(
                listed_id=organisation_id,
                programme_id=programme.pk,
                programme=programme.identifier,
                kind=version.kind,
                titles={code: version.localised("title", code) for code in languages},
                show=list(version.published_items or []),
                **fields,
            )
        )

    for awards in history.values():
        for award in awards:
            if award.status != AwardStatus.VALID or not award.version.directory_listed:
                continue
            level = award.level
            add(
                award.organisation_id,
                award.programme,
                award.version,
                award=True,
                level=level.key if level else "",
                level_titles={code: level.localised("title", code) or level.key for code in languages} if level else {},
                day=award.issued_on,
                first_day=award_chain(award, awards)[0].issued_on,
                valid_until=award.valid_until,
                verification_code=award.verification_code,
            )
    awarded = set(history)
    for cycle in (
        listed_participations()
        .filter(organisation_id__in=list(organisations))
        .select_related("programme", "version")
        .defer("version__definition", "version__source_text")
    ):
        if (cycle.organisation_id, cycle.programme_id) not in awarded:
            add(cycle.organisation_id, cycle.programme, cycle.version, day=cycle.started_on, first_day=cycle.started_on)
    listed = {pk: organisations[pk] for pk in listings if pk in organisations}
    if not listed:
        return
    shows = {pk: {item for listing in listings[pk] for item in listing.show} for pk in listed}
    # The search text's parts: the name, the measures' titles, the rest (``search_text``).
    texts: dict[int, tuple[list[str], list[str]]] = {}
    described: list[ListedDescription] = []
    for pk, organisation in listed.items():
        # the town and region every result row shows ("Leer, Niedersachsen"), so that the search
        # for a place finds the employers there, not only those with it in their name
        rest = [organisation.city or "", organisation.region or ""]
        if PublishedItem.PROFILE in shows[pk]:
            profile = [getattr(organisation, f"description_{code}", "") or "" for code in languages]
            if any(profile):
                described.append(ListedDescription(listed_id=pk, texts=dict(zip(languages, profile, strict=True))))
            rest += profile
        texts[pk] = ([], rest)
    types: dict[int, set[int]] = {}
    measures: list[ListedMeasureText] = []
    with_measures = [pk for pk in listed if PublishedItem.MEASURES in shows[pk]]
    titles = [f"title_{code}" for code in languages]
    descriptions = [f"description_{code}" for code in languages]
    for row in (
        public_measures_in(with_measures)
        .order_by("organisation_id", "pk")
        .values("organisation_id", "type_id", *titles, *descriptions)
    ):
        own = [row[column] or "" for column in titles]
        texts[row["organisation_id"]][0].extend(own)
        texts[row["organisation_id"]][1].extend(row[column] or "" for column in descriptions)
        if row["type_id"]:
            types.setdefault(row["organisation_id"], set()).add(row["type_id"])
        measures.append(
            ListedMeasureText(
                listed_id=row["organisation_id"],
                type_id=row["type_id"],
                titles=dict(zip(languages, own, strict=True)),
                descriptions={code: row[f"description_{code}"] or "" for code in languages},
                words=normalise_term(" ".join(own)),
            )
        )
    today = timezone.localdate()
    rows, bodies = [], []
    for pk, organisation in listed.items():
        ends = [listing.valid_until for listing in listings[pk]]
        in_force = [
            listing
            for listing in listings[pk]
            if listing.award and (listing.valid_until is None or listing.valid_until >= today)
        ]
        days = [listing.day for listing in in_force if listing.day is not None]
        # "Longest-standing first": the start of the oldest unbroken run of awards, as "since"
        first_days = [day for listing in in_force if (day := listing.first_day or listing.day) is not None]
        pairs = sorted({f"{listing.programme}#{listing.level}" for listing in listings[pk]})
        starts = [listing.day for listing in listings[pk]]
        known = [start for start in starts if start is not None]
        text = search_text(organisation.name, *texts[pk])
        rows.append(
            ListedOrganisation(
                organisation_id=pk,
                name=organisation.name,
                sort_name=organisation.name.casefold(),
                slug=organisation.slug,
                kind=organisation.kind or "",
                sector=organisation.sector or "",
                country=(organisation.country or "").upper(),
                region=organisation.region or "",
                city=organisation.city or "",
                staff_count=organisation.staff_count,
                size=_size_band(organisation.staff_count),
                website=organisation.website or "",
                is_example=bool(getattr(organisation, "is_example", False)),
                listed_until=None if None in ends else max(end for end in ends if end is not None),
                first_day=min(first_days, default=None),
                last_day=max(days, default=None),
                programme_levels="|" + "|".join(pairs) + "|",
                programme_levels_until=min((end for end in ends if end is not None), default=None),
                programme_levels_from=None if None in starts else min(known, default=None),
                programme_levels_to=max(known, default=None),
            )
        )
        bodies.append(ListedText(listed_id=pk, body=text))
    ListedOrganisation.objects.bulk_create(rows)
    ListedText.objects.bulk_create(bodies)
    ListedMention.objects.bulk_create(
        _mentions(((text.listed_id, text.body) for text in bodies), catalogue_terms()), batch_size=CHUNK
    )
    ListedProgramme.objects.bulk_create([listing for pk in listed for listing in listings[pk]])
    ListedMeasure.objects.bulk_create(
        [ListedMeasure(listed_id=pk, type_id=type_id) for pk, found in types.items() for type_id in sorted(found)]
    )
    ListedMeasureText.objects.bulk_create(measures, batch_size=CHUNK)
    ListedDescription.objects.bulk_create(described, batch_size=CHUNK)
