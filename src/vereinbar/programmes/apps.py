from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProgrammesConfig(AppConfig):
    name = "vereinbar.programmes"
    verbose_name = _("Programmes")

    def ready(self) -> None:
        from vereinbar.activity.verbs import register_verbs

        register_verbs({"programme.version_loaded": _("loaded a programme version")})
