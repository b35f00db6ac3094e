from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PagesConfig(AppConfig):
    name = "vereinbar.pages"
    verbose_name = _("Legal pages")

    def ready(self) -> None:
        from vereinbar.activity.verbs import register_verbs
        from vereinbar.organisations.operator_home import operator_flag_register

        from .permissions import can_edit_legal_pages

        operator_flag_register("can_edit_legal_pages", can_edit_legal_pages)
        register_verbs({"legal_page.updated": _("changed a legal page")})
