"""An alert goes through the dispatch procedure (issue 9 §3: "an alert goes through the dispatch procedure
to child protection and the police"): it becomes a contact of the clerk's civil registry — channel
*civil-registry alert*, a tip about minors, the commune's postcode (which gives the judicial district) —
and the active procedure decides, as for any contact. The shipped Belgian procedure's rule ``minor`` sends
it to child protection, the police and the reference magistrate, whatever the consent (BELGIUM.md §5).

The contact carries the explanation and pseudonyms only: the partners ask the civil registry for the
identities, under their own legal basis.
"""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from thb.core.audit import record_change
from thb.core.exceptions import ValidationFailedError
from thb.core.models import JudicialDistrict, User
from thb.core.reference.postcodes import area_for_postcode
from thb.dispatch.directory import Directory
from thb.dispatch.engine import decide
from thb.dispatch.facts import facts_from_contact
from thb.dispatch.selectors import active_procedure
from thb.dispatch.services.referrals import proposal_key, referrals_send
from thb.hotline.models import Channel, Contact, ContactStatus, SignalType
from thb.hotline.services.common import new_reference

from .models import AlertStatus, TravelAlert


def _contact(alert: TravelAlert, text: str) -> Contact:
    first = alert.events.order_by("occurred_on").first()
    postcode = first.postcode if first else ""
    area = area_for_postcode(postcode) if postcode else None
    children = int(alert.explanation.get("children") or 0)
    narrative = "\n".join(
        [
            text,
            _("Civil registry: %(organisation)s (postcode %(postcode)s).")
            % {"organisation": alert.organisation, "postcode": postcode},
            _("Reference of the alert: %(reference)s. Ask the civil registry for the identities.")
            % {"reference": alert.uuid},
        ]
    )
    return Contact.objects.create(
        organisation=alert.organisation,
        reference=new_reference(),
        channel=Channel.CIVIL_REGISTRY,
        signal_type=SignalType.TIP,
        status=ContactStatus.OPEN,
        received_at=timezone.now(),
        language=(get_language() or "fr")[:2],
        minor_involved=True,
        minors_count=children or None,
        victims_count=children or None,
        postcode=postcode,
        judicial_district=JudicialDistrict.objects.filter(code=area.judicial_district).first()
        if area
        else None,
        region=area.region if area else "",
        narrative=narrative,
        retain_until=None,
    )


def alert_send_through_procedure(*, alert: TravelAlert, actor: User, text: str) -> None:
    """Send ``alert`` under the active procedure; raises ``ValidationFailedError`` (code ``no_procedure``)
    when none is active. Proposals for which the directory has no organisation are left out with the reason
    written, so that the others go."""
    active = active_procedure()
    if active is None:
        raise ValidationFailedError(_("No dispatch procedure is active."), code="no_procedure")
    version, procedure = active
    with transaction.atomic():
        contact = alert.contact or _contact(alert, text)
        decision = decide(procedure, facts_from_contact(contact), Directory.from_database())
        removed = {
            proposal_key(proposal): _("No organisation of this kind in the directory for this district.")
            for proposal in decision.referrals
            if proposal.organisation is None
        }
        result = referrals_send(
            subject=contact,
            source=alert.organisation,
            actor=actor,
            decision=decision,
            procedure=procedure,
            version=version,
            removed=removed,
        )
        alert.contact = contact
        alert.status = AlertStatus.SENT if result.sent else AlertStatus.NOT_SENT
        alert.save(update_fields=["contact", "status", "updated_at"])
        record_change(
            actor=actor,
            action="childprotection.alert_sent",
            obj=alert,
            changes={
                "contact": contact.reference,
                "referrals": sorted(f"{r.partner_kind}:{r.organisation.slug}" for r in result.sent),
            },
        )
