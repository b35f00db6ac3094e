"""Stored reports as JSON instead of pickles (second step): the pickles go, the JSON column
filled by 0002 becomes ``data``. Separate from 0002 so that PostgreSQL does not alter a table
in the transaction that rewrote its rows."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("privacy", "0002_stored_report_json"),
    ]

    operations = [
        migrations.RemoveField(model_name="storedreport", name="data"),
        migrations.RenameField(model_name="storedreport", old_name="content", new_name="data"),
        migrations.AlterField(model_name="storedreport", name="data", field=models.JSONField()),
    ]
