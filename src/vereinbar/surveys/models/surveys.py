"""Survey runs of an organisation, their units, who may read them, and invitations."""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

# No survey shows figures for groups of fewer than 5 people (design.md, the COPSOQ rule);
# a survey may raise its minimum, never lower it below this.
MIN_K = 5
MAX_REPORT_BREAKDOWNS = 2
DEFAULT_K = 5
DEFAULT_COMMENT_K = 10


class SurveyStatus(models.TextChoices):
    DRAFT = "draft", _("In preparation")
    OPEN = "open", _("Open for answers")
    CLOSED = "closed", _("Closed")


# The workflow: which status may follow which, and the service that performs each step.
ALLOWED_STATUS_CHANGES: dict[str, frozenset[str]] = {
    SurveyStatus.DRAFT: frozenset({SurveyStatus.OPEN}),
    SurveyStatus.OPEN: frozenset({SurveyStatus.CLOSED}),
    SurveyStatus.CLOSED: frozenset(),
}


class Survey(models.Model):
    """One run of an instrument in one organisation: standalone, or for a cycle (and then,
    when the cycle's stage has a survey phase, for that phase run, whose completion follows it)."""

    organisation = models.ForeignKey("organisations.Organisation", on_delete=models.CASCADE, related_name="surveys")
    instrument_version = models.ForeignKey(
        "surveys.InstrumentVersion", on_delete=models.PROTECT, related_name="surveys", verbose_name=_("questionnaire")
    )
    # The title in the survey's first language (``languages[0]``), as the API, webhooks and the
    # history have always named it; ``titles`` holds it in each language of the survey that has
    # one, the first always (``title_in``).
    title = models.CharField(_("title"), max_length=200)
    titles = models.JSONField(_("titles"), default=dict, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=SurveyStatus.choices, default=SurveyStatus.DRAFT)
    opens_on = models.DateField(_("field period starts"), null=True, blank=True)
    closes_on = models.DateField(_("field period ends"), null=True, blank=True)
    languages = models.JSONField(_("languages"), default=list)
    min_group_size = models.PositiveSmallIntegerField(
        _("minimum group size"), default=DEFAULT_K, validators=[MinValueValidator(MIN_K)]
    )
    min_group_size_comments = models.PositiveSmallIntegerField(
        _("minimum group size for comments"), default=DEFAULT_COMMENT_K, validators=[MinValueValidator(MIN_K)]
    )
    intro = models.TextField(_("note from the organisation"), blank=True)
    # Breakdown questions the results are shown by, besides units (at most two: every further
    # breakdown multiplies the small groups the anonymity rules must hide).
    report_breakdowns = models.JSONField(_("results by"), default=list, blank=True)
    # The shared code of the open-link mode; weaker by design, so it is kept readable.
    open_code = models.CharField(_("shared code"), max_length=20, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)
    cycle = models.ForeignKey(
        "cycles.Cycle",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="surveys",
        verbose_name=_("cycle"),
    )
    phase_run = models.ForeignKey(
        "cycles.PhaseRun",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="surveys",
        verbose_name=_("phase"),
    )

    class Meta:
        verbose_name = _("survey")
        verbose_name_plural = _("surveys")
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(condition=models.Q(min_group_size__gte=MIN_K), name="survey_k_at_least_5"),
            models.CheckConstraint(
                condition=models.Q(min_group_size_comments__gte=models.F("min_group_size")),
                name="survey_comment_k_at_least_k",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def title_in(self, language: str | None) -> str:
        """The title in ``language``, else in the survey's first language."""
        return (self.titles or {}).get(language or "") or self.title

    @property
    def title_text(self) -> str:
        """The title in the active language (the reader's, or a participant's), else in the
        survey's first language: for pages and mails."""
        return self.title_in(get_language())

    @property
    def is_open(self) -> bool:
        return self.status == SurveyStatus.OPEN

    @property
    def has_results(self) -> bool:
        """Closed, and enough people answered for the whole organisation's figures to be shown:
        counted from the responses, or after retention deleted them (``surveys.retention``) from
        the reports kept in their place."""
        if self.status != SurveyStatus.CLOSED:
            return False
        count = self.responses.count()
        if count:
            # Retention deletes every response at once, so a survey with any left has no stored report.
            return count >= self.min_group_size
        return self.stored_reports.filter(responses__gte=self.min_group_size).exists()

    @property
    def release_batch_size(self) -> int:
        """Submitted answers are moved into the results in shuffled batches of this size."""
        return self.min_group_size


class SurveyUnit(models.Model):
    """A unit (department) as it stood for this survey: kept with the survey, so results stay
    tied to the structure people answered under even when the organisation changes later."""

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="units")
    name = models.CharField(_("name"), max_length=200)
    parent = models.ForeignKey("self", on_delete=models.CASCADE, null=True, blank=True, related_name="children")
    position = models.PositiveIntegerField(default=0)
    # The organisation's unit this was copied from, while it exists.
    source = models.ForeignKey("organisations.Unit", on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    # Filled when the survey closes and the invitations are erased (for the response rate).
    invited_count = models.PositiveIntegerField(null=True, blank=True)

    class Meta:
        verbose_name = _("survey unit")
        verbose_name_plural = _("survey units")
        ordering = ["survey", "position"]
        constraints = [models.UniqueConstraint(fields=["survey", "name"], name="unit_name_unique_per_survey")]

    def __str__(self) -> str:
        return self.name


class SurveyAccess(models.Model):
    """Read access to one survey's settings and results for someone outside the roles that
    have it anyway (e.g. the staff council), and the separate right to export raw data."""

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="access_grants")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="survey_access")
    raw_data = models.BooleanField(_("may export raw data"), default=False)
    granted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("since"), auto_now_add=True)

    class Meta:
        verbose_name = _("survey access")
        verbose_name_plural = _("survey access")
        constraints = [models.UniqueConstraint(fields=["survey", "user"], name="one_access_per_survey_user")]

    def __str__(self) -> str:
        return f"{self.user} → {self.survey}"


class InvitationKind(models.TextChoices):
    EMAIL = "email", _("E-mail")
    CODE = "code", _("Printed code")


class SurveyInvitation(models.Model):
    """Participation record: one per invited person or printed code.

    It knows whether its token was used, nothing more: no time of use, and no row of the
    answers points to it. The e-mail addresses are erased when the survey closes.
    """

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="invitations")
    kind = models.CharField(max_length=5, choices=InvitationKind.choices, default=InvitationKind.EMAIL)
    email = models.EmailField(_("e-mail address"), blank=True)
    language = models.CharField(_("language"), max_length=8, choices=settings.LANGUAGES)
    unit = models.ForeignKey(SurveyUnit, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    # E-mail tokens are derived from this nonce and the installation's secret (for reminders);
    # printed codes have none and cannot be printed twice.
    nonce = models.CharField(max_length=32, blank=True)
    token_hash = models.CharField(max_length=64, unique=True)
    used = models.BooleanField(default=False)

    class Meta:
        verbose_name = _("survey invitation")
        verbose_name_plural = _("survey invitations")
        constraints = [
            models.UniqueConstraint(
                fields=["survey", "email"], condition=~models.Q(email=""), name="one_invitation_per_email"
            )
        ]

    def __str__(self) -> str:
        return self.email or str(self.get_kind_display())
