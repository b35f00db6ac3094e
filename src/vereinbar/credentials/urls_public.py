"""Checking a credential file on /<lang>/verify/credential/ (mounted before /verify/<code>/)."""

from django.urls import path

from . import views

app_name = "credential_check"

urlpatterns = [
    path("", views.check, name="check"),
]
