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

__all__ = [
    "AgeBand",
    "Assessment",
    "CaseEvent",
    "CaseParticipant",
    "CaseStatus",
    "Gender",
    "OpenedVia",
    "VictimCase",
]
