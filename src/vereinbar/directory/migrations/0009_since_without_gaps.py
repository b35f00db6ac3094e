from django.db import migrations


def read_model_empty(apps, schema_editor):
    """The stored "since" days counted a renewal granted after its predecessor had run out as
    unbroken; the rows are dropped and ``migrate`` ends by writing them again with the rule of
    ``certificates.selectors.award_chain`` (``readmodel.rebuild_after_migrate``)."""
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
        ("directory", "0008_match_texts"),
    ]

    operations = [
        migrations.RunPython(read_model_empty, migrations.RunPython.noop),
    ]
