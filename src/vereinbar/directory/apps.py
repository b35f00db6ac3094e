from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DirectoryConfig(AppConfig):
    name = "vereinbar.directory"
    verbose_name = _("Directory")

    def ready(self) -> None:
        from vereinbar.activity.verbs import register_verbs

        register_verbs(
            {
                "practice_report.updated": _("changed the practice report"),
                "practice_report.photo_added": _("added a photo to the practice report"),
                "practice_report.photo_deleted": _("deleted a photo of the practice report"),
            }
        )
