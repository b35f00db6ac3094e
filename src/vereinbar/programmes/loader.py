"""From a checked definition to database rows, plus the checks that need the database.

``loading_prepare`` never writes; ``version_rows_create`` writes the rows of one new version
and is called by ``services.programme_load`` inside its transaction.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.utils.translation import gettext as _

from vereinbar.accounts.models import User
from vereinbar.core.types import Actor
from vereinbar.organisations.models import Organisation, OrganisationType

from .definition import Checked, Problem, canonicalise, content_hash, definition_check, definition_warnings
from .definition.rules import BUILT_IN_ACTORS
from .models import (
    FLAT_FIELD_CODE,
    ActionField,
    ActorRole,
    Criterion,
    Level,
    MeasureTemplate,
    Phase,
    Programme,
    ProgrammeRole,
    ProgrammeVersion,
    ScaleOption,
    Stage,
    StatusScale,
    version_sort_key,
)


@dataclass
class Prepared:
    """A file checked against the format and against what is already loaded."""

    checked: Checked
    definition: dict[str, Any] | None = None
    content_hash: str = ""
    operator: Organisation | None = None
    programme: Programme | None = None
    existing: ProgrammeVersion | None = None  # the same version, already loaded with the same content
    warnings: list[Problem] = dataclasses.field(default_factory=list)  # loads, but probably not as meant

    @property
    def ok(self) -> bool:
        return self.checked.ok and self.definition is not None


def loading_prepare(
    raw: str | bytes, *, filename: str, operator_slug: str | None = None, default_operator_slug: str | None = None
) -> Prepared:
    """Check a file completely (format, rules, operator, version conflicts) without writing.

    ``operator_slug`` is the operator chosen for loading (it must agree with the file's);
    ``default_operator_slug`` applies only when neither the file, the caller nor the programme
    already loaded names one.
    """
    checked = definition_check(raw, filename=filename)
    prepared = Prepared(checked=checked, warnings=definition_warnings(checked.source))
    if checked.definition is None:
        return prepared
    source = checked.source
    definition = dict(checked.definition)
    named = definition.get("operator")
    if operator_slug and named and operator_slug != named:
        source.problem(
            ("operator",),
            "operator_mismatch",
            _("The file names the operator “%(named)s”, but “%(given)s” was chosen for loading it.")
            % {"named": named, "given": operator_slug},
        )
        return prepared
    programme = Programme.objects.filter(identifier=definition["id"]).select_related("operator").first()
    # A programme keeps its operator across versions: a new version whose file names none is the
    # programme's own operator's (docs/programme-format.md, "Operator"), not the loader's guess.
    kept = programme.operator.slug if programme is not None and programme.operator else None
    slug = operator_slug or named or kept or default_operator_slug
    if slug:
        operator = Organisation.objects.filter(slug=slug, type=OrganisationType.OPERATOR).first()
        if operator is None:
            source.problem(
                ("operator",),
                "unknown_operator",
                _("There is no programme operator with the short name “%(slug)s”.") % {"slug": slug},
            )
            return prepared
        prepared.operator = operator
        definition["operator"] = slug
        definition = canonicalise(definition)
    if programme is not None:
        prepared.programme = programme
        if programme.operator_id != (prepared.operator.pk if prepared.operator else None):
            if programme.operator is None:
                message = _(
                    "The programme “%(id)s” was loaded without an operator; a new version cannot give it one. "
                    "Load it again without an operator, or under a new identifier."
                ) % {"id": definition["id"]}
            else:
                message = _(
                    "The programme “%(id)s” belongs to “%(owner)s”; a new version cannot change its operator."
                ) % {"id": definition["id"], "owner": programme.operator.slug}
            source.problem(("operator",), "operator_changed", message)
            return prepared
    digest = content_hash(definition)
    existing = (
        ProgrammeVersion.objects.filter(programme=programme, version=definition["version"]).first()
        if programme is not None
        else None
    )
    if existing is not None and existing.content_hash != digest:
        source.problem(
            ("version",),
            "version_changed",
            _(
                "Version “%(version)s” of “%(id)s” is already loaded with different content. "
                "Give the changed definition a new version."
            )
            % {"version": definition["version"], "id": definition["id"]},
        )
        return prepared
    prepared.definition = definition
    prepared.content_hash = digest
    prepared.existing = existing
    return prepared


def _texts(field: str, value: dict[str, str] | None) -> dict[str, str]:
    value = value or {}
    return {f"{field}_{code}": value.get(code, "") for code, _name in settings.LANGUAGES}


def _day(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None


def _decimal(value: Any) -> Decimal | None:
    return None if value is None else Decimal(str(value))


def _criteria(
    version: ProgrammeVersion,
    field: ActionField,
    items: list[dict[str, Any]],
    scales: dict[str, StatusScale],
    parent: Criterion | None,
    counter: list[int],
) -> None:
    for item in items:
        assessment = item["assessment"]
        counter[0] += 1
        criterion = Criterion.objects.create(
            version=version,
            action_field=field,
            parent=parent,
            depth=0 if parent is None else parent.depth + 1,
            order=counter[0],
            code=item["code"],
            **_texts("title", item["title"]),
            **_texts("question", item.get("question")),
            **_texts("guidance", item.get("guidance")),
            required=item["required"],
            evidence_required=item["evidence_required"],
            public=item["public"],
            assessment_kind=assessment["kind"],
            scale=scales.get(assessment.get("scale", "")),
            max_score=_decimal(assessment.get("max")),
            weight=Decimal(str(assessment.get("weight", 1))),
            pass_score=_decimal(assessment.get("pass_score")),
            score_step=_decimal(assessment.get("step")),
            min_length=assessment.get("min_length"),
            max_length=assessment.get("max_length"),
        )
        _criteria(version, field, item["criteria"], scales, criterion, counter)


def version_rows_create(
    *, programme: Programme, definition: dict[str, Any], digest: str, filename: str, source_text: str, actor: Actor
) -> ProgrammeVersion:
    """Create the version and all its rows (call inside a transaction)."""
    publication = definition["publication"]
    version = ProgrammeVersion.objects.create(
        programme=programme,
        version=definition["version"],
        kind=definition["kind"],
        default_language=definition["default_language"],
        languages=definition["languages"],
        **_texts("title", definition["title"]),
        **_texts("summary", definition.get("summary")),
        website=definition.get("website", ""),
        applications_until=_day(definition.get("applications_until")),
        directory_listed=publication["directory"],
        published_items=publication["show"],
        definition=definition,
        content_hash=digest,
        source_name=filename[:255],
        source_text=source_text,
        loaded_by=actor if isinstance(actor, User) else None,
    )
    scales: dict[str, StatusScale] = {}
    for position, item in enumerate(definition["status_scales"], start=1):
        scale = StatusScale.objects.create(
            version=version, order=position, key=item["id"], **_texts("title", item.get("title"))
        )
        scales[scale.key] = scale
        ScaleOption.objects.bulk_create(
            ScaleOption(
                version=version,
                scale=scale,
                order=index,
                value=option["value"],
                meets=option["meets"],
                **_texts("label", option["label"]),
            )
            for index, option in enumerate(item["options"], start=1)
        )
    fields: dict[str, ActionField] = {}
    counter = [0]
    for position, item in enumerate(definition["action_fields"], start=1):
        field = ActionField.objects.create(
            version=version,
            order=position,
            code=item["code"],
            **_texts("title", item["title"]),
            **_texts("description", item.get("description")),
        )
        fields[field.code] = field
        _criteria(version, field, item["criteria"], scales, None, counter)
    if definition.get("criteria"):
        # format 2 flat list: the rows hang under one untitled action field without a code (FLAT_FIELD_CODE),
        # which pages do not show as a heading and which takes no goals or measures
        field = ActionField.objects.create(version=version, order=1, code=FLAT_FIELD_CODE)
        _criteria(version, field, definition["criteria"], scales, None, counter)
    levels: dict[str, Level] = {}
    for position, item in enumerate(definition["levels"], start=1):
        levels[item["id"]] = Level.objects.create(
            version=version,
            order=position,
            key=item["id"],
            **_texts("title", item["title"]),
            **_texts("description", item.get("description")),
            rule=item["rule"],
            requires=levels.get(item["rule"].get("requires_level", "")),
        )
    ProgrammeRole.objects.bulk_create(
        ProgrammeRole(
            version=version,
            order=position,
            key=item["id"],
            **_texts("title", item["title"]),
            **_texts("description", item.get("description")),
        )
        for position, item in enumerate(definition.get("roles", []), start=1)
    )
    _stages(version, definition["stages"], levels)
    MeasureTemplate.objects.bulk_create(
        MeasureTemplate(
            version=version,
            action_field=fields[item["action_field"]],
            order=position,
            key=item["id"],
            **_texts("title", item["title"]),
            **_texts("description", item.get("description")),
        )
        for position, item in enumerate(definition["measures"], start=1)
    )
    if programme.current_version is None or version_sort_key(version.version) > version_sort_key(
        programme.current_version.version
    ):
        programme.current_version = version
        programme.save(update_fields=["current_version"])
    return version


def _stages(version: ProgrammeVersion, items: list[dict[str, Any]], levels: dict[str, Level]) -> None:
    stages: dict[str, Stage] = {}
    for position, item in enumerate(items, start=1):
        award = item.get("award")
        stage = Stage.objects.create(
            version=version,
            order=position,
            key=item["id"],
            **_texts("title", item["title"]),
            **_texts("description", item.get("description")),
            gives_award=award is not None,
            validity_months=award["validity_months"] if award else None,
            duration_months=item.get("duration_months"),
            survey_instrument=item.get("survey_instrument", ""),
            repeating=item["repeating"],
            award_phase=(award or {}).get("granted_on", ""),
            applications_until=_day(item.get("applications_until")),
        )
        if award:
            stage.awardable_levels.set([levels[key] for key in award["levels"]])
        stages[stage.key] = stage
        phases: dict[str, Phase] = {}
        for index, phase_item in enumerate(item["phases"], start=1):
            due = phase_item.get("due") or {}
            gate = phase_item["gate"]
            phase = Phase.objects.create(
                version=version,
                stage=stage,
                order=index,
                key=phase_item["id"],
                **_texts("title", phase_item["title"]),
                **_texts("description", phase_item.get("description")),
                deliverable=phase_item["deliverable"],
                # a programme's own role (format 2) acts for the employer: stored as a contributor's phase
                actor=phase_item["actor"] if phase_item["actor"] in BUILT_IN_ACTORS else ActorRole.CONTRIBUTOR,
                role="" if phase_item["actor"] in BUILT_IN_ACTORS else phase_item["actor"],
                accepted_by=gate.get("accepted_by", ""),
                due_anchor=due.get("anchor", ""),
                due_months=due.get("months", 0),
                due_days=due.get("days", 0),
                repeat_every_months=due.get("repeat_every_months"),
                repeat_count=due.get("repeat_count"),
                scope=phase_item.get("scope", []),
                optional=phase_item.get("optional", False),
                assesses_criteria=phase_item.get("assesses_criteria", False),
            )
            phase.requires.set([phases[key] for key in gate["requires"]])
            phases[phase.key] = phase
    for item in items:
        if item.get("next"):
            stage = stages[item["id"]]
            stage.next = stages[item["next"]]
            stage.save(update_fields=["next"])
