"""The directory's own data: an organisation's practice report (a text with photos), written by
its coordinator in the workspace and shown on the public profile."""

from __future__ import annotations

import uuid
from typing import Any, ClassVar

from django.db import models
from django.utils.translation import gettext_lazy as _


def photo_upload_to(instance: Any, filename: str) -> str:
    # A random name: the uploader's file name is never used.
    extension = filename.rsplit(".", 1)[-1].lower()
    return f"practice/{uuid.uuid4().hex}.{extension}"


class PracticeReport(models.Model):
    """How the organisation lives its measures, in its own words (one per organisation)."""

    organisation = models.OneToOneField(
        "organisations.Organisation", on_delete=models.CASCADE, related_name="practice_report"
    )
    title = models.CharField(_("title"), max_length=200, blank=True)
    text = models.TextField(_("practice report"), blank=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects: ClassVar[models.Manager[PracticeReport]] = models.Manager()

    class Meta:
        verbose_name = _("practice report")
        verbose_name_plural = _("practice reports")

    def __str__(self) -> str:
        return self.title or str(self.organisation)


class PracticePhoto(models.Model):
    """A photo of the practice report, with its alternative text and the photographer's credit."""

    report = models.ForeignKey(PracticeReport, on_delete=models.CASCADE, related_name="photos")
    image = models.ImageField(_("photo"), upload_to=photo_upload_to)
    content_type = models.CharField(max_length=40)
    description = models.CharField(
        _("description"), max_length=300, help_text=_("What the photo shows, for people who cannot see it.")
    )
    credit = models.CharField(_("photo credit"), max_length=200)
    position = models.PositiveIntegerField(_("position"), default=0)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("photo")
        verbose_name_plural = _("photos")
        ordering = ["position", "id"]

    def __str__(self) -> str:
        return self.description


class DirectoryState(models.Model):
    """One row: the read model's version. ``directory_refresh`` moves it in the transaction of
    every change it writes, so a request reads with one primary-key query which version of the
    read model it sees, and what Django's cache keeps under that version's ``stamp`` (new and
    random at every change: a rolled-back change's stamp is never seen again) is what that
    version shows."""

    version = models.BigIntegerField(default=0)
    stamp = models.CharField(max_length=32, blank=True)

    objects = models.Manager()

    def __str__(self) -> str:
        return f"{self.version}:{self.stamp}"


class DirectoryCount(models.Model):
    """The plain list's counts (no search, no filter), kept at write time: the total (facet
    ``total``) and the number of listed organisations per filter value. ``directory_refresh``
    adds the difference a change makes in its transaction (``directory.counts``); they hold on
    the days ``CountsKept`` names. Like a cache, they are made again from the read model whenever
    they do not hold (a read may write them)."""

    facet = models.CharField(max_length=16)
    value = models.CharField(max_length=200, blank=True)
    count = models.IntegerField(default=0)

    objects = models.Manager()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["facet", "value"], name="directory_count_unique")]

    def __str__(self) -> str:
        return f"{self.facet}={self.value}: {self.count}"


class CountsKept(models.Model):
    """One row: the days on which the kept counts (``DirectoryCount``) hold; none: they are to
    be counted again by the next request that needs them."""

    holds_from = models.DateField(null=True, blank=True)
    holds_through = models.DateField(null=True, blank=True)

    objects = models.Manager()

    def __str__(self) -> str:
        return f"{self.holds_from}..{self.holds_through}"


class ListedOrganisation(models.Model):
    """The directory's read model: one row per listed organisation with what a result row shows
    and what the filters, sorting and search read. Written by ``directory_refresh`` in the
    transaction of every change that affects it (``vereinbar.directory.readmodel``); whether it is
    listed *today* is decided when reading, by the ``valid_until`` of its listings."""

    organisation = models.OneToOneField(
        "organisations.Organisation", on_delete=models.CASCADE, primary_key=True, related_name="+"
    )
    name = models.CharField(max_length=200)
    sort_name = models.CharField(max_length=200)
    slug = models.SlugField(max_length=200)
    kind = models.CharField(max_length=40, blank=True, db_index=True)
    sector = models.CharField(max_length=40, blank=True, db_index=True)
    country = models.CharField(max_length=2, blank=True, db_index=True)
    region = models.CharField(max_length=120, blank=True, db_index=True)
    city = models.CharField(max_length=120, blank=True)
    staff_count = models.PositiveIntegerField(null=True, blank=True)
    size = models.CharField(max_length=10, blank=True, db_index=True)
    website = models.CharField(max_length=300, blank=True)
    is_example = models.BooleanField(default=False)
    # The end of the latest listing (None: one without end), so that "listed today" is a column
    # check; for the sorts, the start of the oldest unbroken run of awards ("since") and the latest
    # issue day (of awards in force when written: the daily expiry rewrites the rows it ends).
    listed_until = models.DateField(null=True, blank=True, db_index=True)
    first_day = models.DateField(null=True, blank=True)
    last_day = models.DateField(null=True, blank=True)
    # Its listings as "|programme#level|…|" (level empty but for awards), the earliest end among
    # them and their earliest and latest start: the programme, level and "since" filters and
    # counts read these columns, no join, while none of the listings has ended since the row was
    # written and "since" takes all or none of them (else its ``ListedProgramme`` rows are read).
    # Programme identifiers (URNs) and level keys hold neither "|" nor "#" (programme.schema.json).
    programme_levels = models.TextField(blank=True)
    programme_levels_until = models.DateField(null=True, blank=True)
    programme_levels_from = models.DateField(null=True, blank=True)
    programme_levels_to = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["sort_name", "organisation_id"]
        indexes = [models.Index(fields=["sort_name", "organisation"], name="directory_listed_name")]

    def __str__(self) -> str:
        return self.name


class ListedText(models.Model):
    """What the search reads of a listed organisation, in a table of its own so that the rows
    the counts scan stay narrow. Normalised (``normalise_term``): the name, published
    descriptions and measures in the organisation's own words, in three parts (the name, the
    measures' titles, the rest: ``readmodel.search_text``) that the relevance order tells
    apart. The catalogue's names of its
    measures' entries are not copied here: the search finds them in the catalogue and the
    organisations by ``ListedMeasure``. On SQLite the FTS5 table ``directory_search`` indexes it
    (kept in step by triggers); on PostgreSQL a pg_trgm GIN index."""

    listed = models.OneToOneField(ListedOrganisation, on_delete=models.CASCADE, primary_key=True, related_name="text")
    body = models.TextField(blank=True)

    def __str__(self) -> str:
        return str(self.listed_id)


class ListedProgramme(models.Model):
    """One award in force (or, for programmes without awards, one running cycle) that lists the
    organisation, with what its programme publishes about it."""

    listed = models.ForeignKey(ListedOrganisation, on_delete=models.CASCADE, related_name="listings")
    programme_id = models.BigIntegerField(db_index=True)
    programme = models.CharField(max_length=200)  # the identifier
    kind = models.CharField(max_length=20)  # the version's kind
    titles = models.JSONField(default=dict)  # language → the version's title
    show = models.JSONField(default=list)  # the version's published items
    award = models.BooleanField(default=False)
    level = models.CharField(max_length=60, blank=True, db_index=True)  # the award's level key
    level_titles = models.JSONField(default=dict)  # language → the level's title
    day = models.DateField(null=True, blank=True)  # issued on, or the day the cycle started
    first_day = models.DateField(null=True, blank=True)  # the start of the award's unbroken chain
    valid_until = models.DateField(null=True, blank=True)
    verification_code = models.CharField(max_length=40, blank=True)

    class Meta:
        indexes = [models.Index(fields=["listed", "valid_until"], name="directory_listing_valid")]

    def __str__(self) -> str:
        return f"{self.listed_id}: {self.programme}"


class ListedMeasure(models.Model):
    """A catalogue entry among the published measures of a listed organisation (the measure filter)."""

    listed = models.ForeignKey(ListedOrganisation, on_delete=models.CASCADE, related_name="measure_types")
    type_id = models.BigIntegerField(db_index=True)

    class Meta:
        # The measure facet counts by organisation found: answered from this index alone.
        indexes = [models.Index(fields=["listed", "type_id"], name="directory_measure_listed")]

    def __str__(self) -> str:
        return f"{self.listed_id}: {self.type_id}"


class ListedMention(models.Model):
    """A catalogue entry whose name or synonym (any language) the search text of a listed
    organisation holds, found when the text is written: a search word that names catalogue
    entries finds the organisations mentioning them by this index, not by one full-text phrase
    per name."""

    listed = models.ForeignKey(ListedOrganisation, on_delete=models.CASCADE, related_name="mentions")
    type_id = models.BigIntegerField()

    class Meta:
        indexes = [models.Index(fields=["type_id", "listed"], name="directory_mention_type")]

    def __str__(self) -> str:
        return f"{self.listed_id}: {self.type_id}"


class ListedMeasureText(models.Model):
    """A published measure of a listed organisation as it wrote it, in every language: what "why
    this matched" shows of it (``matches``) and what the relevance order counts (``find.matching_sql``:
    ``words``, its titles normalised)."""

    listed = models.ForeignKey(ListedOrganisation, on_delete=models.CASCADE, related_name="measure_texts")
    type_id = models.BigIntegerField(null=True, blank=True)  # its catalogue entry
    titles = models.JSONField(default=dict)  # language → title
    descriptions = models.JSONField(default=dict)  # language → description
    words = models.TextField(blank=True)

    def __str__(self) -> str:
        return f"{self.listed_id}: {self.type_id}"


class ListedDescription(models.Model):
    """A listed organisation's published description as it wrote it, in every language (while a
    programme it is listed through publishes its profile): what "why this matched" quotes."""

    listed = models.OneToOneField(
        ListedOrganisation, on_delete=models.CASCADE, primary_key=True, related_name="description"
    )
    texts = models.JSONField(default=dict)  # language → description

    def __str__(self) -> str:
        return str(self.listed_id)
