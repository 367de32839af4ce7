"""The one role → permission table of the platform (DESIGN.md §3.4, RapidPro style).

Views, selectors and API endpoints ask ``has_perm(user, Perm.X)``; no permission string is written anywhere
else. Later issues add their permissions here, next to the roles that hold them.

Roles that see victim data must use a second factor (issue 2 §4; DESIGN.md §4): ``ROLES_REQUIRING_2FA``.
"""

from __future__ import annotations

from enum import StrEnum
from typing import TYPE_CHECKING

from django.db import models
from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from .models import User


class Role(models.TextChoices):
    OPERATOR = "operator", _("Hotline operator")
    SUPERVISOR = "supervisor", _("Hotline supervisor")
    CASEWORKER = "caseworker", _("Caseworker")
    INVESTIGATOR = "investigator", _("Investigator")
    ANALYST = "analyst", _("Analyst")
    MAGISTRATE = "magistrate", _("Magistrate")
    BLOCKLIST_OFFICER = "blocklist_officer", _("Blocking-list officer")
    ISP_ENGINEER = "isp_engineer", _("ISP engineer")
    REGISTRY_CLERK = "registry_clerk", _("Civil-registry clerk")
    IMMIGRATION_OFFICER = "immigration_officer", _("Immigration Office officer")
    COORDINATOR = "coordinator", _("Coordinator")
    AUDITOR = "auditor", _("Auditor")
    ADMIN = "admin", _("Administrator")


class Perm(StrEnum):
    # core
    VIEW_STAFF_HOME = "core.view_staff_home"
    VIEW_DIRECTORY = "core.view_directory"  # the partner directory: organisations and their channels
    MANAGE_ORGANISATIONS = "core.manage_organisations"
    MANAGE_USERS = "core.manage_users"  # users of one's own organisation
    MANAGE_REFERENCE_DATA = "core.manage_reference_data"
    USE_API_TOKENS = "core.use_api_tokens"
    VIEW_AUDIT = "core.view_audit"
    EXPORT_AUDIT = "core.export_audit"
    # victim data (issue 6 and following): identity and narratives are encrypted and every read audited
    VIEW_VICTIM_IDENTITY = "victims.view_identity"
    VIEW_NARRATIVES = "victims.view_narratives"
    # hotline and dispatch (issues 3, 4)
    HANDLE_CONTACTS = "hotline.handle_contacts"
    SUPERVISE_HOTLINE = "hotline.supervise"
    MANAGE_PROCEDURES = "dispatch.manage_procedures"
    RECEIVE_REFERRALS = "dispatch.receive_referrals"
    # victim cases (issues 6, 7)
    MANAGE_CASES = "victims.manage_cases"
    # the police case-file scenario (issue 6 §4): investigators write, magistrates read
    WRITE_CASE_FILES = "casefiles.write"
    READ_CASE_FILES = "casefiles.read"
    # the residence procedure (issue 7): the Immigration Office issues documents, the magistrate answers
    RECORD_RESIDENCE = "residence.record"
    ANSWER_RESIDENCE = "residence.answer"
    # investigations (issue 8)
    INVESTIGATE = "investigations.investigate"
    AUTHORISE_SHARING = "investigations.authorise_sharing"
    # blocking (issue 5)
    EDIT_BLOCKLIST = "blocking.edit_blocklist"
    APPROVE_BLOCKS = "blocking.approve_blocks"
    DOWNLOAD_BLOCKLIST = "blocking.download_blocklist"
    # child protection, action plan, statistics (issue 9)
    RECORD_TRAVEL_DOCUMENTS = "childprotection.record_travel_documents"
    CONFIGURE_TRAVEL_RULES = "childprotection.configure_rules"
    MANAGE_ACTION_PLAN = "actionplan.manage"
    MANAGE_CAMPAIGNS = "campaigns.manage"
    VIEW_STATISTICS = "statistics.view"
    # the expertise network (issue 10): every professional reads the library; practitioners write in it
    READ_EXPERTISE = "expertise.read"
    CONTRIBUTE_EXPERTISE = "expertise.contribute"
    ORGANISE_TRAININGS = "expertise.organise_trainings"
    CHAIR_DISTRICT_MEETINGS = "expertise.chair_district_meetings"


_EVERY_STAFF = {Perm.VIEW_STAFF_HOME, Perm.VIEW_DIRECTORY, Perm.USE_API_TOKENS, Perm.READ_EXPERTISE}
# Practitioners also write in the expertise network's library (issue 10).
_PRACTITIONER = _EVERY_STAFF | {Perm.CONTRIBUTE_EXPERTISE}

ROLE_PERMISSIONS: dict[str, frozenset[Perm]] = {
    Role.OPERATOR: frozenset(
        _EVERY_STAFF | {Perm.HANDLE_CONTACTS, Perm.VIEW_NARRATIVES, Perm.VIEW_VICTIM_IDENTITY}
    ),
    Role.SUPERVISOR: frozenset(
        _PRACTITIONER
        | {
            Perm.HANDLE_CONTACTS,
            Perm.SUPERVISE_HOTLINE,
            Perm.VIEW_NARRATIVES,
            Perm.VIEW_VICTIM_IDENTITY,
            Perm.MANAGE_USERS,
            Perm.VIEW_STATISTICS,
        }
    ),
    Role.CASEWORKER: frozenset(
        _PRACTITIONER
        | {Perm.RECEIVE_REFERRALS, Perm.MANAGE_CASES, Perm.VIEW_VICTIM_IDENTITY, Perm.VIEW_NARRATIVES}
    ),
    Role.INVESTIGATOR: frozenset(
        _PRACTITIONER
        | {
            Perm.RECEIVE_REFERRALS,
            Perm.MANAGE_CASES,
            Perm.INVESTIGATE,
            Perm.WRITE_CASE_FILES,
            Perm.READ_CASE_FILES,
            Perm.VIEW_VICTIM_IDENTITY,
            Perm.VIEW_NARRATIVES,
        }
    ),
    Role.ANALYST: frozenset(_PRACTITIONER | {Perm.INVESTIGATE, Perm.READ_CASE_FILES, Perm.VIEW_STATISTICS}),
    Role.MAGISTRATE: frozenset(
        _PRACTITIONER
        | {
            Perm.RECEIVE_REFERRALS,
            Perm.AUTHORISE_SHARING,
            Perm.READ_CASE_FILES,
            Perm.ANSWER_RESIDENCE,
            Perm.APPROVE_BLOCKS,
            Perm.CHAIR_DISTRICT_MEETINGS,
            Perm.VIEW_VICTIM_IDENTITY,
            Perm.VIEW_NARRATIVES,
        }
    ),
    Role.BLOCKLIST_OFFICER: frozenset(_EVERY_STAFF | {Perm.EDIT_BLOCKLIST}),
    Role.ISP_ENGINEER: frozenset({Perm.VIEW_STAFF_HOME, Perm.USE_API_TOKENS, Perm.DOWNLOAD_BLOCKLIST}),
    Role.REGISTRY_CLERK: frozenset(
        {Perm.VIEW_STAFF_HOME, Perm.VIEW_DIRECTORY, Perm.RECORD_TRAVEL_DOCUMENTS, Perm.READ_EXPERTISE}
    ),
    # The Immigration Office issues documents in the person's name: it sees the identity (audited).
    Role.IMMIGRATION_OFFICER: frozenset(_PRACTITIONER | {Perm.RECORD_RESIDENCE, Perm.VIEW_VICTIM_IDENTITY}),
    Role.COORDINATOR: frozenset(
        _PRACTITIONER
        | {
            Perm.MANAGE_PROCEDURES,
            Perm.MANAGE_ACTION_PLAN,
            Perm.MANAGE_CAMPAIGNS,
            Perm.CONFIGURE_TRAVEL_RULES,
            Perm.ORGANISE_TRAININGS,
            Perm.VIEW_STATISTICS,
            Perm.MANAGE_ORGANISATIONS,
        }
    ),
    Role.AUDITOR: frozenset(_EVERY_STAFF | {Perm.VIEW_AUDIT, Perm.EXPORT_AUDIT}),
    Role.ADMIN: frozenset(
        _EVERY_STAFF | {Perm.MANAGE_ORGANISATIONS, Perm.MANAGE_USERS, Perm.MANAGE_REFERENCE_DATA}
    ),
}

# Roles whose permissions reach victim identity or narratives: a verified second factor is mandatory.
# Administrators too: they can create accounts that would.
ROLES_REQUIRING_2FA: frozenset[str] = frozenset(
    {
        role
        for role, perms in ROLE_PERMISSIONS.items()
        if perms & {Perm.VIEW_VICTIM_IDENTITY, Perm.VIEW_NARRATIVES, Perm.MANAGE_USERS}
    }
    | {Role.AUDITOR, Role.ADMIN}
)


def permissions_of(user: User | AnonymousUser | None) -> frozenset[Perm]:
    """Everything ``user`` may do; nothing for anonymous, inactive or organisation-less users."""
    if user is None or not user.is_authenticated or not user.is_active:
        return frozenset()
    if getattr(user, "organisation_id", None) is None:
        return frozenset()
    return ROLE_PERMISSIONS.get(getattr(user, "role", ""), frozenset())


def has_perm(user: User | AnonymousUser | None, perm: Perm) -> bool:
    return perm in permissions_of(user)


def requires_second_factor(user: User | AnonymousUser | None) -> bool:
    return bool(
        user is not None and user.is_authenticated and getattr(user, "role", "") in ROLES_REQUIRING_2FA
    )
