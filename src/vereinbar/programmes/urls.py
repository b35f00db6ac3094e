"""Operator pages for programmes (mounted under /<lang>/operator/programmes/), each programme
under its short key (``keys.programme_keys``); the addresses with the whole identifier
(``urn:…``, ``urn:…@2026.1``) that came before keys redirect to them (``views.programme_page``)."""

from django.urls import path

from . import views

app_name = "programmes"

urlpatterns = [
    path("", views.index, name="index"),
    path("upload/", views.upload, name="upload"),
    path("<str:programme_key>/", views.detail, name="detail"),
    path("<str:programme_key>/compare/", views.compare, name="compare"),
    path("<str:programme_key>/versions/<str:version>/", views.detail, name="version"),
    path("<str:programme_key>/versions/<str:version>/export.<str:fmt>", views.export, name="export"),
]
