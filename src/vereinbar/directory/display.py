"""Texts and figures the public pages show: the "since" sentence per kind of award, the region
chart as SVG data, the schema.org description of a profile."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.utils.formats import date_format
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from vereinbar.certificates.texts import awarded_sentence as award_awarded_sentence
from vereinbar.certificates.texts import since_sentence as award_since_sentence
from vereinbar.programmes.models import ProgrammeKind, PublishedItem

from .history import HistoryEntry
from .selectors import AwardRecord, Facet, Profile


def _day(value: date) -> str:
    return date_format(value, "DATE_FORMAT")


def since_sentence(kind: str, first: date) -> str:
    """ "Recognised since 20 February 2017", phrased for the kind of award, in the active language."""
    return award_since_sentence(kind, _day(first))


def awarded_sentence(kind: str, day: date) -> str:
    """The date of the award in force ("Certified on …")."""
    return award_awarded_sentence(kind, _day(day))


def renewed_sentence(days: list[date]) -> str:
    return _("renewed %(dates)s") % {"dates": ", ".join(_day(day) for day in days)}


def renewed_times(count: int) -> str:
    """ "renewed 3 times": the renewals of a programme that does not publish their dates."""
    return ngettext("renewed once", "renewed %(count)d times", count) % {"count": count}


def record_sentences(record: AwardRecord) -> list[str]:
    """What the profile says about one award, following its programme's ``show`` items."""
    show = record.show
    sentences: list[str] = []
    if record.listing.award is None:
        if record.first_awarded_on:  # the first participation
            sentences.append(since_sentence(ProgrammeKind.CYCLE, record.first_awarded_on))
        return sentences
    award = record.listing.award
    if PublishedItem.FIRST_AWARDED_ON in show and record.first_awarded_on:
        sentence = since_sentence(record.kind, record.first_awarded_on)
        if PublishedItem.AWARDED_ON in show and record.renewals:
            sentence = f"{sentence}, {renewed_sentence(record.renewals)}"
        elif record.renewals:
            sentence = f"{sentence}, {renewed_times(len(record.renewals))}"
        sentences.append(sentence)
    elif PublishedItem.AWARDED_ON in show:
        sentences.append(awarded_sentence(record.kind, award.issued_on))
    elif record.renewals:
        sentences.append(capfirst(renewed_times(len(record.renewals))))
    if PublishedItem.VALID_UNTIL in show:
        if award.valid_until:
            sentences.append(_("Valid until %(date)s") % {"date": _day(award.valid_until)})
        else:
            sentences.append(_("No expiry"))
    return sentences


def entry_period(entry: HistoryEntry) -> str:
    """The time of an award or participation on the timeline, as far as its programme publishes
    it: "1 September 2014 – 1 September 2017", "since 1 November 2017", "until …" or nothing.
    Safe HTML: each day is a ``<time>``, which a phone keeps on one line (a period does not)."""
    period = _dates(entry.started_on, entry.ended_on, current=entry.current)
    if entry.renewals:
        renewed = renewed_times(entry.renewals)
        return format_html("{}, {}", period, renewed) if period else capfirst(renewed)
    return period


def _time(value: date) -> SafeString:
    return format_html('<time datetime="{}">{}</time>', value.isoformat(), _day(value))


def _in(sentence: str, **days: date) -> SafeString:
    """A translated sentence with its days as ``<time>`` elements."""
    return mark_safe(conditional_escape(sentence) % {name: _time(day) for name, day in days.items()})


def _dates(start: date | None, end: date | None, *, current: bool) -> str:
    if start and end:
        return _in(_("%(start)s – %(end)s"), start=start, end=end)
    if start:
        if current:
            return _in(_("since %(date)s"), date=start)
        return _in(_("from %(date)s"), date=start)
    if end:
        return _in(_("until %(date)s"), date=end)
    return ""


@dataclass(frozen=True)
class Bar:
    label: str
    value: str
    count: int
    y: int
    width: float
    text_y: int

    @property
    def value_x(self) -> int:
        return int(self.width) + 216


@dataclass(frozen=True)
class Chart:
    bars: list[Bar]
    height: int
    max_count: int
    regions: int = 0  # all regions found; more than the bars when the chart shows only the largest


CHART_BAR_HEIGHT = 22
CHART_GAP = 6
CHART_MAX_BARS = 12
CHART_BAR_SPACE = 300  # px of the bar area in the SVG's coordinate system


def region_chart(facet: Facet | None) -> Chart | None:
    """The regions with the most organisations found, as bars of an SVG chart."""
    if facet is None or not facet.values:
        return None
    values = sorted(facet.values, key=lambda v: (-v.count, v.label.casefold()))[:CHART_MAX_BARS]
    top = max(v.count for v in values) or 1
    bars = []
    for index, value in enumerate(values):
        y = index * (CHART_BAR_HEIGHT + CHART_GAP)
        bars.append(
            Bar(
                label=value.label,
                value=value.value,
                count=value.count,
                y=y,
                width=round(max(2.0, CHART_BAR_SPACE * value.count / top), 1),
                text_y=y + CHART_BAR_HEIGHT // 2 + 5,
            )
        )
    return Chart(bars=bars, height=len(bars) * (CHART_BAR_HEIGHT + CHART_GAP), max_count=top, regions=len(facet.values))


# JSON inside <script> must not close the element or open a comment (as Django's json_script).
_JSON_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}


def json_ld(profile: Profile, *, url: str) -> SafeString:
    """schema.org Organization with its awards, for search engines (a data block, not a script)."""
    organisation = profile.organisation
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "Organization",
        "name": organisation.name,
        "url": url,
    }
    if PublishedItem.PROFILE in profile.show:
        if organisation.description:
            data["description"] = organisation.description
        if organisation.website:
            data["sameAs"] = [organisation.website]
        address = {
            key: value
            for key, value in (
                ("addressLocality", organisation.city),
                ("addressRegion", organisation.region),
                ("addressCountry", organisation.country),
            )
            if value
        }
        if address:
            data["address"] = {"@type": "PostalAddress", **address}
        if organisation.staff_count:
            data["numberOfEmployees"] = {"@type": "QuantitativeValue", "value": organisation.staff_count}
    awards = []
    for record in profile.records:
        if record.listing.award is None or PublishedItem.AWARD not in record.show:
            continue
        parts = [record.listing.title]
        if record.listing.level_title:
            parts.append(record.listing.level_title)
        parts.extend(record_sentences(record))
        awards.append(" – ".join(parts))
    if awards:
        data["award"] = awards
    payload = json.dumps(data, ensure_ascii=False, sort_keys=True).translate(_JSON_ESCAPES)
    return format_html('<script type="application/ld+json">{}</script>', mark_safe(payload))
