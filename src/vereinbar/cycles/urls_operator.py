"""Cycle pages in the operator area (/<lang>/operator/cycles/): the desk's lists of cycles and
awards (with their exports) in place of the shared list, then the cycle pages both areas share."""

from django.urls import path

from .urls import patterns
from .views import desk

app_name = "operator_cycles"
urlpatterns = [
    path("", desk.cycles, name="list"),
    path("export.csv", desk.cycles_export, {"fmt": "csv"}, name="export_csv"),
    path("export.xlsx", desk.cycles_export, {"fmt": "xlsx"}, name="export_xlsx"),
    path("bulk/", desk.cycles_bulk, name="bulk"),
    path("awards/", desk.awards, name="awards"),
    path("awards/export.csv", desk.awards_export, {"fmt": "csv"}, name="awards_csv"),
    path("awards/export.xlsx", desk.awards_export, {"fmt": "xlsx"}, name="awards_xlsx"),
    *(pattern for pattern in patterns("operator") if str(pattern.pattern) != ""),
]
