"""Measures: the platform's catalogue of typical measures, and each organisation's own measures.

The catalogue is data (``library/measures/catalogue.yaml``, loaded by ``vereinbar measures
load-catalogue``; operators can add entries): categories (generic fields such as working time or
health) and measure types with names, descriptions and search synonyms in every language, the
life situations they help with, and whether they are a statutory right in some country.
An organisation's ``Measure`` belongs to a category and, optionally, to a catalogue type.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from typing import TYPE_CHECKING, ClassVar

from django.db import models
from django.utils.translation import gettext_lazy as _

# LifeSituation lives with the contacts, which are listed by it too; it is used here as ever.
from vereinbar.organisations.models import LifeSituation, Organisation, Visibility

if TYPE_CHECKING:
    from vereinbar.programmes.display import Text


class TargetGroup(models.TextChoices):
    ALL_STAFF = "all_staff", _("All staff")
    PARENTS = "parents", _("Parents")
    CARERS = "carers", _("Carers")
    MANAGERS = "managers", _("Managers")
    PART_TIME_STAFF = "part_time_staff", _("Part-time staff")
    RETURNERS = "returners", _("Staff returning from leave")


# Target groups that make a measure relevant to a life situation, whatever its category.
TARGET_GROUP_SITUATIONS = {TargetGroup.PARENTS: LifeSituation.CHILDREN, TargetGroup.CARERS: LifeSituation.CARE}


class MeasureStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    IN_PLACE = "in_place", _("In place")
    ENDED = "ended", _("Ended")


class Basis(models.TextChoices):
    """What a measure rests on."""

    SERVICE_AGREEMENT = "service_agreement", _("Service or works agreement")
    COLLECTIVE_AGREEMENT = "collective_agreement", _("Collective agreement")
    POLICY = "policy", _("Written policy")
    PRACTICE = "practice", _("Established practice")
    STATUTORY = "statutory", _("Statutory right")


class CatalogueOrigin(models.TextChoices):
    FILE = "file", _("Catalogue file")
    OPERATOR = "operator", _("Added by an operator")


@functools.cache
def _combining_marks() -> dict[int, None]:
    """``str.translate`` table deleting the combining marks of the Basic Multilingual Plane."""
    return {point: None for point in range(0x10000) if unicodedata.combining(chr(point))}


_BEYOND_BMP = re.compile("[\U00010000-\U0010ffff]")


def normalise_term(text: str) -> str:
    """Case- and accent-insensitive form of a search term ("Brückentag" → "bruckentag").
    (The directory's index normalises every listed organisation's texts with it: one
    ``translate`` rather than a Python loop over each character.)"""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    if not decomposed.isascii():
        if _BEYOND_BMP.search(decomposed):
            decomposed = "".join(char for char in decomposed if not unicodedata.combining(char))
        else:
            decomposed = decomposed.translate(_combining_marks())
    return " ".join(decomposed.split())


class MeasureCategory(models.Model):  # type: ignore[django-manager-missing]  # stubs gap: its reverse managers
    """A generic field of measures (working time, place of work, health…)."""

    key = models.SlugField(_("key"), max_length=60, unique=True)
    name = models.CharField(_("name"), max_length=200)
    life_situations = models.JSONField(_("life situations"), default=list, blank=True)
    position = models.PositiveIntegerField(_("position"), default=0)
    is_active = models.BooleanField(_("active"), default=True)

    objects: ClassVar[models.Manager[MeasureCategory]] = models.Manager()

    class Meta:
        verbose_name = _("measure category")
        verbose_name_plural = _("measure categories")
        ordering = ["position", "key"]

    def __str__(self) -> str:
        return self.name


class MeasureType(models.Model):  # type: ignore[django-manager-missing]  # stubs gap: its reverse managers
    """One entry of the catalogue: a typical measure, or a statutory right shown beside them."""

    key = models.SlugField(_("key"), max_length=80, unique=True)
    category = models.ForeignKey(
        MeasureCategory, on_delete=models.PROTECT, related_name="types", verbose_name=_("category")
    )
    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    synonyms = models.TextField(_("synonyms"), blank=True, help_text=_("Other words people search for, one per line."))
    # Every name and synonym in every language, normalised, one per line: what search matches.
    search_text = models.TextField(editable=False, blank=True)
    life_situations = models.JSONField(_("life situations"), default=list, blank=True)
    statutory = models.BooleanField(_("statutory right"), default=False)
    country = models.CharField(
        _("country"), max_length=2, blank=True, help_text=_("For statutory rights: where they apply (EU: all members).")
    )
    legal_reference = models.CharField(_("legal reference"), max_length=200, blank=True)
    origin = models.CharField(_("origin"), max_length=10, choices=CatalogueOrigin.choices, default=CatalogueOrigin.FILE)
    position = models.PositiveIntegerField(_("position"), default=0)
    is_active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects: ClassVar[models.Manager[MeasureType]] = models.Manager()
    # For the staff offers page only (views_offers): the reference in the reader's language.
    citation: Text | None

    class Meta:
        verbose_name = _("catalogue entry")
        verbose_name_plural = _("catalogue entries")
        ordering = ["category__position", "position", "key"]

    def __str__(self) -> str:
        return self.name

    def get_life_situations_display(self) -> list[str]:
        labels = dict(LifeSituation.choices)
        return [str(labels.get(situation, situation)) for situation in self.life_situations]

    def terms(self) -> set[str]:
        """Every name and synonym in every language, normalised."""
        from django.conf import settings

        terms: set[str] = set()
        for language, _name in settings.LANGUAGES:
            for text in (
                getattr(self, f"name_{language}"),
                *(getattr(self, f"synonyms_{language}") or "").splitlines(),
            ):
                if text and text.strip():
                    terms.add(normalise_term(text))
        return terms


class Measure(models.Model):
    """One of an organisation's measures: what it offers, since when, on what basis, for whom.

    Goals of a target agreement link to measures (many-to-many from the goal's side), so this
    model and its primary key stay stable.
    """

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="measures")
    type = models.ForeignKey(
        MeasureType,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="measures",
        verbose_name=_("catalogue entry"),
    )
    category = models.ForeignKey(
        MeasureCategory, on_delete=models.PROTECT, related_name="measures", verbose_name=_("category")
    )
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    status = models.CharField(_("status"), max_length=20, choices=MeasureStatus.choices, default=MeasureStatus.PLANNED)
    since = models.DateField(_("in place since"), null=True, blank=True)
    ended_on = models.DateField(_("ended on"), null=True, blank=True)
    basis = models.CharField(_("basis"), max_length=30, choices=Basis.choices, blank=True)
    target_groups = models.JSONField(_("target groups"), default=list, blank=True)
    visibility = models.CharField(
        _("visibility"), max_length=10, choices=Visibility.choices, default=Visibility.INTERNAL
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects: ClassVar[models.Manager[Measure]] = models.Manager()

    class Meta:
        verbose_name = _("measure")
        verbose_name_plural = _("measures")
        ordering = ["category__position", "id"]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(status=MeasureStatus.IN_PLACE) | models.Q(since__isnull=False),
                name="measure_in_place_has_since",
            ),
            models.CheckConstraint(
                condition=~models.Q(status=MeasureStatus.ENDED) | models.Q(ended_on__isnull=False),
                name="measure_ended_has_ended_on",
            ),
            models.CheckConstraint(
                condition=models.Q(since__isnull=True)
                | models.Q(ended_on__isnull=True)
                | models.Q(ended_on__gte=models.F("since")),
                name="measure_ends_after_it_starts",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_public(self) -> bool:
        return self.visibility == Visibility.PUBLIC

    @property
    def life_situations(self) -> list[str]:
        """The life situations the measure helps with: its catalogue entry's (else its category's),
        plus those its target groups imply (carers: care; parents: children). An entry for several
        situations (talks: children and care) narrows to the ones the target groups name, so talks
        for carers are not offered to parents; with no such group it keeps all of them."""
        situations = [
            str(situation)
            for situation in (self.type.life_situations if self.type else None) or self.category.life_situations
        ]
        implied = [
            str(TARGET_GROUP_SITUATIONS[group]) for group in self.target_groups if group in TARGET_GROUP_SITUATIONS
        ]
        named = [situation for situation in situations if situation in implied]
        return list(dict.fromkeys([*(named or situations), *implied]))

    def get_target_groups_display(self) -> list[str]:
        labels = dict(TargetGroup.choices)
        return [str(labels.get(group, group)) for group in self.target_groups]
