"""Cycle pages in the employer workspace (/<lang>/workspace/<org>/cycles/)."""

from .urls import patterns

app_name = "workspace_cycles"
urlpatterns = patterns("workspace")
