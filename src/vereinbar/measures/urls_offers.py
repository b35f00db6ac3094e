"""The staff offers page by its secret link (/<lang>/offers/<token>/)."""

from django.urls import path

from . import views_offers

app_name = "offers"

urlpatterns = [path("<str:token>/", views_offers.offers_by_link, name="link")]
