from django.apps import AppConfig


class SiteConfig(AppConfig):
    name = "vereinbar.site"
    label = "site"

    def ready(self) -> None:
        from vereinbar.certificates.selectors import awards_for_ranking
        from vereinbar.surveys.ranking import ranking_awards_register

        # The ranking lists (surveys) place the employers that hold an award of the programme
        # (certificates); they are siblings in the layers, and neither imports the other.
        ranking_awards_register(awards_for_ranking)
