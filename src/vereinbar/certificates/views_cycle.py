"""The award's page under its cycle's addresses, in both areas
(/<lang>/workspace/<org>/cycles/<pk>/certificate.pdf, /<lang>/operator/cycles/<pk>/…): the
certificate as PDF. ``site`` composes it with the cycle pages (``urls_cycle``)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse

from vereinbar.core.types import AuthedRequest
from vereinbar.cycles.views.common import cycle_get

from .models import Award


@login_required
def certificate_pdf(request: AuthedRequest, area: str, pk: int, slug: str | None = None) -> HttpResponse:
    from .pdf import certificate_pdf as render_pdf

    cycle = cycle_get(request, area, pk, slug)
    award = Award.objects.filter(cycle=cycle).select_related("organisation", "version", "stage", "level").first()
    if award is None:
        raise Http404
    language = request.GET.get("language") or None
    if language not in (None, *award.version.languages):
        language = None
    pdf = render_pdf(award, language=language)
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="certificate-{award.number}.pdf"'
    return response
