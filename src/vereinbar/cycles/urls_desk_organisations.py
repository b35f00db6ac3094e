"""The operator's lists of registrations and employers (/<lang>/operator/registrations/,
/<lang>/operator/employers/): part of the ``operator`` namespace, which
``site/urls_operator.py`` composes. Their names are reserved as slugs."""

from django.urls import path

from .views import desk_organisations as desk

urlpatterns = [
    path("registrations/", desk.registrations, name="registrations"),
    path("registrations/export.csv", desk.registrations_export, {"fmt": "csv"}, name="registrations_csv"),
    path("registrations/export.xlsx", desk.registrations_export, {"fmt": "xlsx"}, name="registrations_xlsx"),
    path("employers/", desk.employers, name="employers"),
    path("employers/export.csv", desk.employers_export, {"fmt": "csv"}, name="employers_csv"),
    path("employers/export.xlsx", desk.employers_export, {"fmt": "xlsx"}, name="employers_xlsx"),
]
