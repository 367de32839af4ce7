"""``thb hotline-reindex``: rebuild the blind search index of contacts (after changing ``THB_SEARCH_KEY`` or
``SECRET_KEY`` when no search key is set, or ``THB_PHONE_REGION``)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand
from django.db import transaction

from thb.core.audit import record_change
from thb.hotline.models import Contact
from thb.hotline.search import _key, reindex_contact


class Command(BaseCommand):
    help = "Rebuild the blind search index of contacts' encrypted names, phone numbers and narratives."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--batch-size", type=int, default=1000)

    def handle(self, *args: Any, batch_size: int, **options: Any) -> None:
        _key.cache_clear()
        contacts = Contact.objects.only("pk", "organisation_id", "caller_name", "caller_phone", "narrative")
        last_pk, total = 0, 0
        while True:
            batch = list(contacts.filter(pk__gt=last_pk).order_by("pk")[:batch_size])
            if not batch:
                break
            with transaction.atomic():
                for contact in batch:
                    contact.search_tokens.all().delete()
                    reindex_contact(contact)
            total += len(batch)
            last_pk = batch[-1].pk
        record_change(actor=None, action="hotline.reindex", changes={"contacts": {"old": None, "new": total}})
        self.stdout.write(f"{total} contacts reindexed.")
