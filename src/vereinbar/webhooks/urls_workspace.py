"""Webhook endpoints in the employer workspace (/<lang>/workspace/<org>/webhooks/)."""

from .urls import patterns

app_name = "workspace_webhooks"
urlpatterns = patterns("workspace")
