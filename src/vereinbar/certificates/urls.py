"""Public verification of awards (/<lang>/verify/) and their embeddable seals."""

from django.urls import path

from . import views

app_name = "certificates"

urlpatterns = [
    path("", views.verify_form, name="verify_form"),
    path("<str:code>/", views.verify, name="verify"),
    path("<str:code>/seal.svg", views.seal, name="seal"),
]
