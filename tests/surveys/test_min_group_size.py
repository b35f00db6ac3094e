"""The minimum group size of a survey is never below 5 (design.md, the COPSOQ rule)."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.db.migrations.executor import MigrationExecutor

from vereinbar.surveys.forms import SurveyEditForm
from vereinbar.surveys.models import MIN_K, Survey


def test_the_floor_is_five():
    assert MIN_K == 5


@pytest.mark.parametrize("k", [3, 4])
def test_the_service_refuses_a_minimum_below_five(make_survey, k):
    with pytest.raises(ValidationError) as caught:
        make_survey(min_group_size=k, min_group_size_comments=10)
    assert "5" in caught.value.message_dict["min_group_size"][0]
    assert not Survey.objects.exists()


def test_the_form_says_next_to_the_field_why_five_is_the_least(make_survey):
    survey = make_survey()
    form = SurveyEditForm(
        data={"title_de": "X", "languages": ["de"], "min_group_size": 3, "min_group_size_comments": 4}, survey=survey
    )
    assert not form.is_valid()
    for field in ("min_group_size", "min_group_size_comments"):
        assert form.errors[field] == [
            "At least 5: results of smaller groups could be traced back to individual people."
        ]


def test_the_settings_page_shows_the_message_at_the_field(make_survey, login, coordinator):
    survey = make_survey()
    client = login(coordinator)
    page = client.post(
        f"/en/workspace/{survey.organisation.slug}/surveys/{survey.pk}/settings/",
        {"title_de": "X", "languages": ["de"], "min_group_size": 3, "min_group_size_comments": 10},
    ).content.decode()
    assert "At least 5: results of smaller groups" in page and 'aria-invalid="true"' in page
    survey.refresh_from_db()
    assert survey.min_group_size == 5


def test_the_database_refuses_a_minimum_below_five(make_survey):
    survey = make_survey()
    with pytest.raises(IntegrityError), transaction.atomic():
        Survey.objects.filter(pk=survey.pk).update(min_group_size=4)


@pytest.mark.django_db(transaction=True)
def test_the_migration_raises_stored_minimums_below_five(make_survey):
    small, fine = make_survey(title="Klein"), make_survey(title="Normal", min_group_size=6, min_group_size_comments=8)
    executor = MigrationExecutor(connection)
    executor.migrate([("surveys", "0002_survey_cycle_link")])
    try:
        with connection.cursor() as cursor:
            cursor.execute(
                "UPDATE surveys_survey SET min_group_size = 3, min_group_size_comments = 4 WHERE id = %s", [small.pk]
            )
        executor = MigrationExecutor(connection)
        executor.migrate([("surveys", "0003_min_group_size_at_least_5")])
        # Only the fields of this migration: later ones (titles per language) are not there yet.
        small.refresh_from_db(fields=["min_group_size", "min_group_size_comments"])
        fine.refresh_from_db(fields=["min_group_size", "min_group_size_comments"])
        assert (small.min_group_size, small.min_group_size_comments) == (5, 5)
        assert (fine.min_group_size, fine.min_group_size_comments) == (6, 8)
    finally:
        # Every later migration applied again: a test after this one finds the database whole
        # (a backup refuses a database that is not migrated to the code's version).
        executor = MigrationExecutor(connection)
        executor.migrate(executor.loader.graph.leaf_nodes())
    assert not MigrationExecutor(connection).migration_plan(executor.loader.graph.leaf_nodes())
