"""Pseudonymised identifiers of children and adults in travel-document events (issue 9 §3: "pseudonymised
identifiers"; DESIGN.md §4).

The clerk types the national register number (or the BIS number of someone not in the register) and the
address; the platform keeps only a keyed hash of each (HMAC-SHA256 with ``THB_PSEUDONYM_KEY``, else a key
derived from ``SECRET_KEY``, thb/core/keys.py). The same person gives the same pseudonym in every commune —
which is what the detection rules need — but without the key a pseudonym cannot be turned back into a
number, even by trying all 11-digit numbers. The raw values are never stored or logged.
"""

from __future__ import annotations

import datetime
import hashlib
import hmac
import re
import unicodedata

from django.utils.translation import gettext as _
from stdnum.be import bis, nn
from stdnum.exceptions import ValidationError as StdnumError

from thb.core.exceptions import ValidationFailedError
from thb.core.keys import purpose_secret


def _key() -> bytes:
    return purpose_secret("THB_PSEUDONYM_KEY", b"thb-childprotection-pseudonym")


def pseudonym(kind: str, value: str) -> str:
    """``kind`` keeps persons and addresses apart; 32 hex digits (128 bits) are plenty to avoid collisions."""
    return hmac.new(_key(), f"{kind}:{value}".encode(), hashlib.sha256).hexdigest()[:32]


def checked_number(value: str, *, field: str) -> tuple[str, datetime.date | None]:
    """A valid national register or BIS number (compact) and the birth date it encodes (None when the
    number does not say it, as some BIS numbers)."""
    raw = str(value or "").strip()
    for module in (nn, bis):
        try:
            number = module.validate(raw)
        except StdnumError:
            continue
        try:
            birth = module.get_birth_date(number)
        except StdnumError:
            birth = None
        return number, birth
    raise ValidationFailedError(
        _("Not a valid national register or BIS number (11 digits, with their check digits)."), field=field
    )


def person_pseudonym(value: str, *, field: str) -> tuple[str, datetime.date | None]:
    number, birth = checked_number(value, field=field)
    return pseudonym("person", number), birth


def address_pseudonym(street: str, number: str, postcode: str, *, field: str = "address") -> str:
    """The same address however it is typed: case, accents, spaces and punctuation do not matter."""

    def plain(text: str) -> str:
        text = unicodedata.normalize("NFKD", str(text or "")).encode("ascii", "ignore").decode().lower()
        return re.sub(r"[^a-z0-9]+", " ", text).strip()

    street_plain, number_plain, postcode_plain = (
        plain(street),
        plain(number).replace(" ", ""),
        plain(postcode),
    )
    if not street_plain or not number_plain or not re.fullmatch(r"[1-9][0-9]{3}", postcode_plain):
        raise ValidationFailedError(
            _("Give the street, the number and the postcode of the address."), field=field
        )
    return pseudonym("address", f"{street_plain}|{number_plain}|{postcode_plain}")


def age_on(birth: datetime.date, day: datetime.date) -> int:
    return day.year - birth.year - ((day.month, day.day) < (birth.month, birth.day))
