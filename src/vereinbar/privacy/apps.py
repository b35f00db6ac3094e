from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PrivacyConfig(AppConfig):
    name = "vereinbar.privacy"
    verbose_name = _("Privacy")

    def ready(self) -> None:
        from vereinbar.surveys.retention import stored_report_register

        from .retention import report_stored

        # The survey report reads the report kept after the raw data went, before any response.
        stored_report_register(report_stored)
