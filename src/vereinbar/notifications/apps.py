from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotificationsConfig(AppConfig):
    name = "vereinbar.notifications"
    verbose_name = _("Notifications")

    def ready(self) -> None:
        from vereinbar.activity.verbs import register_verbs

        from . import checks  # noqa: F401 - registers the system checks

        register_verbs({"outbox.retried": _("sent failed mails again")})
