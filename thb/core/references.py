"""Short public references of records (``C26-7KQ4-M2XD``: a contact; ``V…`` a victim case, ``D…`` a case file,
``I…`` an investigation), said on the phone and written on paper: Crockford's base 32 (no I, L, O, U to
misread), random so that there is no sequence to contend on, checked for uniqueness."""

from __future__ import annotations

import secrets

from django.db import models
from django.utils import timezone

ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"


def random_code(length: int) -> str:
    return "".join(secrets.choice(ALPHABET) for _ in range(length))


def new_reference(prefix: str, model: type[models.Model]) -> str:
    """``<prefix><yy>-XXXX-XXXX``, unused in ``model.reference``."""
    while True:
        body = random_code(8)
        reference = f"{prefix}{timezone.now():%y}-{body[:4]}-{body[4:]}"
        if not model._default_manager.filter(reference=reference).exists():
            return reference
