"""Secrets for one purpose each: the configured value, else one derived from ``SECRET_KEY``.

Deriving with HMAC-SHA256 and a purpose label keeps the derived secrets independent of each other and of
the signing key's other uses; configuring them separately lets an operator rotate ``SECRET_KEY`` without
voiding receipts or the search index.
"""

from __future__ import annotations

import hashlib
import hmac

from django.conf import settings


def purpose_secret(setting: str, purpose: bytes) -> bytes:
    """``settings.<setting>`` when set, else HMAC-SHA256(SECRET_KEY, ``purpose``)."""
    configured = getattr(settings, setting, "")
    if configured:
        return str(configured).encode()
    return hmac.new(settings.SECRET_KEY.encode(), purpose, hashlib.sha256).digest()
