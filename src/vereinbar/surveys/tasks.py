"""Background tasks of surveys (django.tasks; the worker is ``vereinbar db_worker``)."""

from __future__ import annotations

from typing import Any

from django.tasks import task


@task()
def report_pdf_make(pdf_id: int) -> dict[str, Any]:
    """Make a requested report PDF (``surveys.report.pdf.pdf_request``). A failure marks the
    request failed (the page offers to try again) and fails the task, so it is logged."""
    from .report.pdf import pdf_make

    pdf = pdf_make(pdf_id)
    return {"pdf": pdf_id, "made": pdf is not None}
