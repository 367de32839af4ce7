from .procedures import ProcedureStatus, ProcedureVersion
from .referrals import DeclineReason, LegalBasis, Referral, ReferralEvent, ReferralOutcome, ReferralStatus

__all__ = [
    "DeclineReason",
    "LegalBasis",
    "ProcedureStatus",
    "ProcedureVersion",
    "Referral",
    "ReferralEvent",
    "ReferralOutcome",
    "ReferralStatus",
]
