"""The operator's list of awards and its exports (/<lang>/operator/cycles/awards/): part of the
``operator_cycles`` namespace, which ``site/urls_operator_cycles.py`` composes."""

from django.urls import path

from . import views_desk

urlpatterns = [
    path("awards/", views_desk.awards, name="awards"),
    path("awards/export.csv", views_desk.awards_export, {"fmt": "csv"}, name="awards_csv"),
    path("awards/export.xlsx", views_desk.awards_export, {"fmt": "xlsx"}, name="awards_xlsx"),
]
