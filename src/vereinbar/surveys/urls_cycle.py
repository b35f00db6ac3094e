"""The report of a cycle's staff survey under the cycle's addresses, in both areas
(``views.cycle``): ``site`` adds them to the cycle pages' namespaces (``workspace_cycles``,
``operator_cycles``), under the names the cycle's pages reverse (``survey_report``,
``survey_pdf``)."""

from django.urls import URLPattern, path

from .views import cycle


def patterns(area: str) -> list[URLPattern]:
    kw = {"area": area}
    return [
        path("<int:pk>/survey/", cycle.report, kw, name="survey_report"),
        path("<int:pk>/survey/report.pdf", cycle.pdf, kw, name="survey_pdf"),
    ]
