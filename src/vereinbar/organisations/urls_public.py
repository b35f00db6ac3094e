"""Public pages of the organisations app: self-registration of a new employer."""

from django.urls import path

from .views import registration

app_name = "register"

urlpatterns = [
    path("", registration.register, name="employer"),
]
