from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DirectoryConfig(AppConfig):
    name = "vereinbar.directory"
    verbose_name = _("Directory")

    def ready(self) -> None:
        from django.db.models.signals import post_delete, post_save

        from vereinbar.activity.verbs import register_verbs

        from .index import WATCHED_MODELS, forget_on_change

        # Cache invalidation only (no business logic): a saved or deleted row of these models
        # drops this process's search index; other processes notice through the fingerprint.
        for model in WATCHED_MODELS:
            post_save.connect(forget_on_change, sender=model, dispatch_uid=f"directory-index-save-{model}")
            post_delete.connect(forget_on_change, sender=model, dispatch_uid=f"directory-index-delete-{model}")

        register_verbs(
            {
                "practice_report.updated": _("changed the practice report"),
                "practice_report.photo_added": _("added a photo to the practice report"),
                "practice_report.photo_deleted": _("deleted a photo of the practice report"),
            }
        )
