"""Receipts of anonymous reports (issue 3 §1; DESIGN.md §4).

A receipt is 16 random digits, shown once as ``XXXX-XXXX-XXXX-XXXX``. The platform keeps only a slow,
peppered digest: scrypt over the digits with a secret pepper (``THB_RECEIPT_PEPPER``, else derived from
``SECRET_KEY``) as salt. The digest is deterministic so that a receipt can be found by an indexed lookup,
slow so that a stolen database cannot be searched for receipts, and peppered so that the database alone is
not even enough to try. A lost receipt cannot be recovered. Every lookup costs one digest, whether the
receipt exists or not, so a wrong receipt is answered in the same time as any other wrong one.
"""

from __future__ import annotations

import hashlib
import re
import secrets
from functools import lru_cache

from django.conf import settings

from thb.core.keys import purpose_secret

RECEIPT_DIGITS = 16
# Spaces, dots and every dash a phone keyboard may produce (hyphen, non-breaking hyphen, en and em dash).
_SEPARATORS = re.compile("[\\s.\\-\u2010\u2011\u2013\u2014]")


def generate_receipt() -> str:
    digits = f"{secrets.randbelow(10**RECEIPT_DIGITS):0{RECEIPT_DIGITS}d}"
    return "-".join(digits[i : i + 4] for i in range(0, RECEIPT_DIGITS, 4))


def normalise_receipt(value: str) -> str | None:
    """The 16 digits of a receipt as typed (spaces, dashes and dots allowed), or None if it cannot be one."""
    if not isinstance(value, str) or len(value) > 64:
        return None
    digits = _SEPARATORS.sub("", value)
    if len(digits) != RECEIPT_DIGITS or not digits.isascii() or not digits.isdigit():
        return None
    return digits


@lru_cache(maxsize=1)
def _pepper() -> bytes:
    return purpose_secret("THB_RECEIPT_PEPPER", b"thb-receipt-pepper")


def receipt_digest(receipt: str) -> str:
    """The stored form of a receipt. ``receipt`` may be formatted; an impossible receipt still costs a full
    digest (of a fixed dummy) so that timing does not tell malformed from unknown."""
    digits = normalise_receipt(receipt) or "0" * RECEIPT_DIGITS
    derived = hashlib.scrypt(
        digits.encode(),
        salt=_pepper(),
        n=settings.THB_RECEIPT_SCRYPT_N,
        r=8,
        p=1,
        maxmem=64 * 1024 * 1024,
        dklen=32,
    )
    return derived.hex()
