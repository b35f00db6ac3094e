"""Stored reports as JSON instead of pickles (first of two steps): a JSON column beside the
pickled one, filled from it. 0003 drops the pickles and takes the old column's name.

The conversion reads each pickle with this version's report classes, the ones that wrote it
(the rows come from this installation's own database), and writes the JSON form of
``surveys.report.frozen``. A pickle that does not load stops the migration with the row named,
rather than losing a report whose raw data is gone. Reversible: going back writes pickles
from the JSON again.
"""

from __future__ import annotations

import pickle
from typing import Any

from django.db import migrations, models


def report_json_from_pickle(data: bytes) -> dict[str, Any]:
    """The JSON form of a report pickled by earlier versions."""
    from vereinbar.surveys.report.frozen import report_dump

    report = pickle.loads(bytes(data))  # noqa: S301 - written by this installation before JSON
    return report_dump(report)


def report_pickle_from_json(data: Any) -> bytes:
    """The pickle earlier versions read, from the JSON form (for migrating back)."""
    from vereinbar.surveys.report.frozen import report_load

    return pickle.dumps(report_load(data, survey=None), protocol=pickle.HIGHEST_PROTOCOL)


def _convert(apps: Any, schema_editor: Any) -> None:
    StoredReport = apps.get_model("privacy", "StoredReport")
    for row in StoredReport.objects.using(schema_editor.connection.alias).order_by("pk").iterator(chunk_size=50):
        try:
            row.content = report_json_from_pickle(row.data)
        except Exception as error:
            raise RuntimeError(
                f"stored report {row.pk} (survey {row.survey_id}, {row.language}, {row.peers}), written by "
                f"vereinbar {row.code_version}, cannot be converted to JSON: {error!r}"
            ) from error
        row.save(update_fields=["content"])


def _convert_back(apps: Any, schema_editor: Any) -> None:
    StoredReport = apps.get_model("privacy", "StoredReport")
    for row in StoredReport.objects.using(schema_editor.connection.alias).order_by("pk").iterator(chunk_size=50):
        row.data = report_pickle_from_json(row.content)
        row.save(update_fields=["data"])


class Migration(migrations.Migration):
    dependencies = [
        ("privacy", "0001_initial"),
    ]

    operations = [
        # Nullable while both columns exist, so that 0003 can be undone (its undo adds the
        # pickle column back empty; undoing this migration then fills it before NOT NULL).
        migrations.AlterField(model_name="storedreport", name="data", field=models.BinaryField(null=True)),
        migrations.AddField(
            model_name="storedreport",
            name="content",
            field=models.JSONField(null=True),
        ),
        migrations.RunPython(_convert, _convert_back, elidable=False),
    ]
