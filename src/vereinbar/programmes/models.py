# mypy: disable-error-code="django-manager-missing"
# (modeltranslation swaps in its own managers at run time; they have no type stubs.)
"""Programme definitions as loaded from the YAML format, one set of rows per version.

A ``ProgrammeVersion`` keeps the canonical definition (JSON) it was loaded from; the rows
below it (action fields, criteria, levels, stages, phases, measure templates) are the
same content normalised for queries. Rows of a loaded version never change: a changed
programme is a new version, so cycles running on an older version keep their rows.
"""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.db import models
from django.utils import timezone, translation
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _


class ProgrammeKind(models.TextChoices):
    CERTIFICATION = "certification", _("Certification")
    RECOGNITION = "recognition", _("Recognition")
    CHARTER = "charter", _("Charter")
    CYCLE = "cycle", _("Management cycle")


class AssessmentKind(models.TextChoices):
    STATUS = "status", _("Status scale")
    SCORE = "score", _("Score")
    TEXT = "text", _("Free text")
    NONE = "none", _("Not assessed")


class DeliverableKind(models.TextChoices):
    PROFILE = "profile", _("Profile")
    SELF_ASSESSMENT = "self_assessment", _("Self-assessment")
    SURVEY = "survey", _("Staff survey")
    WORKSHOP = "workshop", _("Workshop")
    TARGET_AGREEMENT = "target_agreement", _("Target agreement")
    ANNUAL_REPORT = "annual_report", _("Annual report")
    REPORT = "report", _("Report")
    REVIEW = "review", _("Review")
    DECISION = "decision", _("Decision")
    SIGNATURE = "signature", _("Signature")
    TRAINING = "training", _("Training")
    MEETING = "meeting", _("Meeting")


class ActorRole(models.TextChoices):
    """Who acts in a phase or accepts its deliverable (a role in the programme, not an account role)."""

    COORDINATOR = "coordinator", _("Employer coordinator")
    CONTRIBUTOR = "contributor", _("Employer contributor")
    AUDITOR = "auditor", _("Auditor")
    BOARD = "board", _("Board")
    OPERATOR = "operator", _("Programme operator")


class DueAnchor(models.TextChoices):
    STAGE_START = "stage_start", _("start of the stage")
    PHASE_OPEN = "phase_open", _("opening of the phase")
    AWARD = "award", _("award")
    EXPIRY = "expiry", _("expiry of the award held at the start of the stage")


class PublishedItem(models.TextChoices):
    PROFILE = "profile", _("Profile")
    AWARD = "award", _("Award")
    LEVEL = "level", _("Level")
    AWARDED_ON = "awarded_on", _("Date of the award")
    FIRST_AWARDED_ON = "first_awarded_on", _("Date of the first award")
    VALID_UNTIL = "valid_until", _("Valid until")
    MEASURES = "measures", _("Public measures")
    ANSWERS = "answers", _("Public answers to criteria")


def version_sort_key(version: str) -> tuple[tuple[int, int | str], ...]:
    """Natural order of version strings: 2.10 after 2.9, 2025.1 after 2024.3."""
    return tuple((0, int(part)) if part.isdigit() else (1, part) for part in re.findall(r"\d+|[A-Za-z]+", version))


class Localised:
    """Texts in the requested language, else the programme's default language, else any."""

    def fallback_language(self) -> str:
        raise NotImplementedError  # the version's default language: ProgrammeVersion, VersionRow

    @property
    def title_text(self) -> str:
        """The title in the active language (with fallback), for templates."""
        return self.localised("title")

    def localised(self, field: str, language: str | None = None) -> str:
        return self.localised_with_language(field, language)[0]

    def localised_with_language(self, field: str, language: str | None = None) -> tuple[str, str]:
        """The text and the language it is in (which differs from the requested one on fallback)."""
        wanted = (language or translation.get_language() or settings.LANGUAGE_CODE)[:2]
        value = getattr(self, f"{field}_{wanted}", None)
        if value:  # the common case, without touching self.version (one query per row otherwise)
            return str(value), wanted
        for code in [self.fallback_language(), *(code for code, _name in settings.LANGUAGES)]:
            value = getattr(self, f"{field}_{code}", None)
            if value:
                return str(value), code
        return "", wanted


KEY_MAX_LENGTH = 80  # of ``Programme.key``


class Programme(models.Model):
    """A programme across its versions, identified by a stable URN-like identifier."""

    identifier = models.CharField(_("identifier"), max_length=200, unique=True)
    # its name in addresses, chosen when it is first loaded and never changed (``keys.key_choose``)
    key = models.SlugField(_("key"), max_length=KEY_MAX_LENGTH, unique=True)
    operator = models.ForeignKey(
        "organisations.Organisation",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="programmes",
        verbose_name=_("operator"),
    )
    current_version = models.ForeignKey(
        "ProgrammeVersion", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now)

    class Meta:
        verbose_name = _("programme")
        verbose_name_plural = _("programmes")
        ordering = ["identifier"]

    def __str__(self) -> str:
        """Its title in the active language, as people know it; the identifier is for machines."""
        version = self.current_version
        return version.title_text if version is not None and version.title_text else self.identifier


class ProgrammeVersion(models.Model, Localised):
    """One loaded version of a programme; ``definition`` is its canonical form."""

    programme = models.ForeignKey(Programme, on_delete=models.PROTECT, related_name="versions")
    version = models.CharField(_("version"), max_length=40)
    kind = models.CharField(_("kind"), max_length=20, choices=ProgrammeKind.choices)
    default_language = models.CharField(_("default language"), max_length=8)
    languages = models.JSONField(_("languages"), default=list)
    title = models.CharField(_("title"), max_length=300, blank=True)
    summary = models.TextField(_("summary"), blank=True)
    website = models.URLField(_("website"), max_length=500, blank=True)
    # format 2: the last day on which the programme takes new applications; None: open
    applications_until = models.DateField(_("applications until"), null=True, blank=True)
    directory_listed = models.BooleanField(_("listed in the public directory"), default=False)
    published_items = models.JSONField(_("published on the public profile"), default=list)
    definition = models.JSONField(_("definition"))
    content_hash = models.CharField(_("content hash"), max_length=64)
    source_name = models.CharField(_("file name"), max_length=255, blank=True)
    source_text = models.TextField(_("file as loaded"), blank=True)
    loaded_at = models.DateTimeField(_("loaded"), default=timezone.now)
    loaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("programme version")
        verbose_name_plural = _("programme versions")
        ordering = ["programme__identifier", "-loaded_at"]
        constraints = [models.UniqueConstraint(fields=["programme", "version"], name="one_row_per_programme_version")]

    def __str__(self) -> str:
        return f"{self.programme.identifier}@{self.version}"

    def fallback_language(self) -> str:
        return self.default_language

    @property
    def label(self) -> str:
        return f"{self.programme.identifier}@{self.version}"


class VersionRow(models.Model, Localised):
    """A part of one programme version. Never changed after the version is loaded."""

    version = models.ForeignKey(ProgrammeVersion, on_delete=models.CASCADE, related_name="+")
    order = models.PositiveIntegerField(_("order"))

    class Meta:
        abstract = True
        ordering = ["order"]

    def fallback_language(self) -> str:
        return str(self.version.default_language)


class StatusScale(VersionRow):
    version = models.ForeignKey(ProgrammeVersion, on_delete=models.CASCADE, related_name="status_scales")
    key = models.CharField(_("key"), max_length=60)
    title = models.CharField(_("title"), max_length=300, blank=True)

    class Meta(VersionRow.Meta):
        verbose_name = _("status scale")
        verbose_name_plural = _("status scales")
        constraints = [models.UniqueConstraint(fields=["version", "key"], name="unique_scale_key_per_version")]

    def __str__(self) -> str:
        return self.key


class ScaleOption(VersionRow):
    scale = models.ForeignKey(StatusScale, on_delete=models.CASCADE, related_name="options")
    value = models.CharField(_("value"), max_length=60)
    label = models.CharField(_("label"), max_length=300, blank=True)
    meets = models.BooleanField(_("counts as met"), default=False)

    class Meta(VersionRow.Meta):
        verbose_name = _("scale option")
        verbose_name_plural = _("scale options")
        constraints = [models.UniqueConstraint(fields=["scale", "value"], name="unique_option_per_scale")]

    def __str__(self) -> str:
        return self.value


FLAT_FIELD_CODE = ""  # the action field that holds a flat list of criteria (format 2): no heading, no goals


class ActionField(VersionRow):
    version = models.ForeignKey(ProgrammeVersion, on_delete=models.CASCADE, related_name="action_fields")
    code = models.CharField(_("code"), max_length=30)
    title = models.CharField(_("title"), max_length=300, blank=True)
    description = models.TextField(_("description"), blank=True)

    class Meta(VersionRow.Meta):
        verbose_name = _("action field")
        verbose_name_plural = _("action fields")
        constraints = [models.UniqueConstraint(fields=["version", "code"], name="unique_action_field_code_per_version")]

    def __str__(self) -> str:
        return f"{self.code} {self.localised('title')}"


def closed_since(*rows: Any, on: Any) -> Any:
    """The first ``applications_until`` among ``rows`` (a version, a stage) that lies before ``on``; None: open."""
    for row in rows:
        until = getattr(row, "applications_until", None)
        if until is not None and on > until:
            return until
    return None


def plain_number(value: Decimal) -> Decimal:
    """``29.0000`` → ``29``, ``10`` → ``10`` (not ``1E+1``), ``0.5000`` → ``0.5``."""
    return value.quantize(Decimal(1)) if value == value.to_integral_value() else value.normalize()


class Criterion(VersionRow):
    """A criterion (or sub-criterion, via ``parent``) of an action field; ``order`` is depth-first."""

    version = models.ForeignKey(ProgrammeVersion, on_delete=models.CASCADE, related_name="criteria")
    action_field = models.ForeignKey(ActionField, on_delete=models.CASCADE, related_name="criteria")
    parent = models.ForeignKey("self", on_delete=models.CASCADE, null=True, blank=True, related_name="children")
    depth = models.PositiveSmallIntegerField(_("depth"), default=0)
    code = models.CharField(_("code"), max_length=30)
    title = models.CharField(_("title"), max_length=300, blank=True)
    question = models.TextField(_("question"), blank=True)
    guidance = models.TextField(_("guidance"), blank=True)
    required = models.BooleanField(_("required"), default=True)
    evidence_required = models.BooleanField(_("evidence required"), default=False)
    public = models.BooleanField(_("answer may be published"), default=False)
    assessment_kind = models.CharField(_("assessment"), max_length=10, choices=AssessmentKind.choices)
    scale = models.ForeignKey(StatusScale, on_delete=models.PROTECT, null=True, blank=True, related_name="criteria")
    max_score = models.DecimalField(_("maximum score"), max_digits=14, decimal_places=4, null=True, blank=True)
    weight = models.DecimalField(_("weight"), max_digits=14, decimal_places=4, default=1)
    pass_score = models.DecimalField(_("pass score"), max_digits=14, decimal_places=4, null=True, blank=True)
    # format 2: a score must be a multiple of this step (1: whole points); None: any number
    score_step = models.DecimalField(_("score step"), max_digits=14, decimal_places=4, null=True, blank=True)
    min_length = models.PositiveIntegerField(_("minimum length"), null=True, blank=True)
    max_length = models.PositiveIntegerField(_("maximum length"), null=True, blank=True)

    class Meta(VersionRow.Meta):
        verbose_name = _("criterion")
        verbose_name_plural = _("criteria")
        constraints = [models.UniqueConstraint(fields=["version", "code"], name="unique_criterion_code_per_version")]

    def __str__(self) -> str:
        return f"{self.code} {self.localised('title')}"

    @property
    def score_step_plain(self) -> Decimal | None:
        """The step without trailing zeros (``1``, ``0.5``), e.g. for an input's ``step``."""
        return None if self.score_step is None else plain_number(self.score_step)

    def score_step_message(self) -> str:
        """What to enter in a criterion scored in steps (format 2 ``step``), e.g. whole points."""
        top = plain_number(self.max_score or Decimal(0))
        step = plain_number(self.score_step or Decimal(1))
        if step == 1:
            return gettext("Enter a whole number from 0 to %(max)s.") % {"max": top}
        return gettext("Enter a score from 0 to %(max)s in steps of %(step)s.") % {"max": top, "step": step}


class Level(VersionRow):
    """A level an award can have; ``order`` ranks them, ``rule`` is the rule from the definition."""

    version = models.ForeignKey(ProgrammeVersion, on_delete=models.CASCADE, related_name="levels")
    key = models.CharField(_("key"), max_length=60)
    title = models.CharField(_("title"), max_length=300, blank=True)
    description = models.TextField(_("description"), blank=True)
    rule = models.JSONField(_("rule"), default=dict)
    requires = models.ForeignKey("self", on_delete=models.CASCADE, null=True, blank=True, related_name="+")

    class Meta(VersionRow.Meta):
        verbose_name = _("level")
        verbose_name_plural = _("levels")
        constraints = [models.UniqueConstraint(fields=["version", "key"], name="unique_level_key_per_version")]

    def __str__(self) -> str:
        return self.localised("title") or self.key


class Stage(VersionRow):
    """A stage of the renewal ladder (e.g. first audit, re-audit); ``next`` is the stage after it."""

    version = models.ForeignKey(ProgrammeVersion, on_delete=models.CASCADE, related_name="stages")
    key = models.CharField(_("key"), max_length=60)
    title = models.CharField(_("title"), max_length=300, blank=True)
    description = models.TextField(_("description"), blank=True)
    gives_award = models.BooleanField(_("gives an award"), default=False)
    validity_months = models.PositiveIntegerField(_("validity in months"), null=True, blank=True)
    duration_months = models.PositiveIntegerField(_("planned duration in months"), null=True, blank=True)
    survey_instrument = models.CharField(_("survey instrument"), max_length=200, blank=True)
    next = models.ForeignKey("self", on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    repeating = models.BooleanField(_("starts over"), default=False)
    # format 2: the award is granted when this phase is accepted (stages without decision phase)
    award_phase = models.CharField(_("award granted on the phase"), max_length=60, blank=True)
    # format 2: the last day on which cycles of this stage can start; None: open
    applications_until = models.DateField(_("applications until"), null=True, blank=True)
    awardable_levels = models.ManyToManyField(Level, blank=True, related_name="stages")

    class Meta(VersionRow.Meta):
        verbose_name = _("stage")
        verbose_name_plural = _("stages")
        constraints = [models.UniqueConstraint(fields=["version", "key"], name="unique_stage_key_per_version")]

    def __str__(self) -> str:
        return self.localised("title") or self.key

    @property
    def is_open_ended(self) -> bool:
        """The award of this stage does not expire (e.g. a charter signature)."""
        return self.gives_award and self.validity_months is None


class Phase(VersionRow):
    """A phase within a stage. It opens when the phases in ``requires`` are accepted (its gate)."""

    version = models.ForeignKey(ProgrammeVersion, on_delete=models.CASCADE, related_name="phases")
    stage = models.ForeignKey(Stage, on_delete=models.CASCADE, related_name="phases")
    key = models.CharField(_("key"), max_length=60)
    title = models.CharField(_("title"), max_length=300, blank=True)
    description = models.TextField(_("description"), blank=True)
    deliverable = models.CharField(_("deliverable"), max_length=30, choices=DeliverableKind.choices)
    # format 2: only the cycles that take it (Cycle.optional_phases) go through it
    optional = models.BooleanField(_("optional"), default=False)
    # format 2: criterion results are recorded in this phase too (not only in a self-assessment)
    assesses_criteria = models.BooleanField(_("records criterion results"), default=False)
    actor = models.CharField(_("who acts"), max_length=20, choices=ActorRole.choices)
    # format 2: the key of a ProgrammeRole of the version that acts here (``actor`` is then
    # ``contributor``: an employer's phase, done by the people named for the role and the coordinator)
    role = models.CharField(_("programme role"), max_length=60, blank=True)
    accepted_by = models.CharField(_("accepted by"), max_length=20, choices=ActorRole.choices, blank=True)
    requires = models.ManyToManyField("self", symmetrical=False, blank=True, related_name="unlocks")
    due_anchor = models.CharField(_("due counted from"), max_length=20, choices=DueAnchor.choices, blank=True)
    due_months = models.IntegerField(_("due after months"), default=0)
    due_days = models.IntegerField(_("due after days"), default=0)
    repeat_every_months = models.PositiveIntegerField(_("repeats every months"), null=True, blank=True)
    repeat_count = models.PositiveIntegerField(_("number of repetitions"), null=True, blank=True)
    scope = models.JSONField(_("criteria covered"), default=list, blank=True)

    class Meta(VersionRow.Meta):
        verbose_name = _("phase")
        verbose_name_plural = _("phases")
        constraints = [models.UniqueConstraint(fields=["stage", "key"], name="unique_phase_key_per_stage")]

    def __str__(self) -> str:
        return self.localised("title") or self.key

    @property
    def records_answers(self) -> bool:
        """Whether criterion answers are given in this phase (a self-assessment, or ``assesses_criteria``)."""
        return self.deliverable == DeliverableKind.SELF_ASSESSMENT or self.assesses_criteria

    @property
    def has_due_date(self) -> bool:
        return bool(self.due_anchor)

    def actor_text(self) -> str:
        """Who acts, for pages: the programme's role (format 2) or the built-in actor."""
        if self.role:
            role = ProgrammeRole.objects.filter(version_id=self.version_id, key=self.role).first()
            if role is not None:
                return str(role)
        return str(self.get_actor_display())


class MeasureTemplate(VersionRow):
    """A typical measure from the programme's catalogue, mapped to an action field."""

    version = models.ForeignKey(ProgrammeVersion, on_delete=models.CASCADE, related_name="measure_templates")
    action_field = models.ForeignKey(ActionField, on_delete=models.CASCADE, related_name="measure_templates")
    key = models.CharField(_("key"), max_length=60)
    title = models.CharField(_("title"), max_length=300, blank=True)
    description = models.TextField(_("description"), blank=True)

    class Meta(VersionRow.Meta):
        verbose_name = _("measure template")
        verbose_name_plural = _("measure templates")
        constraints = [models.UniqueConstraint(fields=["version", "key"], name="unique_measure_key_per_version")]

    def __str__(self) -> str:
        return self.localised("title") or self.key


class ProgrammeRole(VersionRow):
    """A role the programme defines (format 2), e.g. a care guide: the employer names people of
    its organisation for it in each cycle; phases whose actor is the role accept them."""

    version = models.ForeignKey(ProgrammeVersion, on_delete=models.CASCADE, related_name="roles")
    key = models.CharField(_("key"), max_length=60)
    title = models.CharField(_("title"), max_length=300, blank=True)
    description = models.TextField(_("description"), blank=True)

    class Meta(VersionRow.Meta):
        verbose_name = _("programme role")
        verbose_name_plural = _("programme roles")
        constraints = [models.UniqueConstraint(fields=["version", "key"], name="unique_role_key_per_version")]

    def __str__(self) -> str:
        return self.localised("title") or self.key


class RoleAssignment(models.Model):
    """A person of the cycle's organisation named for a programme role in one cycle."""

    cycle = models.ForeignKey("cycles.Cycle", on_delete=models.CASCADE, related_name="role_assignments")
    role = models.ForeignKey(ProgrammeRole, on_delete=models.PROTECT, related_name="assignments")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="programme_roles")
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    assigned_at = models.DateTimeField(_("assigned"), default=timezone.now)

    class Meta:
        verbose_name = _("role assignment")
        verbose_name_plural = _("role assignments")
        ordering = ["role__order", "user__full_name", "user__email"]
        constraints = [models.UniqueConstraint(fields=["cycle", "role", "user"], name="one_assignment_per_person")]

    def __str__(self) -> str:
        return f"{self.role.key}: {self.user}"


def texts_of(obj: Any, field: str) -> dict[str, str]:
    """All non-empty translations of one field, by language."""
    return {code: value for code, _name in settings.LANGUAGES if (value := getattr(obj, f"{field}_{code}", ""))}
