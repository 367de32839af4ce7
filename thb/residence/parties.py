"""Who takes part in a residence procedure and what each may record (issue 7 §2: "the Immigration Office,
the centre and the magistrate each see their part only"; circular of 23 December 2016: the centre
accompanies and asks, the Immigration Office issues, the prosecutor or labour auditor informs).

- the **centre**: caseworkers of an organisation taking part in the case — everything of the procedure;
- the **Immigration Office**: its officers — the procedure (path, phase, document, history, actions) and
  the person's identity on request (audited), never the case's hearings or assessments;
- the **magistrate**: the office named on the procedure — phase, document, validity and its own actions.
"""

from __future__ import annotations

from thb.core.models import OrganisationKind, User
from thb.core.roles import Perm, has_perm

from .models import ResidenceProcedure

CENTRE, IMMIGRATION_OFFICE, MAGISTRATE = "centre", "immigration_office", "magistrate"

# What each party records (the engine still decides whether the event is allowed in the phase).
PARTY_EVENTS: dict[str, frozenset[str]] = {
    CENTRE: frozenset(
        {
            "reflection_requested",
            "complaint_filed",
            "contact_with_exploiters",
            "voluntary_return",
            "guardian_appointed",
            "labour_procedure_started",
        }
    ),
    IMMIGRATION_OFFICE: frozenset(
        {"document_issued", "ai_extended", "cire_renewed", "fraud_established", "public_order_danger"}
    ),
    MAGISTRATE: frozenset(
        {"prosecutor_confirms_victim", "charge_retained", "conviction", "case_closed", "cooperation_stopped"}
    ),
}

# Which users act for an owner of an action (reminders, home page, calendar).
OWNER_PERMS: dict[str, Perm] = {
    CENTRE: Perm.MANAGE_CASES,
    IMMIGRATION_OFFICE: Perm.RECORD_RESIDENCE,
    MAGISTRATE: Perm.ANSWER_RESIDENCE,
    "guardianship_service": Perm.RECEIVE_REFERRALS,
}


def party_of(user: User, procedure: ResidenceProcedure) -> str | None:
    organisation = user.organisation
    if organisation is None:
        return None
    if (
        has_perm(user, Perm.MANAGE_CASES)
        and procedure.case.participants.filter(organisation=organisation).exists()
    ):
        return CENTRE
    if has_perm(user, Perm.RECORD_RESIDENCE) and organisation.kind == OrganisationKind.IMMIGRATION_OFFICE:
        return IMMIGRATION_OFFICE
    if has_perm(user, Perm.ANSWER_RESIDENCE) and procedure.magistrate_office_id == organisation.pk:
        return MAGISTRATE
    return None


def owners_of(user: User) -> list[str]:
    """The owners the user acts for: their actions appear on the user's home page and calendar."""
    return [owner for owner, perm in OWNER_PERMS.items() if has_perm(user, perm)]
