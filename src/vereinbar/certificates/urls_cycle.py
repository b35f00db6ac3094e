"""The award's page under a cycle's addresses, in both areas (``views_cycle``): ``site`` adds
it to the cycle pages' namespaces (``workspace_cycles``, ``operator_cycles``)."""

from django.urls import URLPattern, path

from . import views_cycle


def patterns(area: str) -> list[URLPattern]:
    return [path("<int:pk>/certificate.pdf", views_cycle.certificate_pdf, {"area": area}, name="certificate")]
