from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "vereinbar.accounts"
    verbose_name = _("Accounts")

    def ready(self) -> None:
        from django.core.signals import request_finished, request_started

        from vereinbar.activity.sentences import register_sentences
        from vereinbar.activity.verbs import register_verbs

        from . import scope
        from .admin import register_authenticator_admin, register_provider_admin

        register_authenticator_admin()
        register_provider_admin()

        register_verbs(
            {
                "account.two_factor_reset": _("reset a second factor"),
                "account.created_by_provider": _("signed in with a provider for the first time"),
                "account.email_changed": _("changed their e-mail address"),
            }
        )
        register_sentences(
            {
                "account.two_factor_reset": _("%(actor)s reset the second factor of %(object)s."),
                "account.created_by_provider": _("%(actor)s signed in with %(provider)s for the first time."),
                "account.email_changed": _("%(actor)s changed their e-mail address."),
            }
        )

        request_started.connect(scope.clear, dispatch_uid="vereinbar.accounts.scope.started")
        request_finished.connect(scope.clear, dispatch_uid="vereinbar.accounts.scope.finished")
