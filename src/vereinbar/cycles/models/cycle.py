"""A cycle is an organisation's run through one stage of one programme version; a phase run
is one phase of that stage (one occurrence of it, for phases that repeat)."""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class CycleStatus(models.TextChoices):
    APPLIED = "applied", _("Applied")
    DECLINED = "declined", _("Application declined")
    OPEN = "open", _("In progress")
    AWARDED = "awarded", _("Awarded")
    REFUSED = "refused", _("Refused")
    COMPLETED = "completed", _("Completed")
    WITHDRAWN = "withdrawn", _("Withdrawn")


# Statuses in which a cycle still runs (one such cycle per organisation and programme).
RUNNING_STATUSES = (CycleStatus.APPLIED, CycleStatus.OPEN)
# Statuses in which phases can still be worked on.
WORKING_STATUSES = (CycleStatus.OPEN, CycleStatus.AWARDED)


class PhaseStatus(models.TextChoices):
    LOCKED = "locked", _("Not yet open")
    OPEN = "open", _("Open")
    SUBMITTED = "submitted", _("Submitted")
    RETURNED = "returned", _("Returned for changes")
    ACCEPTED = "accepted", _("Accepted")


EDITABLE_PHASE_STATUSES = (PhaseStatus.OPEN, PhaseStatus.RETURNED)


class Cycle(models.Model):
    """An organisation's run through one stage of a programme version."""

    organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.PROTECT, related_name="cycles", verbose_name=_("organisation")
    )
    # Denormalised from ``version`` so that "one running cycle per programme" is a constraint.
    programme = models.ForeignKey(
        "programmes.Programme", on_delete=models.PROTECT, related_name="cycles", verbose_name=_("programme")
    )
    version = models.ForeignKey(
        "programmes.ProgrammeVersion", on_delete=models.PROTECT, related_name="cycles", verbose_name=_("version")
    )
    stage = models.ForeignKey(
        "programmes.Stage", on_delete=models.PROTECT, related_name="cycles", verbose_name=_("stage")
    )
    status = models.CharField(_("status"), max_length=20, choices=CycleStatus.choices, default=CycleStatus.APPLIED)
    auditor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="audited_cycles",
        verbose_name=_("auditor"),
    )
    previous = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="renewals", verbose_name=_("renews")
    )
    message = models.TextField(_("message with the application"), blank=True)
    # keys of the stage's optional phases (format 2) this cycle goes through
    optional_phases = models.JSONField(_("optional phases taken"), default=list, blank=True)
    applied_on = models.DateField(_("applied on"), default=timezone.localdate)
    applied_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    started_on = models.DateField(_("started on"), null=True, blank=True)
    closed_on = models.DateField(_("closed on"), null=True, blank=True)
    status_reason = models.TextField(_("reason"), blank=True)
    created_at = models.DateTimeField(_("created"), default=timezone.now)

    class Meta:
        verbose_name = _("cycle")
        verbose_name_plural = _("cycles")
        ordering = ["-applied_on", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "programme"],
                condition=models.Q(status__in=["applied", "open"]),
                name="one_running_cycle_per_programme",
            )
        ]

    def __str__(self) -> str:
        return f"{self.organisation} – {self.version.localised('title')} – {self.stage}"

    @property
    def is_working(self) -> bool:
        """Phases can be worked on (the cycle is open, or awarded with follow-up phases)."""
        return self.status in WORKING_STATUSES

    @property
    def sets_goals(self) -> bool:
        """Its stage has a target agreement phase: the cycle agrees goals, which a renewal carries
        over (those still to be reached)."""
        from vereinbar.programmes.models import DeliverableKind

        return self.stage.phases.filter(deliverable=DeliverableKind.TARGET_AGREEMENT).exists()


class PhaseRun(models.Model):
    """One phase of the cycle's stage; repeating phases (annual reports) have one run per occurrence."""

    cycle = models.ForeignKey(Cycle, on_delete=models.CASCADE, related_name="phase_runs")
    phase = models.ForeignKey("programmes.Phase", on_delete=models.PROTECT, related_name="runs")
    occurrence = models.PositiveSmallIntegerField(_("occurrence"), default=1)
    status = models.CharField(_("status"), max_length=20, choices=PhaseStatus.choices, default=PhaseStatus.LOCKED)
    opened_on = models.DateField(_("opened on"), null=True, blank=True)
    due_on = models.DateField(_("due on"), null=True, blank=True)
    note = models.TextField(_("notes"), blank=True)
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    accepted_at = models.DateTimeField(_("accepted"), null=True, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("phase run")
        verbose_name_plural = _("phase runs")
        ordering = ["cycle", "phase__order", "occurrence"]
        constraints = [
            models.UniqueConstraint(fields=["cycle", "phase", "occurrence"], name="one_run_per_phase_occurrence")
        ]

    def __str__(self) -> str:
        title = self.phase.localised("title") or self.phase.key
        return f"{title} ({self.occurrence})" if self.occurrence > 1 else title

    @property
    def deliverable(self) -> str:
        return self.phase.deliverable

    @property
    def is_editable(self) -> bool:
        """Content can change: the run is open or returned and the cycle is still worked on."""
        return self.status in EDITABLE_PHASE_STATUSES and self.cycle.is_working

    def is_overdue(self, today: date | None = None) -> bool:
        today = today or timezone.localdate()
        return self.due_on is not None and self.status != PhaseStatus.ACCEPTED and self.due_on < today

    def reviews_before(self) -> list[PhaseRun]:
        """The latest run of each review phase before this one: what a decision rests on, the
        auditor's recommendation."""
        from vereinbar.programmes.models import DeliverableKind

        runs = self.cycle.phase_runs.filter(
            phase__deliverable=DeliverableKind.REVIEW, phase__order__lt=self.phase.order
        ).select_related("phase", "submitted_by")
        return list({run.phase_id: run for run in runs}.values())  # runs come in occurrence order
