from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DirectoryConfig(AppConfig):
    name = "vereinbar.directory"
    verbose_name = _("Directory")
    # The read model (its version and its kept counts) is made from the other tables: not in
    # backups, made again after a restore.
    backup_derived = (
        "DirectoryState",
        "DirectoryCount",
        "CountsKept",
        "ListedOrganisation",
        "ListedText",
        "ListedProgramme",
        "ListedMeasure",
        "ListedMention",
        "ListedMeasureText",
        "ListedDescription",
    )

    def ready(self) -> None:
        from django.db.models.signals import post_migrate

        from vereinbar.activity.verbs import register_verbs
        from vereinbar.core import signals
        from vereinbar.core.backup.restore import restored

        from .readmodel import (
            directory_refresh,
            directory_refresh_measure_types,
            directory_refresh_programme,
            rebuild_after_migrate,
            rebuild_on_restore,
        )

        # The domain apps below say what changed (core.signals); the read model follows in their
        # transaction.
        signals.organisations_changed_signal.connect(
            lambda sender, organisation_ids, **kwargs: directory_refresh(organisation_ids=organisation_ids),
            weak=False,
            dispatch_uid="directory-organisations-changed",
        )
        signals.programme_changed_signal.connect(
            lambda sender, programme_id, **kwargs: directory_refresh_programme(programme_id=programme_id),
            weak=False,
            dispatch_uid="directory-programme-changed",
        )
        signals.measure_types_changed_signal.connect(
            lambda sender, type_ids, **kwargs: directory_refresh_measure_types(type_ids=type_ids),
            weak=False,
            dispatch_uid="directory-measure-types-changed",
        )

        # A restore writes rows in bulk: the read model (and its search table, which is no model
        # of the archive) is made afresh from the restored data.
        restored.connect(rebuild_on_restore, dispatch_uid="directory-read-model-restored")
        # An upgrade whose migrations could not fill the read model: filled once all have run.
        post_migrate.connect(rebuild_after_migrate, sender=self, dispatch_uid="directory-read-model-migrated")

        from vereinbar.certificates.public_profile import public_profile_register

        from .verification import listed_profile_url

        # The verification page of an award links the employer's profile while it is listed.
        public_profile_register(listed_profile_url)

        register_verbs(
            {
                "practice_report.updated": _("changed the practice report"),
                "practice_report.photo_added": _("added a photo to the practice report"),
                "practice_report.photo_deleted": _("deleted a photo of the practice report"),
            }
        )
