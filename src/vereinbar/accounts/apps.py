from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "vereinbar.accounts"
    verbose_name = _("Accounts")

    def ready(self) -> None:
        from django.core.signals import request_finished, request_started

        from . import scope

        request_started.connect(scope.clear, dispatch_uid="vereinbar.accounts.scope.started")
        request_finished.connect(scope.clear, dispatch_uid="vereinbar.accounts.scope.finished")
