"""The workspace area's namespace (/<lang>/workspace/, ``workspace:``): the organisation pages
of organisations and the measures of measures under one name, so that organisations, lower in
the layers (docs/architecture.md), wires no view of the apps above it; and the person's own
recent actions across their organisations (cycles), before the organisation pages, whose
``<slug>/`` would take its name (a reserved slug)."""

from django.urls import path

from vereinbar.cycles.views.own_history import recent_actions
from vereinbar.measures import urls_workspace as measures
from vereinbar.organisations import urls_workspace as organisations

app_name = "workspace"

urlpatterns = [
    path("recent/", recent_actions, name="recent_actions"),
    *organisations.urlpatterns,
    *measures.urlpatterns,
]
