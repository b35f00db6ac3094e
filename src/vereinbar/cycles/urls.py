"""Cycle pages, in two areas with the same views: the employer workspace
(/<lang>/workspace/<org>/cycles/) and the operator area (/<lang>/operator/cycles/)."""

from django.urls import URLPattern, path

from .views import agreement, cycle, phase


def patterns(area: str) -> list[URLPattern]:
    kw = {"area": area}
    return [
        path("", cycle.index, kw, name="list"),
        path("overview/", cycle.overview, kw, name="overview"),
        path("<int:pk>/", cycle.detail, kw, name="detail"),
        path("<int:pk>/do/<slug:action>/", cycle.act, kw, name="act"),
        path("<int:pk>/decision/", cycle.decision, kw, name="decision"),
        path("<int:pk>/phases/<int:run>/", phase.detail, kw, name="phase"),
        path("<int:pk>/phases/<int:run>/do/<slug:action>/", phase.act, kw, name="phase_act"),
        path("<int:pk>/phases/<int:run>/evidence/", phase.evidence_upload, kw, name="evidence_upload"),
        path("<int:pk>/evidence/<int:evidence>/", phase.evidence_download, kw, name="evidence"),
        path("<int:pk>/phases/<int:run>/signature/", phase.signature_upload, kw, name="signature_upload"),
        path("<int:pk>/phases/<int:run>/signature/scan/", phase.signature_scan, kw, name="signature_scan"),
        path("<int:pk>/agreement/", agreement.detail, kw, name="agreement"),
        path("<int:pk>/agreement/print/", agreement.printable, kw, name="agreement_print"),
        path("<int:pk>/agreement.pdf", agreement.pdf, kw, name="agreement_pdf"),
        path("<int:pk>/agreement/do/<slug:action>/", agreement.act, kw, name="agreement_act"),
    ]
