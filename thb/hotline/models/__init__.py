from .contacts import Contact, ContactMessage, ContactSearchToken, IdempotentSubmission, MessageAuthor
from .content import HotlineLine, InfoPage, InfoPageText
from .operators import CannedReply, KnowledgeArticle, OperatorLanguage, Shift
from .screening import ScreeningIndicator
from .vocab import (
    NACE_SECTIONS,
    OPERATOR_CHANNELS,
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
    "OPERATOR_CHANNELS",
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
