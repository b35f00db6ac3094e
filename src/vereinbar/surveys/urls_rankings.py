"""Public ranking lists of programmes (/<lang>/rankings/<programme>/), with their open data."""

from django.urls import path

from .views import ranking

app_name = "rankings"

urlpatterns = [
    path("<slug:programme_slug>/", ranking.ranking_page, name="page"),
    path("<slug:programme_slug>/ranking.csv", ranking.ranking_csv, name="csv"),
    path("<slug:programme_slug>/ranking.json", ranking.ranking_json, name="json"),
]
