from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PagesConfig(AppConfig):
    name = "vereinbar.pages"
    verbose_name = _("Legal pages")

    def ready(self) -> None:
        from vereinbar.activity.verbs import register_verbs

        register_verbs({"legal_page.updated": _("changed a legal page")})
