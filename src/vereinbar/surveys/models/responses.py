"""Answers. Drafts belong to a token holder until submitted; responses and comments belong to
nobody.

Response and ResponseComment rows have a random UUID as key, a survey and a unit, and the
answers. No person, account, invitation, draft, IP address or time. They are written in
shuffled batches (see services/answering.py), so even the physical row order does not follow
the order in which tokens were used.
"""

from __future__ import annotations

import uuid

from django.db import models
from django.utils.translation import gettext_lazy as _


class ResponseDraft(models.Model):
    """Answers in progress, found by a hash of the token that differs from the invitation's, so
    a draft cannot be joined to an invitation without the token itself."""

    survey = models.ForeignKey("surveys.Survey", on_delete=models.CASCADE, related_name="drafts")
    key_hash = models.CharField(max_length=64, unique=True)
    unit = models.ForeignKey("surveys.SurveyUnit", on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    unit_fixed = models.BooleanField(default=False)  # the unit came with the invitation
    answers = models.JSONField(default=dict)
    page = models.PositiveSmallIntegerField(default=0)
    submitted = models.BooleanField(default=False)

    class Meta:
        verbose_name = _("draft answers")
        verbose_name_plural = _("draft answers")
        indexes = [models.Index(fields=["survey", "submitted"])]

    def __str__(self) -> str:
        return f"draft {self.pk}"


class Response(models.Model):
    """One person's submitted answers, encoded as float32 values in the instrument's column
    order (NaN = not answered). One row per response keeps loading 2,000 responses to one
    query and one numpy.frombuffer."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    survey = models.ForeignKey("surveys.Survey", on_delete=models.CASCADE, related_name="responses")
    unit = models.ForeignKey("surveys.SurveyUnit", on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    values = models.BinaryField()

    class Meta:
        verbose_name = _("response")
        verbose_name_plural = _("responses")

    def __str__(self) -> str:
        return str(self.id)


class ResponseComment(models.Model):
    """A free-text answer, kept apart from the response it came with (no link between them)."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    survey = models.ForeignKey("surveys.Survey", on_delete=models.CASCADE, related_name="comments")
    unit = models.ForeignKey("surveys.SurveyUnit", on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    item = models.CharField(max_length=60)
    text = models.TextField()

    class Meta:
        verbose_name = _("comment")
        verbose_name_plural = _("comments")

    def __str__(self) -> str:
        return f"{self.item}: {self.text[:40]}"


class ScaleResult(models.Model):
    """A closed survey's whole-organisation figures per scale (n, mean, sum of squared
    deviations): what trends and benchmarks need, without reading other surveys' answers."""

    survey = models.ForeignKey("surveys.Survey", on_delete=models.CASCADE, related_name="scale_results")
    scale = models.CharField(max_length=60)
    n = models.PositiveIntegerField()
    mean = models.FloatField()
    m2 = models.FloatField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["survey", "scale"], name="one_result_per_scale")]

    def __str__(self) -> str:
        return f"{self.survey_id} {self.scale}"
