"""The credential kept as its JSON text (a JSON column reorders keys on PostgreSQL)."""

import json

from django.db import migrations, models


def to_text(apps, schema_editor):
    IssuedCredential = apps.get_model("credentials", "IssuedCredential")
    for row in IssuedCredential.objects.using(schema_editor.connection.alias).all():
        row.text = json.dumps(row.document, ensure_ascii=False, indent=2)
        row.save(update_fields=["text"])


class Migration(migrations.Migration):
    dependencies = [("credentials", "0001_initial")]

    operations = [
        migrations.AddField(
            model_name="issuedcredential",
            name="text",
            field=models.TextField(default="", verbose_name="credential"),
            preserve_default=False,
        ),
        migrations.RunPython(to_text, migrations.RunPython.noop),
        migrations.RemoveField(model_name="issuedcredential", name="document"),
    ]
