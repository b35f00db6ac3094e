"""Webhook endpoints in the operator area (/<lang>/operator/<org>/webhooks/)."""

from .urls import patterns

app_name = "operator_webhooks"
urlpatterns = patterns("operator")
