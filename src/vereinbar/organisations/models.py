"""Organisations: employers taking part in programmes, and programme operators."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class OrganisationType(models.TextChoices):
    EMPLOYER = "employer", _("Employer")
    OPERATOR = "operator", _("Programme operator")


class OrganisationKind(models.TextChoices):
    COUNTY_ADMINISTRATION = "county_administration", _("County administration")
    MUNICIPALITY = "municipality", _("Municipality")
    JOB_CENTRE = "job_centre", _("Job centre")
    PUBLIC_AUTHORITY = "public_authority", _("Other public authority")
    COMPANY = "company", _("Company")
    UNIVERSITY = "university", _("University or research institute")
    HOSPITAL = "hospital", _("Hospital or care provider")
    ASSOCIATION = "association", _("Association or non-profit")
    HEALTH_INSURER = "health_insurer", _("Health insurer")
    FOUNDATION = "foundation", _("Foundation")
    OTHER = "other", _("Other")


class Sector(models.TextChoices):
    PUBLIC_ADMINISTRATION = "public_administration", _("Public administration")
    SOCIAL_SECURITY = "social_security", _("Employment and social security")
    HEALTH_CARE = "health_care", _("Health and care")
    SOCIAL_SERVICES = "social_services", _("Social services")
    EDUCATION = "education", _("Education and research")
    MANUFACTURING = "manufacturing", _("Manufacturing")
    TRADE = "trade", _("Trade")
    FINANCE = "finance", _("Finance and insurance")
    IT_SERVICES = "it_services", _("Information and communication")
    CONSTRUCTION = "construction", _("Construction")
    TRANSPORT = "transport", _("Transport and logistics")
    ENERGY = "energy", _("Energy and utilities")
    HOSPITALITY = "hospitality", _("Hospitality")
    PROFESSIONAL_SERVICES = "professional_services", _("Professional services")
    CULTURE = "culture", _("Culture and media")
    NON_PROFIT = "non_profit", _("Non-profit organisations")
    OTHER = "other", _("Other")


class SizeBand(models.TextChoices):
    MICRO = "1-9", _("1–9 staff")
    SMALL = "10-49", _("10–49 staff")
    MEDIUM = "50-249", _("50–249 staff")
    LARGE = "250-999", _("250–999 staff")
    VERY_LARGE = "1000+", _("1,000 staff or more")


class Organisation(models.Model):
    """An employer or a programme operator: the tenant that memberships belong to."""

    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("short name"), max_length=80, unique=True)
    type = models.CharField(
        _("type"), max_length=20, choices=OrganisationType.choices, default=OrganisationType.EMPLOYER
    )
    kind = models.CharField(
        _("kind"), max_length=40, choices=OrganisationKind.choices, default=OrganisationKind.COMPANY
    )
    sector = models.CharField(_("sector"), max_length=40, choices=Sector.choices, blank=True)
    country = models.CharField(_("country"), max_length=2, help_text=_("Two-letter ISO code, e.g. DE or NL."))
    region = models.CharField(_("region"), max_length=120, blank=True)
    city = models.CharField(_("city"), max_length=120, blank=True)
    staff_count = models.PositiveIntegerField(_("staff"), null=True, blank=True)
    inhabitants_served = models.PositiveIntegerField(_("inhabitants served"), null=True, blank=True)
    website = models.URLField(_("website"), blank=True)
    description = models.TextField(_("description"), blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    objects = models.Manager()  # type: ignore[django-manager-missing]

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    @property
    def is_operator(self) -> bool:
        return self.type == OrganisationType.OPERATOR

    @property
    def size_band(self) -> str | None:
        """The size band of the staff count, for filters and benchmarks."""
        if self.staff_count is None:
            return None
        for band, lower in (
            (SizeBand.VERY_LARGE, 1000),
            (SizeBand.LARGE, 250),
            (SizeBand.MEDIUM, 50),
            (SizeBand.SMALL, 10),
        ):
            if self.staff_count >= lower:
                return band.value
        return SizeBand.MICRO.value
