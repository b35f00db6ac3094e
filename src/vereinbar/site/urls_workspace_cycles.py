"""The cycle pages of the employer workspace (/<lang>/workspace/<org>/cycles/,
``workspace_cycles:``): cycles' pages and the award's (certificates: the certificate as PDF), so
that cycles, below certificates in the layers (docs/architecture.md), wires no view of it."""

from vereinbar.certificates.urls_cycle import patterns as award_patterns
from vereinbar.cycles.urls import patterns as cycle_patterns

app_name = "workspace_cycles"

urlpatterns = [*cycle_patterns("workspace"), *award_patterns("workspace")]
