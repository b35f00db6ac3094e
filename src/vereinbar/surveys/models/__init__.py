"""Survey models: instruments, survey runs, participation records and anonymous answers."""

from .figures import TotalFigures
from .instruments import Instrument, InstrumentVersion
from .rankings import RankingConsent
from .report_pdfs import ReportPdf, ReportPdfStatus
from .responses import Response, ResponseComment, ResponseDraft, ScaleResult
from .surveys import (
    ALLOWED_STATUS_CHANGES,
    DEFAULT_COMMENT_K,
    DEFAULT_K,
    MAX_REPORT_BREAKDOWNS,
    MIN_K,
    InvitationKind,
    Survey,
    SurveyAccess,
    SurveyInvitation,
    SurveyStatus,
    SurveyUnit,
)

__all__ = [
    "ALLOWED_STATUS_CHANGES",
    "DEFAULT_COMMENT_K",
    "DEFAULT_K",
    "MAX_REPORT_BREAKDOWNS",
    "MIN_K",
    "Instrument",
    "InstrumentVersion",
    "InvitationKind",
    "RankingConsent",
    "ReportPdf",
    "ReportPdfStatus",
    "Response",
    "ResponseComment",
    "ResponseDraft",
    "ScaleResult",
    "Survey",
    "SurveyAccess",
    "SurveyInvitation",
    "SurveyStatus",
    "SurveyUnit",
    "TotalFigures",
]
