"""The workspace area's namespace (/<lang>/workspace/, ``workspace:``): the organisation pages
of organisations and the measures of measures under one name, so that organisations, lower in
the layers (docs/architecture.md), wires no view of the apps above it."""

from vereinbar.measures import urls_workspace as measures
from vereinbar.organisations import urls_workspace as organisations

app_name = "workspace"

urlpatterns = [*organisations.urlpatterns, *measures.urlpatterns]
