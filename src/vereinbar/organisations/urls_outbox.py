"""The mail outbox for operators (/<lang>/operator/outbox/)."""

from django.urls import path

from .views import outbox as views

app_name = "operator_outbox"

urlpatterns = [
    path("", views.outbox_list, name="list"),
    path("retry/", views.outbox_retry_view, name="retry"),
]
