from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "vereinbar.core"
    verbose_name = _("Core")

    def ready(self) -> None:
        from django.db.models import fields

        # The empty choice of every select (Django 6.1's "- Select an option -" is in no German
        # or Dutch catalogue): Django reads this name when it builds a form, as its comment allows.
        fields.BLANK_CHOICE_LABEL = _("– choose –")
