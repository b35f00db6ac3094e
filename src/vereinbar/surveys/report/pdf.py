"""The report as PDF in the chosen language (WeasyPrint, imported only here)."""

from __future__ import annotations

import base64
from collections.abc import Callable
from pathlib import Path

from django.template.loader import render_to_string
from django.utils import translation

from .build import Report
from .charts import CHARTS


def chart_data_uri(svg: str) -> str:
    return "data:image/svg+xml;base64," + base64.b64encode(svg.encode("utf-8")).decode("ascii")


def report_pdf(report: Report, *, draw: Callable[[str], str] | None = None) -> bytes:
    """The PDF; ``draw(name)`` may supply the charts' SVG (e.g. those already drawn for the page)."""
    from weasyprint import CSS, HTML

    with translation.override(report.language):
        charts = {
            name: chart_data_uri(draw(name) if draw is not None else chart(report))
            for name, chart in CHARTS.items()
            if name != "trend" or report.trend
        }
        html = render_to_string(
            "surveys/report_pdf.html", {"report": report, "charts": charts, "survey": report.survey, "pdf": True}
        )
    here = Path(__file__).resolve().parent.parent
    stylesheet = CSS(filename=str(here / "static" / "surveys" / "report_pdf.css"))
    return bytes(HTML(string=html, base_url=str(here)).write_pdf(stylesheets=[stylesheet]))
