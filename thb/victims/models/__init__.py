from .cases import (
    AgeBand,
    Assessment,
    CaseEvent,
    CaseParticipant,
    CaseStatus,
    Gender,
    OpenedVia,
    VictimCase,
)
from .hearings import Hearing, HearingGuide, HearingStatus

__all__ = [
    "AgeBand",
    "Assessment",
    "CaseEvent",
    "CaseParticipant",
    "CaseStatus",
    "Gender",
    "Hearing",
    "HearingGuide",
    "HearingStatus",
    "OpenedVia",
    "VictimCase",
]
