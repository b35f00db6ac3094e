"""Organisations: employers taking part in programmes, and programme operators; their units
(departments as a tree) and contacts."""

from __future__ import annotations

import uuid
from typing import Any, ClassVar

from django.db import models
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext

# Path segments of the workspace, operator area and API that an organisation slug may not
# take, or its pages would be shadowed (``/operator/registrations/``…).
RESERVED_SLUGS = frozenset(
    {
        "registrations",
        "pages",
        "programmes",
        "cycles",
        "catalogue",
        "measures",
        "surveys",
        "register",
        "new",
        "add",
        "api",
        "admin",
        "static",
        "news",
        "offers",
        "outbox",
        "employers",
        "recent",
    }
)


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


class OrganisationStatus(models.TextChoices):
    """Where a self-registered employer stands. Employers created by the operator are approved."""

    PENDING = "pending", _("Awaiting approval")
    APPROVED = "approved", _("Approved")
    REJECTED = "rejected", _("Rejected")


class Visibility(models.TextChoices):
    """Whether something may be shown on the public site or only to the organisation's members."""

    PUBLIC = "public", _("Public")
    INTERNAL = "internal", _("Internal")


class SizeBand(models.TextChoices):
    MICRO = "1-9", _("1–9 staff")
    SMALL = "10-49", _("10–49 staff")
    MEDIUM = "50-249", _("50–249 staff")
    LARGE = "250-999", _("250–999 staff")
    VERY_LARGE = "1000+", _("1,000 staff or more")


def logo_upload_to(instance: Any, filename: str) -> str:
    # A random name: the uploader's file name is never used, and logos cannot be guessed.
    extension = filename.rsplit(".", 1)[-1].lower()
    return f"logos/{uuid.uuid4().hex}.{extension}"


class OrganisationQuerySet(models.QuerySet["Organisation"]):
    def approved(self) -> OrganisationQuerySet:
        return self.filter(status=OrganisationStatus.APPROVED)

    def employers(self) -> OrganisationQuerySet:
        return self.filter(type=OrganisationType.EMPLOYER)


# How a made-up organisation (``Organisation.is_example``) is marked wherever it is listed.
EXAMPLE_MARK = _("Example")


OrganisationManager = models.Manager.from_queryset(OrganisationQuerySet)


class Organisation(models.Model):  # type: ignore[django-manager-missing]  # stubs gap: reverse managers across apps
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
    logo = models.ImageField(_("logo"), upload_to=logo_upload_to, blank=True)
    # An operator's brand colour (#rrggbb) for the pages that belong to it, empty for the
    # installation's; checked for contrast in organisations/brand.py.
    brand_colour = models.CharField(_("brand colour"), max_length=7, blank=True, default="")
    status = models.CharField(
        _("status"), max_length=20, choices=OrganisationStatus.choices, default=OrganisationStatus.APPROVED
    )
    status_reason = models.TextField(_("reason for the decision"), blank=True)
    registered_at = models.DateTimeField(_("registered"), null=True, blank=True, editable=False)
    # Made-up organisations of the demo installation, shown with an "example" mark wherever
    # they appear, so that nobody takes their data for a real employer's.
    is_example = models.BooleanField(_("example"), default=False, editable=False)
    # The secret of the staff offers link (/offers/<token>/); rotating it retires the old link.
    offers_token = models.CharField(
        _("staff offers link"), max_length=64, unique=True, null=True, blank=True, editable=False
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    objects: ClassVar[OrganisationManager] = OrganisationQuerySet.as_manager()

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        ordering = ["name"]
        # Every page asks whether the installation has exactly one operator (its logo in the
        # page frame, organisations/theme.py): an index answers that without reading every employer.
        indexes = [models.Index(fields=["type"], name="organisation_type")]

    def __str__(self) -> str:
        return self.name

    @property
    def is_operator(self) -> bool:
        return self.type == OrganisationType.OPERATOR

    @property
    def is_approved(self) -> bool:
        """Only approved organisations appear in public and may apply to programmes."""
        return self.status == OrganisationStatus.APPROVED

    @property
    def is_self_registered(self) -> bool:
        return self.registered_at is not None

    @property
    def primary_language(self) -> str:
        """The language its own texts are usually written in (for defaults and demo data)."""
        return {"NL": "nl", "BE": "nl", "DE": "de", "AT": "de", "CH": "de", "LI": "de", "LU": "de"}.get(
            self.country.upper(), "en"
        )

    @property
    def profile_gaps(self) -> list[str]:
        """What the profile still lacks of the three facts a programme's profile phase asks for
        (description, region, number of staff), as words in the current language."""
        gaps = []
        if not (self.description or "").strip():
            gaps.append(pgettext("missing from the profile", "description"))
        if not self.region:
            gaps.append(pgettext("missing from the profile", "region"))
        if not self.staff_count:
            gaps.append(pgettext("missing from the profile", "number of staff"))
        return gaps

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


class Unit(models.Model):
    """A department, office or team of an organisation; units form a tree through ``parent``."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="units")
    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("part of"),
    )
    name = models.CharField(_("name"), max_length=200)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("unit")
        verbose_name_plural = _("units")
        ordering = ["name"]
        constraints = [
            # NULL parents never collide in SQL, so top-level names need their own constraint.
            models.UniqueConstraint(
                models.F("organisation"), models.F("parent"), Lower("name"), name="unique_unit_name_per_parent"
            ),
            models.UniqueConstraint(
                models.F("organisation"),
                Lower("name"),
                condition=models.Q(parent__isnull=True),
                name="unique_top_level_unit_name",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class LifeSituation(models.TextChoices):
    """What the staff offers page groups measures and contacts by."""

    CHILDREN = "children", _("Children")
    CARE = "care", _("Caring for a relative")
    HEALTH = "health", _("Health")
    FLEXIBLE_WORK = "flexible_work", _("Flexible work")
    ALL = "all", _("Everyone")


class ContactRole(models.TextChoices):
    COORDINATOR = "coordinator", _("Coordinator")
    CARE_GUIDE = "care_guide", _("Care guide")
    HEALTH_LEAD = "health_lead", _("Health lead")
    STAFF_COUNCIL = "staff_council", _("Staff council")
    PRESS = "press", _("Press contact")
    OTHER = "other", _("Other contact")


class Contact(models.Model):
    """Someone staff or the public can turn to: a person or an office, public or internal."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="contacts")
    role = models.CharField(_("role"), max_length=20, choices=ContactRole.choices)
    name = models.CharField(_("name"), max_length=150, help_text=_("A person or an office, e.g. “Press office”."))
    function = models.CharField(_("function"), max_length=200, blank=True, help_text=_("Job title or department."))
    email = models.EmailField(_("e-mail address"), blank=True)
    phone = models.CharField(_("telephone"), max_length=50, blank=True)
    trained_on = models.DateField(
        _("trained on"), null=True, blank=True, help_text=_("For care guides: when they completed their training.")
    )
    unit = models.ForeignKey(
        Unit, on_delete=models.SET_NULL, null=True, blank=True, related_name="contacts", verbose_name=_("unit")
    )
    location = models.CharField(
        _("room or location"),
        max_length=150,
        blank=True,
        help_text=_("Where to find them, e.g. “Town hall, room 2.14”."),
    )
    office_hours = models.CharField(
        _("office hours"),
        max_length=150,
        blank=True,
        help_text=_("When to reach them, e.g. “Tue and Thu 9–12” or “by appointment”."),
    )
    # LifeSituation keys; empty: the role decides (ROLE_SITUATIONS), so older contacts keep their place.
    life_situations = models.JSONField(_("life situations"), default=list, blank=True)
    visibility = models.CharField(
        _("visibility"), max_length=10, choices=Visibility.choices, default=Visibility.INTERNAL
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    # Where a contact is listed on the staff offers page when no life situation is chosen for it:
    # care guides under caring for a relative, health leads under health; the rest with all contacts only.
    ROLE_SITUATIONS: ClassVar[dict[str, tuple[str, ...]]] = {
        ContactRole.CARE_GUIDE.value: (LifeSituation.CARE.value,),
        ContactRole.HEALTH_LEAD.value: (LifeSituation.HEALTH.value,),
    }

    class Meta:
        verbose_name = _("contact")
        verbose_name_plural = _("contacts")
        ordering = ["role", "name"]

    def __str__(self) -> str:
        return f"{self.name} ({self.get_role_display()})"

    @property
    def is_public(self) -> bool:
        return self.visibility == Visibility.PUBLIC

    @property
    def situations(self) -> list[str]:
        """The life situations staff find this contact under: those chosen, else those of its role."""
        return [str(s) for s in self.life_situations] or list(self.ROLE_SITUATIONS.get(self.role, ()))

    @staticmethod
    def situation_choices() -> list[tuple[str, Any]]:
        """The life situations to choose from, "all" named as the offers page's section for it."""
        return [
            (value, label if value != LifeSituation.ALL else _("For all staff"))
            for value, label in LifeSituation.choices
        ]

    def get_situations_display(self) -> list[str]:
        """The situations in words, in the order of the offers page."""
        chosen = set(self.situations)
        return [str(label) for value, label in self.situation_choices() if value in chosen]
