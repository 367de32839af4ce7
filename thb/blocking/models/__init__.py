from .entries import (
    BLOCKED_STATUSES,
    LIVE_STATUSES,
    BlockEntry,
    EntryStatus,
    EntryTransition,
    ProtectedDomain,
    Scope,
    Severity,
    SharedPlatform,
    TakedownStatus,
)
from .public import Appeal, AppealStatus, StopPageDay
from .releases import Release, ReleaseAck, ReleaseRequest, RequestStatus

__all__ = [
    "BLOCKED_STATUSES",
    "LIVE_STATUSES",
    "Appeal",
    "AppealStatus",
    "BlockEntry",
    "EntryStatus",
    "EntryTransition",
    "ProtectedDomain",
    "Release",
    "ReleaseAck",
    "ReleaseRequest",
    "RequestStatus",
    "Scope",
    "Severity",
    "SharedPlatform",
    "StopPageDay",
    "TakedownStatus",
]
