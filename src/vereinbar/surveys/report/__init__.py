"""The results of a survey: figures with the anonymity rules applied, charts, PDF and exports."""

from .build import Report, report_build

__all__ = ["Report", "report_build"]
