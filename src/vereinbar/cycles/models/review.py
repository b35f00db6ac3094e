"""The reviewer's verdict on a submitted phase, and the decision on the cycle."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .cycle import Cycle, PhaseRun


class ReviewOutcome(models.TextChoices):
    ACCEPT = "accept", _("Accepted")
    RETURN = "return", _("Returned for changes")


class Review(models.Model):
    """One verdict on a submitted phase run by whoever accepts it (auditor, operator, board)."""

    phase_run = models.ForeignKey(PhaseRun, on_delete=models.CASCADE, related_name="reviews")
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    outcome = models.CharField(_("outcome"), max_length=10, choices=ReviewOutcome.choices)
    comment = models.TextField(_("comment"), blank=True)
    created_at = models.DateTimeField(_("when"), default=timezone.now)

    class Meta:
        verbose_name = _("review")
        verbose_name_plural = _("reviews")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.phase_run}: {self.get_outcome_display()}"


class ReviewComment(models.Model):
    """A comment on one item of the deliverable: a criterion code, a goal number, a workshop…"""

    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="comments")
    item = models.CharField(_("item"), max_length=60)
    text = models.TextField(_("comment"))

    class Meta:
        verbose_name = _("review comment")
        verbose_name_plural = _("review comments")
        ordering = ["id"]

    def __str__(self) -> str:
        return f"{self.item}: {self.text[:60]}"


class DecisionOutcome(models.TextChoices):
    GRANT = "grant", _("Granted")
    DEFER = "defer", _("Deferred")
    REFUSE = "refuse", _("Refused")


class Decision(models.Model):
    """The decision on a cycle, with the level computed from the rules and its reasons."""

    cycle = models.ForeignKey(Cycle, on_delete=models.CASCADE, related_name="decisions")
    phase_run = models.ForeignKey(PhaseRun, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    outcome = models.CharField(_("outcome"), max_length=10, choices=DecisionOutcome.choices)
    level = models.ForeignKey(
        "programmes.Level", on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("level")
    )
    computed_level = models.CharField(_("level computed from the rules"), max_length=60, blank=True)
    # [{"level", "title", "reached", "reasons": [{"code", "satisfied", "message", "criterion"}]}]
    reasons = models.JSONField(_("reasons"), default=list, blank=True)
    total_score = models.DecimalField(_("total score"), max_digits=16, decimal_places=4, null=True, blank=True)
    comment = models.TextField(_("comment"), blank=True)
    board_round = models.CharField(_("board meeting"), max_length=120, blank=True)
    automatic = models.BooleanField(_("taken automatically"), default=False)
    decided_on = models.DateField(_("decided on"), default=timezone.localdate)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("recorded"), default=timezone.now)

    class Meta:
        verbose_name = _("decision")
        verbose_name_plural = _("decisions")
        ordering = ["-decided_on", "-id"]

    def __str__(self) -> str:
        return f"{self.cycle}: {self.get_outcome_display()}"

    @property
    def explanation(self) -> str:
        """The comment in the reader's language: an automatic deferral says why from its stored
        reasons (older ones, stored as text, as they were written)."""
        if self.automatic and self.outcome == DecisionOutcome.DEFER and not self.comment:
            from ..services.decision import withheld_text

            return withheld_text(self)
        return self.comment
