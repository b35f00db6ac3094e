"""The organisation's history page filtered by who, what and when, and its CSV export."""

from __future__ import annotations

import csv
import datetime
import io

import pytest
from django.utils import timezone

from vereinbar.activity.services import entry_record

pytestmark = pytest.mark.django_db

PAGE = "/de/workspace/kreis-musterstadt/history/"


def at(day: int) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime(2026, 3, day, 12, 0))


@pytest.fixture
def history(employer_org, coordinator, contributor):
    entry_record(actor=coordinator, verb="organisation.updated", organisation=employer_org, at=at(1))
    entry_record(actor=contributor, verb="measure.created", organisation=employer_org, at=at(10), comment="=SUM(A1)")
    entry_record(actor=coordinator, verb="unit.created", organisation=employer_org, at=at(20))


def rows(response) -> list[list[str]]:
    return list(csv.reader(io.StringIO(response.content.decode())))[1:]


def test_the_history_filters_by_who_what_and_when(login, viewer, history, coordinator, contributor):
    client = login(viewer)
    assert len(rows(client.get(PAGE + "export.csv"))) >= 3
    by_contributor = rows(client.get(PAGE + f"export.csv?who={contributor.pk}"))
    from vereinbar.activity.models import Entry

    label = Entry.objects.get(verb="measure.created").actor_label
    assert [row[1] for row in by_contributor] == [label]
    about_measures = rows(client.get(PAGE + "export.csv?what=measures"))
    assert len(about_measures) == 1 and about_measures[0][3] == "'=SUM(A1)"  # a formula stays text
    in_between = rows(client.get(PAGE + "export.csv?since=2026-03-05&until=2026-03-10"))
    assert [row[0] for row in in_between] == ["2026-03-10 12:00"]
    page = client.get(PAGE + "?what=structure").content.decode()
    assert page.count("<time ") == 1
    assert 'href="/de/workspace/kreis-musterstadt/history/export.csv?what=structure"' in page
    page = client.get(PAGE + "?what=surveys").content.decode()
    assert "Nichts im Verlauf entspricht diesen Filtern." in page and "<time " not in page


def test_an_end_date_before_the_start_date_is_shown_at_the_field_and_filters_nothing(login, viewer, history):
    page = login(viewer).get(PAGE + "?since=2026-03-20&until=2026-03-01").content.decode()
    assert "Das Enddatum liegt vor dem Anfangsdatum." in page
    assert page.count("<time ") >= 3


def test_an_outsider_gets_no_history_export(login, outsider, history):
    assert login(outsider).get(PAGE + "export.csv").status_code == 404


@pytest.mark.parametrize(("language", "platform"), [("de", "Die Plattform"), ("nl", "Het platform")])
def test_the_export_names_the_platform_in_the_readers_language(login, viewer, employer_org, language, platform):
    entry_record(actor=None, verb="organisation.updated", organisation=employer_org, at=at(2))
    entry_record(actor="vereinbar demo", verb="organisation.updated", organisation=employer_org, at=at(3))
    exported = rows(login(viewer).get(f"/{language}/workspace/kreis-musterstadt/history/export.csv"))
    assert [row[1] for row in exported] == [platform, platform]
