from django.db import migrations


def read_model_empty(apps, schema_editor):
    """The search text now holds the town and region each row shows (``readmodel.search_text``):
    the rows are dropped and ``migrate`` ends by writing them again with them
    (``readmodel.rebuild_after_migrate``)."""
    using = schema_editor.connection.alias
    for name in (
        "ListedMention",
        "ListedMeasureText",
        "ListedDescription",
        "ListedMeasure",
        "ListedProgramme",
        "ListedText",
        "ListedOrganisation",
    ):
        apps.get_model("directory", name).objects.using(using).all().delete()


class Migration(migrations.Migration):
    dependencies = [
        ("directory", "0009_since_without_gaps"),
    ]

    operations = [
        migrations.RunPython(read_model_empty, migrations.RunPython.noop),
    ]
