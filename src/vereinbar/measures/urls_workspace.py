"""An employer's measures in the workspace (/<lang>/workspace/<slug>/measures/): part of the
``workspace`` namespace, which ``site/urls_workspace.py`` composes."""

from django.urls import path

from . import views

urlpatterns = [
    path("<slug:slug>/measures/", views.measure_list, name="measures"),
    path("<slug:slug>/measures/export.csv", views.measure_export, {"fmt": "csv"}, name="measures_csv"),
    path("<slug:slug>/measures/export.xlsx", views.measure_export, {"fmt": "xlsx"}, name="measures_xlsx"),
    path("<slug:slug>/measures/add/", views.measure_add, name="measure_add"),
    path("<slug:slug>/measures/<int:measure_id>/", views.measure_detail, name="measure"),
    path("<slug:slug>/measures/<int:measure_id>/status/", views.measure_status, name="measure_status"),
    path("<slug:slug>/measures/<int:measure_id>/delete/", views.measure_delete, name="measure_delete"),
]
