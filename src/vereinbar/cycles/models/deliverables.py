"""What phases produce: answers per criterion with evidence, workshops with outcomes, the target
agreement (goals and their measures), annual reports on the goals, charter signatures."""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from ..uploads import evidence_upload_to, private_storage
from .cycle import Cycle, PhaseRun


class AssessmentAnswer(models.Model):
    """The organisation's answer to one criterion in a self-assessment phase."""

    cycle = models.ForeignKey(Cycle, on_delete=models.CASCADE, related_name="answers")
    phase_run = models.ForeignKey(PhaseRun, on_delete=models.CASCADE, related_name="answers")
    criterion = models.ForeignKey("programmes.Criterion", on_delete=models.PROTECT, related_name="+")
    status = models.CharField(_("status"), max_length=60, blank=True)
    score = models.DecimalField(_("score"), max_digits=14, decimal_places=4, null=True, blank=True)
    text = models.TextField(_("answer"), blank=True)
    comment = models.TextField(_("comment"), blank=True)
    # The reviewer's verdict on this answer: None until judged.
    accepted = models.BooleanField(_("accepted by the reviewer"), null=True, blank=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    # The answer of the cycle this one renews that it was taken over from (``answers_carry_over``).
    carried_from = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("taken over from")
    )

    class Meta:
        verbose_name = _("answer")
        verbose_name_plural = _("answers")
        ordering = ["criterion__order"]
        constraints = [models.UniqueConstraint(fields=["phase_run", "criterion"], name="one_answer_per_criterion")]

    def __str__(self) -> str:
        return f"{self.criterion.code}"

    @property
    def is_answered(self) -> bool:
        return bool(self.status or self.score is not None or self.text.strip())

    @property
    def is_taken_over(self) -> bool:
        """Taken over from the cycle before and not changed since: nobody in this cycle has
        saved a change to it (``answers_save`` names who did), so it still needs checking."""
        return self.carried_from_id is not None and self.updated_by_id is None


class Evidence(models.Model):
    """An uploaded file backing a phase's deliverable, optionally for one criterion."""

    cycle = models.ForeignKey(Cycle, on_delete=models.CASCADE, related_name="evidence")
    phase_run = models.ForeignKey(PhaseRun, on_delete=models.CASCADE, related_name="evidence")
    criterion = models.ForeignKey(
        "programmes.Criterion", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    file = models.FileField(_("file"), upload_to=evidence_upload_to, storage=private_storage, max_length=300)
    original_name = models.CharField(_("file name"), max_length=200)
    content_type = models.CharField(_("type"), max_length=120)
    size = models.PositiveBigIntegerField(_("size"))
    sha256 = models.CharField(max_length=64)
    description = models.CharField(_("description"), max_length=300, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    uploaded_at = models.DateTimeField(_("uploaded"), default=timezone.now)
    # The file of the cycle this one renews that was copied into it (``answers_carry_over``).
    carried_from = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("taken over from")
    )

    class Meta:
        verbose_name = _("evidence")
        verbose_name_plural = _("evidence")
        ordering = ["uploaded_at", "id"]

    def __str__(self) -> str:
        return self.original_name


# A workshop, training or meeting is recorded once it has been held, so never on a future day.
HELD_IN_THE_FUTURE = _("This day is still to come: record the meeting once it has taken place.")


def meeting_day_problem(cycle: Cycle, held_on: date) -> str | None:
    """Why a meeting of the cycle cannot have been held on this day, or None: it belongs to the
    cycle, so it took place on or after the application (which may be back-dated for a cycle
    begun on paper) and not later than today."""
    if held_on > timezone.localdate():
        return str(HELD_IN_THE_FUTURE)
    if held_on < cycle.applied_on:
        return _(
            "This day is before the application on %(date)s: enter the day the meeting of this cycle took place."
        ) % {"date": date_format(cycle.applied_on, "DATE_FORMAT")}
    return None


def signing_day_problem(cycle: Cycle, signed_on: date) -> str | None:
    """Why a signature of the cycle (its target agreement, a charter) cannot date from this day,
    or None: as a meeting's (``meeting_day_problem``), from the application to today."""
    if signed_on > timezone.localdate():
        return str(_("This day is still to come: record the signature once it has been given."))
    if signed_on < cycle.applied_on:
        return _("This day is before the application on %(date)s: enter the day it was signed in this cycle.") % {
            "date": date_format(cycle.applied_on, "DATE_FORMAT")
        }
    return None


class Workshop(models.Model):
    """A workshop, training or meeting held in a phase."""

    cycle = models.ForeignKey(Cycle, on_delete=models.CASCADE, related_name="workshops")
    phase_run = models.ForeignKey(PhaseRun, on_delete=models.CASCADE, related_name="workshops")
    title = models.CharField(_("title"), max_length=200, blank=True)
    held_on = models.DateField(_("held on"))
    moderator = models.CharField(_("moderator"), max_length=200, blank=True)
    participants_count = models.PositiveIntegerField(_("participants"), null=True, blank=True)
    minutes = models.TextField(_("minutes"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now)

    class Meta:
        verbose_name = _("workshop")
        verbose_name_plural = _("workshops")
        ordering = ["held_on", "id"]

    def __str__(self) -> str:
        return self.title or str(self.held_on)


class WorkshopOutcome(models.Model):
    """A result of a workshop; it can become a goal of the target agreement."""

    workshop = models.ForeignKey(Workshop, on_delete=models.CASCADE, related_name="outcomes")
    text = models.TextField(_("outcome"))
    action_field = models.ForeignKey(
        "programmes.ActionField",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("action field"),
    )
    goal = models.ForeignKey(
        "Goal", on_delete=models.SET_NULL, null=True, blank=True, related_name="outcomes", verbose_name=_("goal")
    )

    class Meta:
        verbose_name = _("workshop outcome")
        verbose_name_plural = _("workshop outcomes")
        ordering = ["id"]

    def __str__(self) -> str:
        return self.text[:80]


class TargetAgreement(models.Model):
    """The cycle's target agreement: goals by action field, signed by management, accepted by review."""

    cycle = models.OneToOneField(Cycle, on_delete=models.CASCADE, related_name="target_agreement")
    signed_on = models.DateField(_("signed on"), null=True, blank=True)
    signer_name = models.CharField(_("signed by"), max_length=200, blank=True)
    signer_function = models.CharField(_("function of the signer"), max_length=200, blank=True)
    signed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    accepted_on = models.DateField(_("accepted on"), null=True, blank=True)

    class Meta:
        verbose_name = _("target agreement")
        verbose_name_plural = _("target agreements")

    def __str__(self) -> str:
        return str(_("Target agreement"))

    @property
    def is_signed(self) -> bool:
        return self.signed_on is not None


class GoalStatus(models.TextChoices):
    OPEN = "open", _("Not started")
    IN_PROGRESS = "in_progress", _("In progress")
    ACHIEVED = "achieved", _("Achieved")
    DROPPED = "dropped", _("Dropped")


class Goal(models.Model):
    """A goal of the target agreement, numbered within its action field ("3.1")."""

    agreement = models.ForeignKey(TargetAgreement, on_delete=models.CASCADE, related_name="goals")
    action_field = models.ForeignKey(
        "programmes.ActionField", on_delete=models.PROTECT, related_name="+", verbose_name=_("action field")
    )
    number = models.PositiveIntegerField(_("number"))
    code = models.CharField(_("number"), max_length=40)
    title = models.CharField(_("goal"), max_length=300)
    success_measure = models.CharField(_("success measure"), max_length=300, blank=True)
    owner = models.CharField(_("responsible"), max_length=200, blank=True)
    due_on = models.DateField(_("due on"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=20, choices=GoalStatus.choices, default=GoalStatus.OPEN)
    carried_from = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("carried over from")
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now)

    class Meta:
        verbose_name = _("goal")
        verbose_name_plural = _("goals")
        ordering = ["action_field__order", "number"]
        constraints = [models.UniqueConstraint(fields=["agreement", "code"], name="unique_goal_code_per_agreement")]

    def __str__(self) -> str:
        return f"{self.code} {self.title}"

    def is_overdue(self, today: date | None = None) -> bool:
        """Its due date has passed and it is neither achieved nor dropped."""
        today = today or timezone.localdate()
        return (
            self.due_on is not None and self.status in (GoalStatus.OPEN, GoalStatus.IN_PROGRESS) and self.due_on < today
        )


class MeasureStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    IN_PLACE = "in_place", _("In place")
    ENDED = "ended", _("Ended")


class GoalMeasure(models.Model):
    """A measure to reach a goal, numbered within it ("3.1.1"), optionally linked to one of the
    organisation's measures (measures.Measure: what it offers, with its own status)."""

    goal = models.ForeignKey(Goal, on_delete=models.CASCADE, related_name="measures")
    measure = models.ForeignKey(
        "measures.Measure",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="goal_links",
        verbose_name=_("measure of the organisation"),
    )
    number = models.PositiveIntegerField(_("number"))
    code = models.CharField(_("number"), max_length=50)
    title = models.CharField(_("measure"), max_length=300)
    owner = models.CharField(_("responsible"), max_length=200, blank=True)
    due_on = models.DateField(_("due on"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=20, choices=MeasureStatus.choices, default=MeasureStatus.PLANNED)
    carried_from = models.ForeignKey("self", on_delete=models.SET_NULL, null=True, blank=True, related_name="+")

    class Meta:
        verbose_name = _("measure of a goal")
        verbose_name_plural = _("measures of goals")
        ordering = ["goal", "number"]
        constraints = [models.UniqueConstraint(fields=["goal", "number"], name="unique_measure_number_per_goal")]

    def __str__(self) -> str:
        return f"{self.code} {self.title}"

    def is_overdue(self, today: date | None = None) -> bool:
        """Its due date has passed and it is still only planned."""
        today = today or timezone.localdate()
        return self.due_on is not None and self.status == MeasureStatus.PLANNED and self.due_on < today


class AnnualReport(models.Model):
    """A yearly report on the goals' progress (one per annual-report phase run)."""

    phase_run = models.OneToOneField(PhaseRun, on_delete=models.CASCADE, related_name="annual_report")
    summary = models.TextField(_("summary"), blank=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("annual report")
        verbose_name_plural = _("annual reports")

    def __str__(self) -> str:
        return str(self.phase_run)


class GoalProgress(models.Model):
    report = models.ForeignKey(AnnualReport, on_delete=models.CASCADE, related_name="progress")
    goal = models.ForeignKey(Goal, on_delete=models.CASCADE, related_name="progress")
    status = models.CharField(_("status"), max_length=20, choices=GoalStatus.choices)
    comment = models.TextField(_("progress"), blank=True)

    class Meta:
        verbose_name = _("progress on a goal")
        verbose_name_plural = _("progress on goals")
        ordering = ["goal__action_field__order", "goal__number"]
        constraints = [models.UniqueConstraint(fields=["report", "goal"], name="one_progress_per_goal_and_report")]

    def __str__(self) -> str:
        return f"{self.goal.code}: {self.get_status_display()}"


class Signature(models.Model):
    """A signature recorded in a phase (a charter): who signed, when, and the signed scan."""

    cycle = models.ForeignKey(Cycle, on_delete=models.CASCADE, related_name="signatures")
    phase_run = models.OneToOneField(PhaseRun, on_delete=models.CASCADE, related_name="signature")
    signer_name = models.CharField(_("signed by"), max_length=200)
    signer_function = models.CharField(_("function of the signer"), max_length=200, blank=True)
    signed_on = models.DateField(_("signed on"))
    scan = models.FileField(_("signed document"), upload_to=evidence_upload_to, storage=private_storage, blank=True)
    scan_name = models.CharField(_("file name"), max_length=200, blank=True)
    scan_type = models.CharField(_("type"), max_length=120, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    recorded_at = models.DateTimeField(_("recorded"), default=timezone.now)

    class Meta:
        verbose_name = _("signature")
        verbose_name_plural = _("signatures")

    def __str__(self) -> str:
        return f"{self.signer_name} ({self.signed_on})"
