from typing import Any

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


def create_cache_tables(using: str = "default", **kwargs: Any) -> None:
    """The tables of the database caches (``CACHES``' ``DatabaseCache``s), made in the database
    just migrated: every ``migrate`` (a new installation, an upgrade, a test database, the one a
    backup is restored into) leaves them there. ``createcachetable`` skips a table that exists."""
    from django.core.management import call_command

    call_command("createcachetable", database=using, verbosity=0)


class CoreConfig(AppConfig):
    name = "vereinbar.core"
    verbose_name = _("Core")
    # The limits' counts (LimitCount) are worth nothing after their window: not in backups.
    backup_derived = ("LimitCount",)

    def ready(self) -> None:
        from django.db.models import fields
        from django.db.models.signals import post_migrate

        post_migrate.connect(create_cache_tables, sender=self, dispatch_uid="core-create-cache-tables")

        # The empty choice of every select (Django 6.1's "- Select an option -" is in no German
        # or Dutch catalogue): Django reads this name when it builds a form, as its comment allows.
        fields.BLANK_CHOICE_LABEL = _("– choose –")
