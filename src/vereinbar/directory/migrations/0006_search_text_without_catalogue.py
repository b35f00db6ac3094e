from django.db import migrations


def read_model_empty(apps, schema_editor):
    """Search texts written with the catalogue's names in them are dropped: ``migrate`` ends by
    making the read model again when it is empty (``readmodel.rebuild_after_migrate``)."""
    using = schema_editor.connection.alias
    for name in ("ListedMention", "ListedMeasure", "ListedProgramme", "ListedText", "ListedOrganisation"):
        apps.get_model("directory", name).objects.using(using).all().delete()


class Migration(migrations.Migration):
    dependencies = [
        ("directory", "0005_kept_counts"),
    ]

    operations = [
        migrations.RunPython(read_model_empty, migrations.RunPython.noop),
    ]
