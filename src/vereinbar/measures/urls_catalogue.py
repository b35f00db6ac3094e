"""The measure catalogue in the operator area (/<lang>/operator/catalogue/): part of the
``operator`` namespace, which ``site/urls_operator.py`` composes. Its name is reserved as a slug."""

from django.urls import path

from . import views

urlpatterns = [
    path("catalogue/", views.catalogue, name="catalogue"),
    path("catalogue/add/", views.catalogue_entry_form, name="catalogue_add"),
    path("catalogue/<slug:key>/", views.catalogue_entry_form, name="catalogue_entry"),
]
