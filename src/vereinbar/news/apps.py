from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NewsConfig(AppConfig):
    name = "vereinbar.news"
    verbose_name = _("News")

    def ready(self) -> None:
        from vereinbar.activity.verbs import register_verbs
        from vereinbar.organisations.operator_home import operator_flag_register

        from .permissions import news_operators

        operator_flag_register("can_manage_news", lambda user: news_operators(user).exists())
        register_verbs(
            {
                "announcement.created": _("wrote an announcement"),
                "announcement.updated": _("changed an announcement"),
                "announcement.published": _("published an announcement"),
                "announcement.withdrawn": _("withdrew an announcement"),
            }
        )
