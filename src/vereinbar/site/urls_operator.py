"""The operator area's namespace (/<lang>/operator/, ``operator:``): platform-wide pages (the
lists of registrations and employers, the measure catalogue) before the organisation pages of
organisations, whose ``<slug>/`` would take their names; so that organisations, lower in the
layers (docs/architecture.md), wires no view of the apps above it."""

from vereinbar.cycles import urls_desk_organisations as desk
from vereinbar.measures import urls_catalogue as catalogue
from vereinbar.organisations import urls_operator as organisations

app_name = "operator"

urlpatterns = [*desk.urlpatterns, *catalogue.urlpatterns, *organisations.urlpatterns]
