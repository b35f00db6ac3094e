"""The minimum group size of a survey is at least 5 (it could be set to 3 or 4 before).

Stored values below 5 are raised to 5, and a comment minimum below the new group minimum is
raised with it, before the check constraint is replaced."""

from django.core.validators import MinValueValidator
from django.db import migrations, models
from django.db.backends.base.schema import BaseDatabaseSchemaEditor
from django.db.migrations.state import StateApps
from django.db.models.functions import Greatest


def raise_small_minimums(apps: StateApps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    Survey = apps.get_model("surveys", "Survey")
    Survey.objects.using(schema_editor.connection.alias).filter(min_group_size__lt=5).update(
        min_group_size=5, min_group_size_comments=Greatest(models.F("min_group_size_comments"), models.Value(5))
    )


class Migration(migrations.Migration):
    dependencies = [("surveys", "0002_survey_cycle_link")]

    operations = [
        migrations.RemoveConstraint(model_name="survey", name="survey_k_at_least_3"),
        migrations.RunPython(raise_small_minimums, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="survey",
            name="min_group_size",
            field=models.PositiveSmallIntegerField(
                default=5, validators=[MinValueValidator(5)], verbose_name="minimum group size"
            ),
        ),
        migrations.AlterField(
            model_name="survey",
            name="min_group_size_comments",
            field=models.PositiveSmallIntegerField(
                default=10, validators=[MinValueValidator(5)], verbose_name="minimum group size for comments"
            ),
        ),
        migrations.AddConstraint(
            model_name="survey",
            constraint=models.CheckConstraint(condition=models.Q(min_group_size__gte=5), name="survey_k_at_least_5"),
        ),
    ]
