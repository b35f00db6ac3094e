"""Programme.key: the programme's name in addresses, stored once and unique. Existing
programmes get the key the addresses gave them (the last part of the identifier), in the
order they were made, except where that was taken, reserved or no slug (the rule of
``keys.key_choose`` when this migration was written, kept here so that a later change of the
app's code does not change what the migration does); the addresses before keep working
(``keys.programme_by_param``)."""

from django.db import migrations, models
from django.utils.text import slugify

KEY_MAX_LENGTH = 80
RESERVED_KEYS = frozenset(
    {"upload", "new", "add", "edit", "delete", "import", "export", "compare", "versions", "feed", "search", "all"}
)
GENERIC_PARTS = frozenset({"urn", "programme", "program", "programm", "programma"})


def key_choose(identifier, taken):
    """The last part of the identifier as a slug; where that is taken or reserved, a part before
    it in front (telling parts first), then a number."""
    parts = [slugify(part) for part in identifier.split(":")]
    parts = [part for part in parts if part] or ["programme"]
    name, before = parts[-1], parts[-2::-1]
    candidates = [name]
    candidates += [f"{part}-{name}" for part in before if part not in GENERIC_PARTS]
    candidates += [f"{part}-{name}" for part in before if part in GENERIC_PARTS]
    for key in (candidate[:KEY_MAX_LENGTH].strip("-") for candidate in candidates):
        if key not in taken and key not in RESERVED_KEYS:
            return key
    base = candidates[min(1, len(candidates) - 1)][: KEY_MAX_LENGTH - 4].strip("-")
    number = 2
    while f"{base}-{number}" in taken:
        number += 1
    return f"{base}-{number}"


def keys_fill(apps, schema_editor):
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
