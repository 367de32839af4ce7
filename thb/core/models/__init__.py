"""Core models. Split by concern; import from ``thb.core.models``."""

from .audit import AccessPurpose, AuditEvent, IdentityAccess
from .base import BaseModel, MultilingualNameMixin
from .organisations import ChannelKind, ContactChannel, Organisation, OrganisationKind
from .reference import JudicialDistrict, PostcodeRange, Province, Region, RegionCode
from .tokens import ApiToken
from .users import User
from .worker import WorkerHeartbeat

__all__ = [
    "AccessPurpose",
    "ApiToken",
    "AuditEvent",
    "BaseModel",
    "ChannelKind",
    "ContactChannel",
    "IdentityAccess",
    "JudicialDistrict",
    "MultilingualNameMixin",
    "Organisation",
    "OrganisationKind",
    "PostcodeRange",
    "Province",
    "Region",
    "RegionCode",
    "User",
    "WorkerHeartbeat",
]
