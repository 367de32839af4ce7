"""The residence vocabulary in the reader's language (the codes are the rules' and the command's)."""

from django.utils.translation import gettext_lazy as _

PHASES = {
    "start": _("Not started"),
    "reflection": _("Reflection period"),
    "complaint": _("Complaint or statements"),
    "victim_status": _("Victim status"),
    "permanent": _("Unlimited stay"),
    "ended": _("Stay ended"),
    "returned": _("Returned"),
}
EVENTS = {
    "reflection_requested": _("Reflection period requested"),
    "complaint_filed": _("Complaint filed or statements made"),
    "ai_extended": _("Certificate of registration extended"),
    "prosecutor_confirms_victim": _("The prosecutor or labour auditor regards the person as a victim"),
    "cire_renewed": _("Residence permit renewed"),
    "conviction": _("Conviction"),
    "charge_retained": _("Trafficking charge retained in the requisitions"),
    "contact_with_exploiters": _("Contact renewed with the presumed exploiters"),
    "cooperation_stopped": _("Cooperation stopped"),
    "case_closed": _("Case closed without further action"),
    "fraud_established": _("Fraud established"),
    "public_order_danger": _("Danger to public order"),
    "voluntary_return": _("Voluntary return"),
    "guardian_appointed": _("Guardian appointed"),
    "labour_procedure_started": _("Labour-law procedure started (Protocol Directorate)"),
    "document_issued": _("Document issued"),
}
ACTIONS = {
    "decide_on_complaint": _("Help the person decide whether to file a complaint or make statements"),
    "issue_document": _("Issue the document"),
    "request_next_document": _("Request the next document (extension, permit or renewal)"),
    "ask_state_of_case": _("Ask the prosecutor or labour auditor about the state of the case"),
    "answer_state_of_case": _("Answer the Immigration Office about the state of the case"),
    "notify_end_of_stay": _("Notify the end of the stay"),
    "inform_the_person": _("Inform the person and explain the options"),
    "appoint_guardian": _("Appoint a guardian"),
    "decide_durable_solution": _("Decide on a durable solution for the minor"),
}
OWNERS = {
    "centre": _("Specialised centre"),
    "immigration_office": _("Immigration Office"),
    "magistrate": _("Prosecutor or labour auditor"),
    "guardianship_service": _("Guardianship Service"),
}
WARNINGS = {
    "complaint_for_minor": _(
        "A complaint by an unaccompanied minor is recorded; the minor's document does not depend on it "
        "(action plan P6)."
    ),
    "cooperation_waived": _(
        "Cooperation is waived for unaccompanied minors (action plan P6): the stay continues."
    ),
    "minor_case_closed": _(
        "The criminal case is closed, but a minor's stay does not end with it (action plan P6): the "
        "Immigration Office decides on a durable solution."
    ),
    "late_after_reflection": _(
        "The event came after the reflection period had ended ({until}): check the time limit of "
        "art. 61/2 §2."
    ),
    "renewed_after_expiry": _(
        "The document had expired on {until} before it was renewed: the new period runs from the renewal."
    ),
    "expired": _("The {document} expired on {until}."),
    "issued_twice": _("The document of this phase was already issued on {on}."),
    "no_guardian": _(
        "No guardian is appointed yet: the Guardianship Service must appoint one without delay."
    ),
    "reflection_ended": _("The reflection period ended on {until} without a complaint or statements."),
    "before_rules": _(
        "The event of {on} is older than the first rules encoded (in force from {since}): those were applied."
    ),
}


def warning_text(code: str, params: dict[str, str], fallback: str) -> str:
    template = WARNINGS.get(code)
    return str(template).format(**params) if template is not None else fallback
