import django.db.models.deletion
from django.db import migrations, models


def read_model_empty(apps, schema_editor):
    """The read model is written again with its measures' and descriptions' own words (what "why
    this matched" reads): ``migrate`` ends by making it when it is empty
    (``readmodel.rebuild_after_migrate``)."""
    using = schema_editor.connection.alias
    for name in ("ListedMention", "ListedMeasure", "ListedProgramme", "ListedText", "ListedOrganisation"):
        apps.get_model("directory", name).objects.using(using).all().delete()


class Migration(migrations.Migration):

    dependencies = [
        ('directory', '0007_search_text_in_parts'),
    ]

    operations = [
        migrations.CreateModel(
            name='ListedDescription',
            fields=[
                ('listed', models.OneToOneField(on_delete=django.db.models.deletion.CASCADE, primary_key=True, related_name='description', serialize=False, to='directory.listedorganisation')),
                ('texts', models.JSONField(default=dict)),
            ],
        ),
        migrations.CreateModel(
            name='ListedMeasureText',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('type_id', models.BigIntegerField(blank=True, null=True)),
                ('titles', models.JSONField(default=dict)),
                ('descriptions', models.JSONField(default=dict)),
                ('words', models.TextField(blank=True)),
                ('listed', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='measure_texts', to='directory.listedorganisation')),
            ],
        ),
        migrations.RunPython(read_model_empty, migrations.RunPython.noop),
    ]
