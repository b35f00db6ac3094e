"""The cycle pages of the operator area (/<lang>/operator/cycles/, ``operator_cycles:``): the
desk's list of cycles and cycles' pages, with certificates' list of awards and the award's page
under a cycle (the certificate as PDF) and surveys' report of the cycle's staff survey, so that
cycles, below certificates and surveys in the layers (docs/architecture.md), wires no view of them."""

from vereinbar.certificates import urls_desk as awards
from vereinbar.certificates.urls_cycle import patterns as award_patterns
from vereinbar.cycles import urls_operator as cycles
from vereinbar.surveys.urls_cycle import patterns as survey_patterns

app_name = "operator_cycles"

urlpatterns = [*cycles.urlpatterns, *awards.urlpatterns, *award_patterns("operator"), *survey_patterns("operator")]
