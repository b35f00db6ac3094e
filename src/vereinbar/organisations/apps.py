from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OrganisationsConfig(AppConfig):
    name = "vereinbar.organisations"
    verbose_name = _("Organisations")

    def ready(self) -> None:
        from vereinbar.activity.verbs import register_verbs

        register_verbs(
            {
                "organisation.registered": _("registered the organisation"),
                "organisation.approved": _("approved the registration"),
                "organisation.rejected": _("rejected the registration"),
                "organisation.resubmitted": _("submitted the registration again"),
                "unit.created": _("added a unit"),
                "unit.updated": _("changed a unit"),
                "unit.deleted": _("deleted a unit"),
                "contact.created": _("added a contact"),
                "contact.updated": _("changed a contact"),
                "contact.deleted": _("deleted a contact"),
                "organisation.offers_link_rotated": _("made a new staff offers link"),
                "organisation.offers_link_disabled": _("turned off the staff offers link"),
            }
        )
