"""``thb generate-field-key``: print a new Fernet key for ``THB_FIELD_KEYS`` (DESIGN.md §4, README).

To rotate, put the new key in front of the old ones (``THB_FIELD_KEYS=new,old``), restart, then run
``thb rotate-keys`` to re-encrypt the rows; the old key can be removed afterwards.
"""

from __future__ import annotations

from typing import Any

from cryptography.fernet import Fernet
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Print a new random Fernet key for THB_FIELD_KEYS (the key is not stored anywhere)."
    requires_system_checks: list[str] = []

    def handle(self, *args: Any, **options: Any) -> None:
        self.stdout.write(Fernet.generate_key().decode("ascii"))
