"""Cycle pages in the operator area (/<lang>/operator/cycles/)."""

from .urls import patterns

app_name = "operator_cycles"
urlpatterns = patterns("operator")
