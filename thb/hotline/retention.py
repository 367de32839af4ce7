"""Retention (DESIGN.md §4): contacts that never became a case are purged once ``retain_until`` has
passed (``THB_CONTACT_RETENTION_DAYS`` after receipt). The purge is audited by count and reference, never
by content. Contacts that a later issue links to a victim case get ``retain_until = NULL`` and stay.
"""

from __future__ import annotations

from datetime import datetime

from django.db import transaction
from django.utils import timezone

from thb.core.audit import record_change

from .idempotency import purge_expired as purge_expired_submissions
from .models import Contact

BATCH = 500


def purge_expired_contacts(*, now: datetime | None = None) -> int:
    now = now or timezone.now()
    purged = 0
    while True:
        with transaction.atomic():
            batch = list(
                Contact.objects.select_for_update(skip_locked=True)
                .filter(retain_until__lt=now)
                .order_by("retain_until")
                .values_list("pk", "reference")[:BATCH]
            )
            if not batch:
                break
            Contact.objects.filter(pk__in=[pk for pk, _ref in batch]).delete()
            record_change(
                actor=None,
                action="contact.purge",
                changes={
                    "count": {"old": len(batch), "new": 0},
                    "references": {"old": [ref for _pk, ref in batch], "new": None},
                },
                reason="retention period over (THB_CONTACT_RETENTION_DAYS)",
            )
            purged += len(batch)
    purge_expired_submissions()
    return purged
