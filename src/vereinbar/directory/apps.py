from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DirectoryConfig(AppConfig):
    name = "vereinbar.directory"
    verbose_name = _("Directory")
    # The read model (and its version) is made from the other tables: not in backups, made again
    # after a restore.
    backup_derived = (
        "DirectoryState",
        "ListedOrganisation",
        "ListedText",
        "ListedProgramme",
        "ListedMeasure",
        "ListedMention",
    )

    def ready(self) -> None:
        from django.db.models.signals import post_migrate

        from vereinbar.activity.verbs import register_verbs
        from vereinbar.core.backup.restore import restored

        from .readmodel import rebuild_after_migrate, rebuild_on_restore

        # A restore writes rows in bulk: the read model (and its search table, which is no model
        # of the archive) is made afresh from the restored data.
        restored.connect(rebuild_on_restore, dispatch_uid="directory-read-model-restored")
        # An upgrade whose migrations could not fill the read model: filled once all have run.
        post_migrate.connect(rebuild_after_migrate, sender=self, dispatch_uid="directory-read-model-migrated")

        register_verbs(
            {
                "practice_report.updated": _("changed the practice report"),
                "practice_report.photo_added": _("added a photo to the practice report"),
                "practice_report.photo_deleted": _("deleted a photo of the practice report"),
            }
        )
