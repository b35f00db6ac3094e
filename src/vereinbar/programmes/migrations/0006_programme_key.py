"""Programme.key: the programme's name in addresses, stored once and unique. Existing
programmes get the key the addresses gave them (the last part of the identifier), in the
order they were made, except where that was taken, reserved or no slug (``keys.key_choose``);
the addresses before keep working (``keys.programme_by_param``)."""

from django.db import migrations, models


def keys_fill(apps, schema_editor):
    from vereinbar.programmes.keys import key_choose

    Programme = apps.get_model("programmes", "Programme")
    taken: set[str] = set()
    for programme in Programme.objects.order_by("pk"):
        programme.key = key_choose(programme.identifier, taken)
        taken.add(programme.key)
        programme.save(update_fields=["key"])


class Migration(migrations.Migration):
    dependencies = [
        ("programmes", "0005_programme_roles"),
    ]

    operations = [
        migrations.AddField(
            model_name="programme",
            name="key",
            # No index yet: the unique one below makes it (on PostgreSQL both would make the same
            # "…_like" index, and the second fails).
            field=models.SlugField(db_index=False, default="", max_length=80, verbose_name="key"),
            preserve_default=False,
        ),
        migrations.RunPython(keys_fill, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="programme",
            name="key",
            field=models.SlugField(max_length=80, unique=True, verbose_name="key"),
        ),
    ]
