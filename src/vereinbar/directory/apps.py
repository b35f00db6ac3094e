from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DirectoryConfig(AppConfig):
    name = "vereinbar.directory"
    verbose_name = _("Directory")
    # Its one row (the change counter) is written by a migration: a restore replaces it.
    backup_replaces = ("DirectoryState",)

    def ready(self) -> None:
        from django.db.models.signals import post_delete, post_save

        from vereinbar.activity.verbs import register_verbs
        from vereinbar.core.backup.restore import restored

        from .freshness import WATCHED_MODELS, changed_on_signal

        # Cache invalidation only (no business logic): a saved or deleted row of these models
        # moves the directory's change counter once the transaction commits; every process notices
        # it with its next request (the index's fingerprint).
        for model in WATCHED_MODELS:
            post_save.connect(changed_on_signal, sender=model, dispatch_uid=f"directory-index-save-{model}")
            post_delete.connect(changed_on_signal, sender=model, dispatch_uid=f"directory-index-delete-{model}")
        restored.connect(changed_on_signal, dispatch_uid="directory-index-restored")

        register_verbs(
            {
                "practice_report.updated": _("changed the practice report"),
                "practice_report.photo_added": _("added a photo to the practice report"),
                "practice_report.photo_deleted": _("deleted a photo of the practice report"),
            }
        )
