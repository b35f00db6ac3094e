from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CredentialsConfig(AppConfig):
    name = "vereinbar.credentials"
    verbose_name = _("Verifiable credentials")

    def ready(self) -> None:
        from vereinbar.activity.verbs import register_verbs

        register_verbs(
            {
                "credential.issued": _("issued a verifiable credential"),
                "credential.key_created": _("created a signing key"),
                "credential.key_rotated": _("rotated a signing key"),
            }
        )
