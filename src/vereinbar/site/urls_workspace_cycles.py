"""The cycle pages of the employer workspace (/<lang>/workspace/<org>/cycles/,
``workspace_cycles:``): cycles' pages, the award's (certificates: the certificate as PDF) and the
report of the cycle's staff survey (surveys), so that cycles, below certificates and surveys in
the layers (docs/architecture.md), wires no view of them."""

from vereinbar.certificates.urls_cycle import patterns as award_patterns
from vereinbar.cycles.urls import patterns as cycle_patterns
from vereinbar.surveys.urls_cycle import patterns as survey_patterns

app_name = "workspace_cycles"

urlpatterns = [*cycle_patterns("workspace"), *award_patterns("workspace"), *survey_patterns("workspace")]
