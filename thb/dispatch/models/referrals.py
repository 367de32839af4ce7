"""Referrals: a contact passed to one partner organisation under one rule of a procedure version, with the
legal basis and the disclosure profile that decide what the partner sees (DESIGN.md §4; issue 4 §2).

Life of a referral: proposed → sent (the operator confirmed it) → acknowledged → accepted or declined (with a
reason) → outcome reported → closed. A proposal the operator removes is cancelled (with a reason); a partner
that is not the right one can pass it on (reassigned: a new referral to the other organisation, this one
closed). The acknowledgement deadline runs from sending; missing it escalates (tasks.py).
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from thb.core.models import BaseModel, Organisation
from thb.hotline.models import Contact

from .procedures import ProcedureVersion


class ReferralStatus(models.TextChoices):
    PROPOSED = "proposed", _("Proposed")
    SENT = "sent", _("Sent")
    ACKNOWLEDGED = "acknowledged", _("Acknowledged")
    ACCEPTED = "accepted", _("Accepted")
    DECLINED = "declined", _("Declined")
    OUTCOME_REPORTED = "outcome_reported", _("Outcome reported")
    CLOSED = "closed", pgettext_lazy("referral status", "Closed")
    CANCELLED = "cancelled", _("Cancelled")


class DeclineReason(models.TextChoices):
    NOT_COMPETENT = "not_competent", _("Not competent (another organisation is)")
    NO_CAPACITY = "no_capacity", _("No capacity now")
    INSUFFICIENT_INFORMATION = "insufficient_information", _("Not enough information to act")
    DUPLICATE = "duplicate", _("Already known to us")
    OTHER = "other", _("Other reason")


class ReferralOutcome(models.TextChoices):
    INVESTIGATION_OPENED = "investigation_opened", _("Investigation opened")
    INSPECTION_CARRIED_OUT = "inspection_carried_out", _("Inspection carried out")
    VICTIM_STATUS_REQUESTED = "victim_status_requested", _("Victim status requested")
    ASSISTANCE_PROVIDED = "assistance_provided", _("Assistance or shelter provided")
    GUARDIAN_APPOINTED = "guardian_appointed", _("Guardian appointed")
    CONTENT_ASSESSED = "content_assessed", _("Online content assessed")
    PERSON_NOT_FOUND = "person_not_found", _("Person could not be found")
    NO_FURTHER_ACTION = "no_further_action", _("No further action")


class LegalBasis(models.TextChoices):
    CONSENT = "consent", _("Consent of the person")
    MINOR = "minor", _("Protection of a minor")
    VITAL_INTEREST = "vital_interest", _("Vital interest")
    LEGAL_OBLIGATION = "legal_obligation", _("Legal obligation")


class Referral(BaseModel):
    # The recipient owns the row (DESIGN.md §3.5): its inbox is an index scan on (organisation, status).
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="referrals_received", verbose_name=_("partner")
    )
    source_organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="referrals_made", verbose_name=_("referred by")
    )
    # The subject: a hotline contact, or a victim case whose identification gave a signal (issue 6 §2).
    contact = models.ForeignKey(
        Contact, on_delete=models.PROTECT, null=True, blank=True, related_name="referrals"
    )
    case = models.ForeignKey(
        "victims.VictimCase", on_delete=models.PROTECT, null=True, blank=True, related_name="referrals"
    )
    partner_kind = models.CharField(_("kind of partner"), max_length=40)
    procedure_version = models.ForeignKey(
        ProcedureVersion, on_delete=models.PROTECT, null=True, blank=True, related_name="referrals"
    )
    rule = models.CharField(_("rule"), max_length=80, blank=True)  # empty: added by the operator
    legal_basis = models.CharField(_("legal basis"), max_length=20, choices=LegalBasis.choices)
    disclosure_profile = models.CharField(_("disclosure profile"), max_length=80)
    disclosed_fields = models.JSONField(_("fields the partner sees"), default=list)
    priority = models.CharField(_("priority"), max_length=10, default="normal")
    ack_within_hours = models.PositiveIntegerField(_("acknowledge within (hours)"))
    status = models.CharField(
        _("status"), max_length=20, choices=ReferralStatus.choices, default=ReferralStatus.PROPOSED
    )
    operator_reason = models.TextField(_("why the operator added or removed it"), blank=True)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)
    ack_due_at = models.DateTimeField(_("acknowledgement due"), null=True, blank=True)
    acknowledged_at = models.DateTimeField(_("acknowledged"), null=True, blank=True)
    decided_at = models.DateTimeField(_("accepted or declined"), null=True, blank=True)
    decline_reason = models.CharField(_("reason"), max_length=30, choices=DeclineReason.choices, blank=True)
    outcome = models.CharField(_("outcome"), max_length=30, choices=ReferralOutcome.choices, blank=True)
    outcome_note = models.TextField(_("note on the outcome"), blank=True)
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)
    escalation_level = models.PositiveSmallIntegerField(_("escalation level"), default=0)
    escalated_at = models.DateTimeField(_("escalated"), null=True, blank=True)
    reassigned_from = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="reassigned_to"
    )

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("referral")
        verbose_name_plural = _("referrals")
        indexes = [
            models.Index(fields=["organisation", "status", "created_at"]),
            models.Index(fields=["contact", "status"]),
            models.Index(fields=["case", "status"]),
            models.Index(
                fields=["ack_due_at"],
                name="referral_awaiting_ack_idx",
                condition=models.Q(status="sent"),
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(
                    legal_basis__in=["consent", "minor", "vital_interest", "legal_obligation"]
                ),
                name="referral_has_legal_basis",
            ),
            # One live referral per contact and organisation (a reassignment closes the first).
            models.UniqueConstraint(
                fields=["contact", "organisation"],
                condition=~models.Q(status__in=["cancelled", "closed", "declined"]),
                name="referral_one_live_per_organisation",
            ),
            models.UniqueConstraint(
                fields=["case", "organisation"],
                condition=~models.Q(status__in=["cancelled", "closed", "declined"]),
                name="referral_one_live_per_case_organisation",
            ),
            models.CheckConstraint(
                condition=models.Q(contact__isnull=False, case__isnull=True)
                | models.Q(contact__isnull=True, case__isnull=False),
                name="referral_has_one_subject",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.subject_reference} → {self.organisation_id} ({self.status})"

    @property
    def subject_reference(self) -> str:
        """The hotline contact's or the victim case's reference: what both sides call the referral by."""
        if self.contact is not None:
            return self.contact.reference
        return self.case.reference if self.case is not None else ""


class ReferralEvent(models.Model):
    """What happened to a referral, shown to the hotline and the partner (the audit trail records it too)."""

    referral = models.ForeignKey(Referral, on_delete=models.CASCADE, related_name="events")
    at = models.DateTimeField(_("when"), auto_now_add=True)
    action = models.CharField(_("what"), max_length=40)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    note = models.TextField(_("note"), blank=True)

    class Meta:
        ordering = ["at", "pk"]
        indexes = [models.Index(fields=["referral", "at"])]

    def __str__(self) -> str:
        return f"{self.action} at {self.at:%Y-%m-%d %H:%M}"
