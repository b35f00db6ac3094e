"""A programme's ranking list, "best employers by size band", published as data
(docs/programme-format.md, "Ranking list"), and the employers' consent to appear in it.

Who is listed: an employer that (1) has consented (the latest ``RankingConsent`` row says so;
withdrawing takes it off at once), (2) holds a valid award of the programme, (3) whose award's
cycle has a closed staff survey whose report shows the whole organisation (at least the minimum
group size answered) with at least the ranking's ``min_answers``, every ranked scale shown, and
(4) whose staff count (on its profile) reaches the smallest band's ``min_staff``.

The figure ranked is the one the level's explanation shows: the share of favourable answers
over the ranked scales (each scale weighing the same), rounded to one decimal, read from the
report's published whole-organisation row as stored with the survey when it closed
(``surveys.figures``). Nothing else of the survey is published. Employers with the same figure share a rank (1, 2, 2, 4) and are ordered by name.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from typing import Any, Protocol

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from vereinbar.accounts.models import User
from vereinbar.activity.services import entry_record
from vereinbar.core.hooks import Hook
from vereinbar.organisations.models import Organisation
from vereinbar.organisations.permissions import Action, has_permission
from vereinbar.programmes.keys import programme_by_param
from vereinbar.programmes.models import Level, Programme

from .models import RankingConsent


class RankedAward(Protocol):
    """What a ranking list reads of an award (``certificates.Award``)."""

    organisation_id: int
    organisation: Organisation
    cycle_id: int | None
    level_id: int | None
    issued_on: date


# The awards of a programme valid on a day for some organisations, latest first per organisation.
RankingAwards = Callable[[Programme, set[int], date], Iterable[RankedAward]]

# Certificates and surveys are siblings in the layers (docs/architecture.md): the composition
# layer (``site``) registers certificates' awards from its ``AppConfig.ready()``.
AWARD_SOURCES: Hook[RankingAwards] = Hook("the awards a ranking lists")


def ranking_awards_register(source: RankingAwards) -> None:
    """Register ``source``: the awards of ``programme`` valid on ``on`` for the organisations
    ``organisation_ids``, ordered by organisation, then latest first."""
    AWARD_SOURCES.register(source)


VERB_CONSENT_GIVEN = "ranking.consent_given"
VERB_CONSENT_WITHDRAWN = "ranking.consent_withdrawn"


@dataclass(frozen=True)
class SizeBand:
    key: str
    title: str
    min_staff: int
    max_staff: int | None  # None: no upper bound


@dataclass(frozen=True)
class RankedEmployer:
    rank: int
    name: str
    slug: str
    city: str
    level: str
    favourable_percent: Decimal
    awarded_on: date


@dataclass
class BandRanking:
    band: SizeBand
    entries: list[RankedEmployer] = field(default_factory=list)


@dataclass
class Ranking:
    programme: Programme
    title: str
    min_answers: int
    bands: list[BandRanking]
    on: date

    @property
    def slug(self) -> str:
        return programme_slug(self.programme)


def programme_slug(programme: Programme) -> str:
    """The programme's key in addresses (as on the directory's programme pages)."""
    return programme.key


def ranking_spec(programme: Programme) -> Mapping[str, Any] | None:
    """The ranking list of the programme's current version, or None when it publishes none."""
    version = programme.current_version
    if version is None:
        return None
    spec = (version.definition.get("publication") or {}).get("ranking")
    return spec or None


def programme_with_ranking(slug: str) -> Programme | None:
    """The programme ``slug`` names (its key, or its address from before keys) if it publishes a
    ranking list."""
    programme = programme_by_param(slug)
    return programme if programme is not None and ranking_spec(programme) is not None else None


def size_bands(spec: Mapping[str, Any], language: str) -> list[SizeBand]:
    """The bands in order of their minimum staff; each reaches up to the next one's minimum − 1."""
    items = sorted(spec["size_bands"], key=lambda band: band["min_staff"])
    bands = []
    for index, item in enumerate(items):
        following = items[index + 1]["min_staff"] - 1 if index + 1 < len(items) else None
        titles = item["title"]
        title = titles.get(language) or next(iter(titles.values()), item["id"])
        bands.append(SizeBand(item["id"], title, item["min_staff"], following))
    return bands


def band_of(bands: list[SizeBand], staff: int | None) -> SizeBand | None:
    if staff is None:
        return None
    fitting = [band for band in bands if band.min_staff <= staff]
    return fitting[-1] if fitting else None


def favourable_percent(figures: Any, scales: list[str] | None) -> Decimal | None:
    """The share of favourable answers over ``scales`` (all the report's scales when None), as the
    level's explanation shows it (``programmes.levels``: rounded half up to one decimal); None
    when the report shows no figures, or hides a scale needed."""
    if figures is None or figures.responses is None:
        return None
    chosen = [scale for scale in figures.scales if scales is None or scale.key in scales]
    if not chosen or (scales is not None and len(chosen) != len(scales)):
        return None
    if any(scale.favourable is None for scale in chosen):
        return None
    value = sum((Decimal(str(scale.favourable)) for scale in chosen), Decimal(0)) * 100 / len(chosen)
    return value.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def consents_given(programme: Programme) -> set[int]:
    """Organisations whose latest consent to the programme's ranking list is given."""
    latest: dict[int, bool] = {}
    rows = RankingConsent.objects.filter(programme=programme).order_by("changed_at", "pk")
    for organisation_id, given in rows.values_list("organisation_id", "given"):
        latest[organisation_id] = given
    return {organisation_id for organisation_id, given in latest.items() if given}


def consent_current(organisation: Organisation, programme: Programme) -> bool:
    row = RankingConsent.objects.filter(organisation=organisation, programme=programme).first()
    return bool(row and row.given)


def consent_history(organisation: Organisation, programme: Programme) -> list[RankingConsent]:
    """Every change of the consent, the latest first."""
    return list(
        RankingConsent.objects.filter(organisation=organisation, programme=programme).select_related("changed_by")
    )


def consent_set(*, actor: User, organisation: Organisation, programme: Programme, given: bool) -> RankingConsent | None:
    """The coordinator gives or withdraws the organisation's consent to appear in the programme's
    ranking list; a new row and a history entry per change (None: nothing changed)."""
    if not has_permission(actor, organisation, Action.MANAGE_SURVEYS):
        raise PermissionDenied(_("Only the organisation's coordinators decide about the ranking list."))
    if ranking_spec(programme) is None:
        raise ValidationError(_("This programme publishes no ranking list."))
    with transaction.atomic():
        Organisation.objects.select_for_update().filter(pk=organisation.pk).first()
        if consent_current(organisation, programme) == given:
            return None
        row = RankingConsent.objects.create(
            organisation=organisation, programme=programme, given=given, changed_by=actor, changed_at=timezone.now()
        )
        entry_record(
            actor=actor,
            verb=VERB_CONSENT_GIVEN if given else VERB_CONSENT_WITHDRAWN,
            target=organisation,
            organisation=organisation,
            before={"ranking": programme.identifier, "consent": not given},
            after={"ranking": programme.identifier, "consent": given},
        )
    return row


def rankings_for(organisation: Organisation) -> list[Programme]:
    """Programmes with a ranking list in which the organisation has a cycle."""
    programmes = (
        Programme.objects.filter(cycles__organisation=organisation).distinct().select_related("current_version")
    )
    return [programme for programme in programmes.order_by("identifier") if ranking_spec(programme) is not None]


# The figure of a survey is read from its report, which is costly (every answer decoded); so each
# closed survey's whole-organisation figures are stored with it when it closes
# (``surveys.figures``) and read here with the surveys, in the same query. Consents, awards and
# staff counts are read from the database on every request, so a withdrawn consent or a revoked
# award leaves the list at once.


@dataclass(frozen=True)
class _Shown:
    """What the ranking reads of a survey report's whole-organisation row."""

    responses: int | None
    favourable: tuple[tuple[str, float | None], ...]  # (scale key, favourable share 0–1 or None)

    @property
    def scales(self) -> tuple[Any, ...]:
        from vereinbar.programmes.levels import SurveyScale

        return tuple(SurveyScale(key=key, title=key, favourable=value) for key, value in self.favourable)


def _shown(row: Any) -> _Shown:
    return _Shown(row.responses, tuple((key, value) for key, value in row.favourable))


def figures_stored(surveys: list[Any]) -> dict[int, _Shown]:
    """The stored figures of each survey (read with it by ``ranked_surveys``) by its id; a survey
    without them, or with figures read under another closing time or minimum group size, gets
    them read from its report and stored now (``surveys.figures``)."""
    from .figures import figures_current, figures_fill
    from .models import TotalFigures

    shown: dict[int, _Shown] = {}
    missing: list[int] = []
    for survey in surveys:
        try:
            row = survey.total_figures
        except TotalFigures.DoesNotExist:
            row = None
        if figures_current(survey, row):
            shown[survey.pk] = _shown(row)
        else:
            missing.append(survey.pk)
    if missing:
        figures_fill(missing)
        by_id = {survey.pk: survey for survey in surveys}
        for row in TotalFigures.objects.filter(survey_id__in=missing):
            if figures_current(by_id[row.survey_id], row):  # not when its report could not be read
                shown[row.survey_id] = _shown(row)
    return shown


def ranked_surveys(cycle_ids: list[int], instrument: str) -> dict[int, Any]:
    """For each cycle, the survey its ranking figure comes from (as ``survey_for_condition``: the
    latest closed survey of the cycle with the instrument, or of its survey phases), with its
    stored figures, in one query."""
    from .models import Survey, SurveyStatus

    surveys = (
        Survey.objects.filter(status=SurveyStatus.CLOSED)
        .select_related("total_figures")
        .only(
            "pk",
            "closed_at",
            "min_group_size",
            "cycle_id",
            "phase_run_id",
            "total_figures__closed_at",
            "total_figures__k",
            "total_figures__responses",
            "total_figures__favourable",
        )
    )
    if instrument:
        rows = surveys.filter(cycle_id__in=cycle_ids, instrument_version__instrument__urn=instrument)
        cycle_of = "cycle_id"
    else:
        rows = surveys.filter(phase_run__cycle_id__in=cycle_ids).annotate(ranked_cycle=F("phase_run__cycle_id"))
        cycle_of = "ranked_cycle"
    latest: dict[int, Any] = {}
    for survey in rows.order_by("-closed_at", "-pk"):
        latest.setdefault(getattr(survey, cycle_of), survey)
    return latest


def ranking_build(programme: Programme, *, on: date | None = None) -> Ranking:
    """The programme's ranking list on ``on`` (today), in the active language."""
    spec = ranking_spec(programme)
    if spec is None:
        raise ValueError("the programme publishes no ranking list")
    on = on or timezone.localdate()
    language = get_language() or "en"
    bands = size_bands(spec, language)
    min_answers = int(spec.get("min_answers", 1))
    scales = list(spec["scales"]) if spec.get("scales") else None
    consenting = consents_given(programme)
    latest: dict[int, RankedAward] = {}
    for source in AWARD_SOURCES:
        for award in source(programme, consenting, on):
            latest.setdefault(award.organisation_id, award)
    placed = [
        (award, cycle_id, band)
        for award in latest.values()
        if (cycle_id := award.cycle_id) is not None
        and (band := band_of(bands, award.organisation.staff_count)) is not None
    ]
    surveys = ranked_surveys([cycle_id for _award, cycle_id, _band in placed], str(spec.get("instrument", "")))
    figures = figures_stored(list(surveys.values()))
    by_band: dict[str, list[tuple[Decimal, Any]]] = {band.key: [] for band in bands}
    for award, cycle_id, band in placed:
        survey = surveys.get(cycle_id)
        shown = figures.get(survey.pk) if survey is not None else None
        if shown is None or shown.responses is None or shown.responses < min_answers:
            continue
        value = favourable_percent(shown, scales)
        if value is not None:
            by_band[band.key].append((value, award))
    # Each level's title once (a level names itself through its programme version).
    level_ids = {award.level_id for _value, award in (pair for pairs in by_band.values() for pair in pairs)}
    levels = {level.pk: str(level) for level in Level.objects.filter(pk__in=level_ids).select_related("version")}
    result = []
    for band in bands:
        ordered = sorted(by_band[band.key], key=lambda item: (-item[0], item[1].organisation.name.casefold()))
        entries, rank, previous = [], 0, None
        for position, (value, award) in enumerate(ordered, start=1):
            if value != previous:
                rank, previous = position, value
            organisation = award.organisation
            entries.append(
                RankedEmployer(
                    rank=rank,
                    name=organisation.name,
                    slug=organisation.slug,
                    city=organisation.city or "",
                    level=levels.get(award.level_id, ""),
                    favourable_percent=value,
                    awarded_on=award.issued_on,
                )
            )
        result.append(BandRanking(band, entries))
    return Ranking(
        programme=programme,
        title=str(programme),
        min_answers=min_answers,
        bands=result,
        on=on,
    )


def ranking_data(ranking: Ranking) -> dict[str, Any]:
    """The ranking list as open data (the JSON download and the API give exactly this)."""
    return {
        "programme": ranking.programme.identifier,
        "title": ranking.title,
        "on": ranking.on.isoformat(),
        "min_answers": ranking.min_answers,
        "measure": "favourable_percent",
        "ties": "same_rank_ordered_by_name",
        "size_bands": [
            {
                "id": item.band.key,
                "title": item.band.title,
                "min_staff": item.band.min_staff,
                "max_staff": item.band.max_staff,
                "entries": [
                    {
                        "rank": entry.rank,
                        "employer": entry.name,
                        "slug": entry.slug,
                        "city": entry.city,
                        "level": entry.level,
                        "favourable_percent": float(entry.favourable_percent),
                        "awarded_on": entry.awarded_on.isoformat(),
                    }
                    for entry in item.entries
                ],
            }
            for item in ranking.bands
        ],
    }


CSV_COLUMNS = ("size_band", "min_staff", "max_staff", "rank", "employer", "slug", "city", "level",
               "favourable_percent", "awarded_on")  # fmt: skip


def ranking_csv(ranking: Ranking) -> str:
    """One row per ranked employer, the size band on each row (column names in English, as the JSON)."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(CSV_COLUMNS)
    for item in ranking.bands:
        for entry in item.entries:
            writer.writerow(
                [
                    item.band.key,
                    item.band.min_staff,
                    item.band.max_staff if item.band.max_staff is not None else "",
                    entry.rank,
                    entry.name,
                    entry.slug,
                    entry.city,
                    entry.level,
                    f"{entry.favourable_percent:.1f}",
                    entry.awarded_on.isoformat(),
                ]
            )
    return out.getvalue()
