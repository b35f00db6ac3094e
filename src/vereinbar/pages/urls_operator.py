"""Editing the legal pages (/<lang>/operator/pages/)."""

from django.urls import path

from . import views

app_name = "operator_pages"

urlpatterns = [
    path("", views.edit_list, name="list"),
    path("<slug:kind>/", views.edit, name="edit"),
]
