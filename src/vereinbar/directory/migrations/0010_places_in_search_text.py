from importlib import import_module

from django.db import migrations

# The search text now holds the town and region each row shows (``readmodel.search_text``): the
# rows are dropped, as 0009 dropped them, and ``migrate`` ends by writing them again with them
# (``readmodel.rebuild_after_migrate``).
read_model_empty = import_module("vereinbar.directory.migrations.0009_since_without_gaps").read_model_empty


class Migration(migrations.Migration):
    dependencies = [
        ("directory", "0009_since_without_gaps"),
    ]

    operations = [
        migrations.RunPython(read_model_empty, migrations.RunPython.noop),
    ]
