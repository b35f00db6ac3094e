from django.db import migrations


def read_model_empty(apps, schema_editor):
    """Search texts written without the separators of their parts (name, measures' titles, the
    rest), which the relevance order reads, are dropped: ``migrate`` ends by making the read
    model again when it is empty (``readmodel.rebuild_after_migrate``)."""
    using = schema_editor.connection.alias
    for name in ("ListedMention", "ListedMeasure", "ListedProgramme", "ListedText", "ListedOrganisation"):
        apps.get_model("directory", name).objects.using(using).all().delete()


class Migration(migrations.Migration):
    dependencies = [
        ("directory", "0006_search_text_without_catalogue"),
    ]

    operations = [
        migrations.RunPython(read_model_empty, migrations.RunPython.noop),
    ]
