from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WebhooksConfig(AppConfig):
    name = "vereinbar.webhooks"
    verbose_name = _("Webhooks")

    def ready(self) -> None:
        from vereinbar.activity.sentences import register_sentences
        from vereinbar.activity.verbs import register_verbs

        from . import signals  # noqa: F401 - connects the history listener

        register_verbs(
            {
                "webhook.created": _("added a webhook endpoint"),
                "webhook.updated": _("changed a webhook endpoint"),
                "webhook.deleted": _("deleted a webhook endpoint"),
                "webhook.secret_rotated": _("replaced a webhook endpoint's secret"),
                "webhook.redelivered": _("had a webhook message sent again"),
            }
        )
        register_sentences(
            {
                "webhook.created": _("%(actor)s added the webhook endpoint %(object)s."),
                "webhook.updated": _("%(actor)s changed the webhook endpoint %(object)s."),
                "webhook.deleted": _("%(actor)s deleted the webhook endpoint %(object)s."),
                "webhook.secret_rotated": _(
                    "%(actor)s replaced the signing secret of the webhook endpoint %(object)s."
                ),
                "webhook.redelivered": _("%(actor)s had a message to the webhook endpoint %(object)s sent again."),
            }
        )
