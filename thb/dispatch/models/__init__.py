from .outbox import OutboxChannel, OutboxMessage, OutboxStatus, WebhookEndpoint
from .procedures import ProcedureStatus, ProcedureVersion
from .referrals import DeclineReason, LegalBasis, Referral, ReferralEvent, ReferralOutcome, ReferralStatus

__all__ = [
    "DeclineReason",
    "LegalBasis",
    "OutboxChannel",
    "OutboxMessage",
    "OutboxStatus",
    "ProcedureStatus",
    "ProcedureVersion",
    "Referral",
    "ReferralEvent",
    "ReferralOutcome",
    "ReferralStatus",
    "WebhookEndpoint",
]
