"""Changes to measures and to the measure catalogue.

Each function is one command: guard → one transaction → change → history entry. A measure's
status follows ``ALLOWED_STATUS_CHANGES``; each change is its own service and writes a history
entry with the status (and the date) before and after, so the organisation's history shows when
a measure was put in place and since when.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from vereinbar.accounts.models import User
from vereinbar.activity.services import entry_record
from vereinbar.core.signals import measure_types_changed, organisations_changed
from vereinbar.organisations.models import Organisation, Visibility
from vereinbar.organisations.permissions import Action, check_operator_action, has_permission
from vereinbar.organisations.validation import clean_fields

from .catalogue import TypeEntry, catalogue_file, catalogue_parse
from .models import (
    CatalogueOrigin,
    LifeSituation,
    Measure,
    MeasureCategory,
    MeasureStatus,
    MeasureType,
    TargetGroup,
)

LANGUAGES = tuple(code for code, _name in settings.LANGUAGES)
TEXT_FIELDS = tuple(f"{name}_{language}" for name in ("title", "description") for language in LANGUAGES)
MEASURE_FIELDS = (*TEXT_FIELDS, "basis", "visibility", "since", "ended_on", "status")
CATALOGUE_TEXT_FIELDS = tuple(
    f"{name}_{language}" for name in ("name", "description", "synonyms") for language in LANGUAGES
)

# The workflow of a measure: which status may follow which.
ALLOWED_STATUS_CHANGES: dict[MeasureStatus, frozenset[MeasureStatus]] = {
    MeasureStatus.PLANNED: frozenset({MeasureStatus.IN_PLACE, MeasureStatus.ENDED}),
    MeasureStatus.IN_PLACE: frozenset({MeasureStatus.ENDED}),
    MeasureStatus.ENDED: frozenset({MeasureStatus.IN_PLACE, MeasureStatus.PLANNED}),
}


def _require(actor: User, organisation: Organisation, action: Action) -> None:
    if not has_permission(actor, organisation, action):
        raise PermissionDenied


# --- Measures ---------------------------------------------------------------------------


# A measure's dates are days of this or the last century: an earlier one is a slip of the year
# ("0219" for "2019") that the public profile would show as typed.
EARLIEST_DAY = date(1900, 1, 1)


def _check_dates(status: str, since: date | None, ended_on: date | None) -> tuple[date | None, date | None]:
    """The dates that fit the status, or a ValidationError naming the date field."""
    today = timezone.localdate()
    if status == MeasureStatus.PLANNED:
        return None, None  # dates apply to measures in place or ended
    if status == MeasureStatus.IN_PLACE:
        if since is None:
            raise ValidationError({"since": _("Say since when the measure is in place.")})
        ended_on = None
    if status == MeasureStatus.ENDED and ended_on is None:
        raise ValidationError({"ended_on": _("Say when the measure ended.")})
    too_early = [name for name, day in (("since", since), ("ended_on", ended_on)) if day and day < EARLIEST_DAY]
    if too_early:
        raise ValidationError({name: _("Enter a day from 1900 on: check the year.") for name in too_early})
    if since is not None and since > today:
        raise ValidationError(
            {"since": _("A measure cannot be in place from a future date; keep it planned until then.")}
        )
    if ended_on is not None:
        if ended_on > today:
            raise ValidationError({"ended_on": _("The end date cannot be in the future.")})
        if since is not None and ended_on < since:
            raise ValidationError({"ended_on": _("The end date cannot be before the date it was put in place.")})
    return since, ended_on


def _check_target_groups(groups: Any) -> list[str]:
    if groups is None:
        return []
    known = set(TargetGroup.values)
    if not isinstance(groups, list | tuple) or any(group not in known for group in groups):
        raise ValidationError({"target_groups": _("Choose target groups from the list offered.")})
    return list(dict.fromkeys(str(group) for group in groups))


def _check_classification(
    type: MeasureType | None, category: MeasureCategory | None, current: Measure | None
) -> tuple[MeasureType | None, MeasureCategory]:
    if type is not None:
        if not type.is_active and (current is None or current.type_id != type.pk):
            raise ValidationError({"type": _("This catalogue entry is no longer offered.")})
        if category is not None and category.pk != type.category_id:
            raise ValidationError(
                {"category": _("The catalogue entry belongs to “%(category)s”.") % {"category": type.category.name}}
            )
        return type, type.category
    if category is None:
        raise ValidationError({"category": _("Choose a category or an entry of the catalogue.")})
    return None, category


def _fill_titles(organisation: Organisation, texts: dict[str, Any], type: MeasureType | None) -> None:
    """No title given: take the catalogue entry's names, or ask for a title."""
    if any(texts.get(f"title_{language}") for language in LANGUAGES):
        return
    if type is None:
        raise ValidationError(
            {f"title_{organisation.primary_language}": _("Give the measure a title in at least one language.")}
        )
    for language in LANGUAGES:
        texts[f"title_{language}"] = getattr(type, f"name_{language}") or ""


def _check_title_free(organisation: Organisation, texts: Mapping[str, Any], measure: Measure | None = None) -> None:
    """A second measure with the same title is almost always a form sent twice; one offered again
    after it ended gets its status changed instead (ended → in place is allowed)."""
    others = Measure.objects.filter(organisation=organisation)
    if measure is not None:
        others = others.exclude(pk=measure.pk)
    primary = organisation.primary_language
    for language in sorted(LANGUAGES, key=lambda code: code != primary):
        title = (texts.get(f"title_{language}") or "").strip()
        if title and others.filter(**{f"title_{language}__iexact": title}).exists():
            message = _(
                "There is already a measure “%(title)s”. Change that one (its status too, if it is offered "
                "again), or give this one another title."
            )
            raise ValidationError({f"title_{language}": message % {"title": title}})


def _facts(measure: Measure) -> dict[str, Any]:
    """What the history keeps of a measure."""
    facts: dict[str, Any] = {"title": measure.title, "status": measure.status}
    if measure.since:
        facts["since"] = measure.since.isoformat()
    if measure.ended_on:
        facts["ended_on"] = measure.ended_on.isoformat()
    return facts


def measure_create(*, actor: User, organisation: Organisation, data: Mapping[str, Any]) -> Measure:
    """Record a measure of the organisation: planned, or in place since a date, or ended."""
    _require(actor, organisation, Action.MANAGE_MEASURES)
    data = dict(data)
    type, category = _check_classification(data.pop("type", None), data.pop("category", None), None)
    target_groups = _check_target_groups(data.pop("target_groups", None))
    data.setdefault("status", MeasureStatus.PLANNED)
    data.setdefault("visibility", Visibility.INTERNAL)
    cleaned = clean_fields(Measure, data, allowed=MEASURE_FIELDS)
    _fill_titles(organisation, cleaned, type)
    _check_title_free(organisation, cleaned)
    cleaned["since"], cleaned["ended_on"] = _check_dates(
        cleaned["status"], cleaned.get("since"), cleaned.get("ended_on")
    )
    with transaction.atomic():
        measure = Measure.objects.create(
            organisation=organisation, type=type, category=category, target_groups=target_groups, **cleaned
        )
        entry_record(
            actor=actor, verb="measure.created", target=measure, organisation=organisation, after=_facts(measure)
        )
        organisations_changed(organisation_ids=[organisation.pk])
    return measure


def measure_update(*, actor: User, measure: Measure, data: Mapping[str, Any]) -> Measure:
    """Change what a measure is, for whom and (as a correction) its dates; not its status."""
    organisation = measure.organisation
    _require(actor, organisation, Action.MANAGE_MEASURES)
    data = dict(data)
    if "status" in data:
        raise TypeError("change the status with measure_change_status")
    changes: dict[str, Any] = {}
    if "type" in data or "category" in data:
        type, category = _check_classification(data.pop("type", measure.type), data.pop("category", None), measure)
        changes.update(type=type, category=category)
    if "target_groups" in data:
        changes["target_groups"] = _check_target_groups(data.pop("target_groups"))
    cleaned = clean_fields(Measure, data, allowed=MEASURE_FIELDS, instance=measure)
    texts = {name: cleaned.get(name, getattr(measure, name)) for name in TEXT_FIELDS}
    _fill_titles(organisation, texts, changes.get("type", measure.type))
    _check_title_free(organisation, texts, measure)
    changes.update(texts)
    changes["since"], changes["ended_on"] = _check_dates(
        measure.status, cleaned.get("since", measure.since), cleaned.get("ended_on", measure.ended_on)
    )
    changes.update({name: cleaned[name] for name in ("basis", "visibility") if name in cleaned})
    diff = {name: value for name, value in changes.items() if getattr(measure, name) != value}
    if not diff:
        return measure
    with transaction.atomic():
        before = {name: _plain(getattr(measure, name)) for name in diff}
        for name, value in diff.items():
            setattr(measure, name, value)
        measure.save(update_fields=[*diff, "updated_at"])
        entry_record(
            actor=actor,
            verb="measure.updated",
            target=measure,
            organisation=organisation,
            before=before,
            after={name: _plain(value) for name, value in diff.items()},
        )
        organisations_changed(organisation_ids=[organisation.pk])
    return measure


def _plain(value: Any) -> Any:
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, MeasureType | MeasureCategory):
        return value.key
    if isinstance(value, str) and len(value) > 200:
        return value[:199] + "…"
    return value


def measure_delete(*, actor: User, measure: Measure) -> None:
    """Delete a measure recorded by mistake (an ended measure should be ended, not deleted)."""
    _require(actor, measure.organisation, Action.MANAGE_MEASURES)
    with transaction.atomic():
        entry_record(
            actor=actor,
            verb="measure.deleted",
            target=measure,
            organisation=measure.organisation,
            before=_facts(measure),
        )
        measure.delete()
        organisations_changed(organisation_ids=[measure.organisation_id])


def _transition(
    *, actor: User, measure: Measure, to: MeasureStatus, since: date | None, ended_on: date | None, comment: str
) -> Measure:
    _require(actor, measure.organisation, Action.MANAGE_MEASURES)
    current = MeasureStatus(measure.status)
    if to not in ALLOWED_STATUS_CHANGES[current]:
        raise ValidationError(
            {
                "status": _("A measure that is “%(current)s” cannot become “%(new)s”.")
                % {"current": current.label, "new": to.label}
            }
        )
    since, ended_on = _check_dates(to, since, ended_on)
    with transaction.atomic():
        before = _facts(measure)
        measure.status, measure.since, measure.ended_on = to, since, ended_on
        measure.save(update_fields=["status", "since", "ended_on", "updated_at"])
        after = _facts(measure)
        entry_record(
            actor=actor,
            verb={
                MeasureStatus.IN_PLACE: "measure.put_in_place",
                MeasureStatus.ENDED: "measure.ended",
                MeasureStatus.PLANNED: "measure.planned",
            }[to],
            target=measure,
            organisation=measure.organisation,
            before={key: value for key, value in before.items() if key != "title"},
            after={key: value for key, value in after.items() if key != "title"},
            comment=comment.strip(),
        )
        organisations_changed(organisation_ids=[measure.organisation_id])
    return measure


def measure_put_in_place(*, actor: User, measure: Measure, since: date | None, comment: str = "") -> Measure:
    """The measure is in place since ``since`` (required, not in the future)."""
    return _transition(
        actor=actor, measure=measure, to=MeasureStatus.IN_PLACE, since=since, ended_on=None, comment=comment
    )


def measure_end(*, actor: User, measure: Measure, ended_on: date | None, comment: str = "") -> Measure:
    """The measure ended (or, if it was only planned, was dropped) on ``ended_on``."""
    return _transition(
        actor=actor, measure=measure, to=MeasureStatus.ENDED, since=measure.since, ended_on=ended_on, comment=comment
    )


def measure_plan(*, actor: User, measure: Measure, comment: str = "") -> Measure:
    """An ended measure is planned again; its dates are cleared."""
    return _transition(
        actor=actor, measure=measure, to=MeasureStatus.PLANNED, since=None, ended_on=None, comment=comment
    )


def measure_change_status(
    *,
    actor: User,
    measure: Measure,
    status: str,
    since: date | None = None,
    ended_on: date | None = None,
    comment: str = "",
) -> Measure:
    """Dispatch to the service of the requested status (for forms and the API)."""
    if status == MeasureStatus.IN_PLACE:
        return measure_put_in_place(actor=actor, measure=measure, since=since, comment=comment)
    if status == MeasureStatus.ENDED:
        return measure_end(actor=actor, measure=measure, ended_on=ended_on, comment=comment)
    if status == MeasureStatus.PLANNED:
        return measure_plan(actor=actor, measure=measure, comment=comment)
    raise ValidationError({"status": _("Choose one of the statuses offered.")})


# --- The catalogue ----------------------------------------------------------------------


@dataclass
class CatalogueLoadResult:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    retired: int = 0

    @property
    def changed(self) -> bool:
        return bool(self.created or self.updated or self.retired)


class _Upsert:
    """Rows of one catalogue model by key, read once; new ones are inserted together at the end
    (one statement instead of a query and an insert per entry)."""

    def __init__(self, model: type[Any], result: CatalogueLoadResult) -> None:
        self.model = model
        self.result = result
        self.existing = {instance.key: instance for instance in model.objects.all()}
        self.new: list[Any] = []

    def save(self, key: str, values: dict[str, Any]) -> Any:
        instance = self.existing.get(key)
        if instance is None:
            instance = self.model(key=key, **values)
            self.existing[key] = instance
            self.new.append(instance)
            self.result.created += 1
            return instance
        changed = [name for name, value in values.items() if getattr(instance, name) != value]
        if changed:  # (a key is in the file once: catalogue_parse refuses duplicates)
            for name in changed:
                setattr(instance, name, values[name])
            instance.save(update_fields=changed)
            self.result.updated += 1
        else:
            self.result.unchanged += 1
        return instance

    def insert(self) -> None:
        self.model.objects.bulk_create(self.new)
        self.new = []


def _texts(prefix: str, texts: Mapping[str, str]) -> dict[str, str | None]:
    return {f"{prefix}_{language}": texts.get(language) or None for language in LANGUAGES}


def catalogue_load(*, path: Path | None = None, actor: User | None = None) -> CatalogueLoadResult:
    """Load the catalogue file into the database; running it twice changes nothing.

    Entries of the file are created or updated by key; file entries no longer in the file are
    retired (kept for the measures that use them, no longer offered). Entries added by
    operators are left alone unless the file takes over their key.
    """
    path = path or catalogue_file()
    categories = catalogue_parse(path.read_text(encoding="utf-8"), file=path.name)
    result = CatalogueLoadResult()
    with transaction.atomic():
        category_rows = _Upsert(MeasureCategory, result)
        type_rows = _Upsert(MeasureType, result)
        typed: list[tuple[TypeEntry, MeasureCategory, int]] = []
        position = 0
        for category_position, entry in enumerate(categories):
            category = category_rows.save(
                entry.key,
                {
                    **_texts("name", entry.names),
                    "life_situations": entry.life_situations,
                    "position": category_position,
                    "is_active": True,
                },
            )
            for type_entry in entry.types:
                position += 1
                typed.append((type_entry, category, position))
        category_rows.insert()  # the types' new categories need their keys first
        for type_entry, category, position in typed:
            type_rows.save(type_entry.key, _type_values(type_entry, category, position))
        type_rows.insert()
        type_keys = {type_entry.key for entry in categories for type_entry in entry.types}
        stale_types = MeasureType.objects.filter(origin=CatalogueOrigin.FILE, is_active=True).exclude(key__in=type_keys)
        stale_categories = MeasureCategory.objects.filter(is_active=True).exclude(
            key__in=[entry.key for entry in categories]
        )
        result.retired = stale_types.update(is_active=False) + stale_categories.update(is_active=False)
        if result.changed:  # the catalogue's names are in the directory's search text
            measure_types_changed()
        if result.changed:
            entry_record(
                actor=actor or "vereinbar measures load-catalogue",
                verb="measure_catalogue.loaded",
                after={
                    "file": path.name,
                    "created": result.created,
                    "updated": result.updated,
                    "retired": result.retired,
                },
            )
    return result


def _type_values(entry: TypeEntry, category: MeasureCategory, position: int) -> dict[str, Any]:
    synonyms = {language: "\n".join(words) for language, words in entry.synonyms.items()}
    values: dict[str, Any] = {
        "category": category,
        **_texts("name", entry.names),
        **_texts("description", entry.descriptions),
        **_texts("synonyms", synonyms),
        "life_situations": entry.life_situations,
        "statutory": entry.statutory,
        "country": entry.country,
        "legal_reference": entry.legal_reference,
        "origin": CatalogueOrigin.FILE,
        "position": position,
        "is_active": True,
    }
    values["search_text"] = _search_text(values)
    return values


def _search_text(values: Mapping[str, Any]) -> str:
    probe = MeasureType(**{name: value for name, value in values.items() if name != "category"})
    return "\n".join(sorted(probe.terms()))


def _clean_catalogue_entry(data: Mapping[str, Any], instance: MeasureType | None) -> dict[str, Any]:
    data = dict(data)
    category = data.pop("category", instance.category if instance else None)
    if not isinstance(category, MeasureCategory):
        raise ValidationError({"category": _("Choose a category.")})
    situations = data.pop("life_situations", instance.life_situations if instance else [])
    if not isinstance(situations, list | tuple) or any(value not in LifeSituation.values for value in situations):
        raise ValidationError({"life_situations": _("Choose life situations from the list offered.")})
    for language in LANGUAGES:
        words = data.get(f"synonyms_{language}")
        if isinstance(words, str):
            # One per line or separated by commas; stored one per line.
            parts = [" ".join(word.split()) for line in words.splitlines() for word in line.split(",")]
            data[f"synonyms_{language}"] = "\n".join(part for part in parts if part)
    cleaned = clean_fields(
        MeasureType,
        data,
        allowed=(*CATALOGUE_TEXT_FIELDS, "statutory", "country", "legal_reference"),
        instance=instance,
    )
    names = {
        language: cleaned.get(f"name_{language}", getattr(instance, f"name_{language}", None)) for language in LANGUAGES
    }
    if not any(names.values()):
        raise ValidationError({"name_en": _("Give the entry a name in at least one language.")})
    country = (cleaned.get("country") or "").upper()
    cleaned["country"] = country
    if cleaned.get("statutory") and not country:
        raise ValidationError({"country": _("Say in which country this right applies (EU for all member states).")})
    return {"category": category, "life_situations": list(dict.fromkeys(situations)), **cleaned}


def _new_catalogue_key(names: Mapping[str, str | None]) -> str:
    base = slugify(names.get("en") or next(name for name in names.values() if name) or "entry").replace("-", "_")
    base = base[:70] or "entry"
    key, number = base, 1
    while MeasureType.objects.filter(key=key).exists():
        number += 1
        key = f"{base}_{number}"
    return key


def catalogue_entry_create(*, actor: User, data: Mapping[str, Any]) -> MeasureType:
    """An operator admin adds an entry to the catalogue (kept when the catalogue file is reloaded)."""
    check_operator_action(actor, Action.MANAGE_CATALOGUE)
    values = _clean_catalogue_entry(data, None)
    names = {language: values.get(f"name_{language}") for language in LANGUAGES}
    with transaction.atomic():
        last = MeasureType.objects.order_by("-position").values_list("position", flat=True).first() or 0
        entry = MeasureType(key=_new_catalogue_key(names), origin=CatalogueOrigin.OPERATOR, position=last + 1, **values)
        entry.search_text = "\n".join(sorted(entry.terms()))
        entry.save()
        entry_record(actor=actor, verb="measure_type.created", target=entry, after={"key": entry.key})
        measure_types_changed(type_ids=[entry.pk])  # texts naming it are found by its names
    return entry


def catalogue_entry_update(*, actor: User, entry: MeasureType, data: Mapping[str, Any]) -> MeasureType:
    """Change an entry an operator added; entries from the file are changed in the file."""
    check_operator_action(actor, Action.MANAGE_CATALOGUE)
    if entry.origin != CatalogueOrigin.OPERATOR:
        raise ValidationError(_("This entry comes from the catalogue file; change it there."))
    values = _clean_catalogue_entry(data, entry)
    diff = {name: value for name, value in values.items() if getattr(entry, name) != value}
    if not diff:
        return entry
    with transaction.atomic():
        before = {name: _plain(getattr(entry, name)) for name in diff}
        for name, value in diff.items():
            setattr(entry, name, value)
        entry.search_text = "\n".join(sorted(entry.terms()))
        entry.save(update_fields=[*diff, "search_text", "updated_at"])
        entry_record(
            actor=actor,
            verb="measure_type.updated",
            target=entry,
            before=before,
            after={name: _plain(value) for name, value in diff.items()},
        )
        measure_types_changed(type_ids=[entry.pk])
    return entry
