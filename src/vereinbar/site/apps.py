from django.apps import AppConfig


class SiteConfig(AppConfig):
    name = "vereinbar.site"
    label = "site"
