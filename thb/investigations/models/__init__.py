"""Models of investigations: the investigation, its entities and statements, imports, matching (core.py);
assets and proceeds (assets.py)."""

from .assets import Asset, AssetKind, ConfiscationStatus, ProceedsEstimate, SeizureStatus
from .core import (
    PARTY_SCHEMAS,
    DataImport,
    Entity,
    ImportDraft,
    ImportMapping,
    Investigation,
    InvestigationShare,
    InvestigationStatus,
    MatchCandidate,
    MatchRun,
    MatchStatus,
    Statement,
    StatementOrigin,
)

__all__ = [
    "PARTY_SCHEMAS",
    "Asset",
    "AssetKind",
    "ConfiscationStatus",
    "DataImport",
    "Entity",
    "ImportDraft",
    "ImportMapping",
    "Investigation",
    "InvestigationShare",
    "InvestigationStatus",
    "MatchCandidate",
    "MatchRun",
    "MatchStatus",
    "ProceedsEstimate",
    "SeizureStatus",
    "Statement",
    "StatementOrigin",
]
