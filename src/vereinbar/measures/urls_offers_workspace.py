"""The staff offers page in the workspace (/<lang>/workspace/<slug>/offers/)."""

from django.urls import path

from . import views_offers

app_name = "workspace_offers"

urlpatterns = [
    path("", views_offers.offers_for_members, name="page"),
    path("link/", views_offers.offers_link, name="link"),
]
