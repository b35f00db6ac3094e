"""Operator pages for programmes (mounted under /<lang>/operator/programmes/)."""

from django.urls import path

from . import views

app_name = "programmes"

urlpatterns = [
    path("", views.index, name="index"),
    path("upload/", views.upload, name="upload"),
    path("<str:identifier>/", views.detail, name="detail"),
    path("<str:identifier>/compare/", views.compare, name="compare"),
    path("<str:identifier>/versions/<str:version>/", views.detail, name="version"),
    path("<str:identifier>/versions/<str:version>/export.<str:fmt>", views.export, name="export"),
]
