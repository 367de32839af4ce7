from .contacts import Contact, ContactMessage, ContactSearchToken, IdempotentSubmission, MessageAuthor
from .content import HotlineLine, InfoPage, InfoPageText
from .operators import CannedReply, KnowledgeArticle, OperatorLanguage, Shift
from .screening import ScreeningIndicator
from .vocab import (
    NACE_SECTIONS,
    Channel,
    ContactStatus,
    Exploitation,
    NonDataKind,
    Outcome,
    ReporterRole,
    Sector,
    SignalType,
)

__all__ = [
    "NACE_SECTIONS",
    "CannedReply",
    "Channel",
    "Contact",
    "ContactMessage",
    "ContactSearchToken",
    "ContactStatus",
    "Exploitation",
    "HotlineLine",
    "IdempotentSubmission",
    "InfoPage",
    "InfoPageText",
    "KnowledgeArticle",
    "MessageAuthor",
    "NonDataKind",
    "OperatorLanguage",
    "Outcome",
    "ReporterRole",
    "ScreeningIndicator",
    "Sector",
    "Shift",
    "SignalType",
]
