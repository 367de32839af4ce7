"""Values of imported records normalised before they become statements (issue 8 §1: "phone numbers, IBANs
and addresses normalised"), so that the same phone written ``0470 12 34 56`` in a call record and
``+32 470 123 456`` in an online ad is one value — one node of the network, one candidate for matching.

Each normaliser takes the raw cell text and returns the normal form, ``""`` for an empty cell, or raises
``ValueNotRecognised`` with a message the analyst can act on (the import reports it with the row and the
column and imports nothing, issue 8 §1). Identifiers are checked by python-stdnum and phonenumbers, never by
hand-written rules (DESIGN.md §1). Belgian conventions are the defaults: numbers without a country prefix
are Belgian, dates are day first (``19/02/1990``), amounts may use a decimal comma.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from functools import lru_cache

import phonenumbers
from followthemoney import registry
from stdnum import iban as stdnum_iban
from stdnum.be import vat as be_enterprise
from stdnum.exceptions import ValidationError as StdnumError

DEFAULT_REGION = "BE"
MAX_TEXT = 1000


class ValueNotRecognised(ValueError):
    """A cell whose value is not of the kind its column was mapped to."""


def text(raw: str) -> str:
    value = " ".join(str(raw or "").replace("\x00", "").split())
    if len(value) > MAX_TEXT:
        raise ValueNotRecognised(f"longer than {MAX_TEXT} characters")
    return value


@lru_cache(maxsize=200_000)  # files repeat the same numbers; the checks are the slow part
def phone(raw: str) -> str:
    """E.164 (``+32470123456``). Without a ``+`` or ``00`` prefix the number is read as Belgian."""
    value = text(raw)
    if not value:
        return ""
    if value.startswith("00"):
        value = "+" + value[2:]
    try:
        parsed = phonenumbers.parse(value, DEFAULT_REGION)
    except phonenumbers.NumberParseException as exc:
        raise ValueNotRecognised(f"{value!r} is not a phone number") from exc
    if not phonenumbers.is_possible_number(parsed):
        raise ValueNotRecognised(f"{value!r} is not a phone number")
    return phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164)


@lru_cache(maxsize=200_000)  # files repeat the same numbers; the checks are the slow part
def iban(raw: str) -> str:
    """Upper case without spaces, the check digits verified (ISO 13616)."""
    value = text(raw)
    if not value:
        return ""
    try:
        return str(stdnum_iban.validate(value))
    except StdnumError as exc:
        raise ValueNotRecognised(f"{value!r} is not a valid IBAN") from exc


@lru_cache(maxsize=200_000)  # files repeat the same numbers; the checks are the slow part
def enterprise_number(raw: str) -> str:
    """The Belgian enterprise number (KBO/BCE) as ``0403.170.701``, the check digits verified."""
    value = text(raw)
    if not value:
        return ""
    try:
        digits = str(be_enterprise.validate(value))
    except StdnumError as exc:
        raise ValueNotRecognised(f"{value!r} is not a valid Belgian enterprise number") from exc
    return f"{digits[:4]}.{digits[4:7]}.{digits[7:]}"


_DATE_FORMATS = ("%Y-%m-%d", "%d/%m/%Y", "%d.%m.%Y", "%d-%m-%Y", "%Y%m%d", "%Y/%m/%d")
_TIME_FORMATS = ("%H:%M:%S", "%H:%M")


def _parse_date(value: str) -> date | None:
    for fmt in _DATE_FORMATS:
        try:
            return datetime.strptime(value, fmt).date()
        except ValueError:
            continue
    return None


def day(raw: str) -> str:
    """ISO date. Day first when written with slashes, dots or dashes (Belgian usage)."""
    value = text(raw)
    if not value:
        return ""
    value = value.split("T")[0].split(" ")[0]
    parsed = _parse_date(value)
    if parsed is None:
        raise ValueNotRecognised(f"{value!r} is not a date (2026-03-01 or 01/03/2026)")
    return parsed.isoformat()


def moment(raw: str) -> str:
    """ISO date and time to the second (``2026-03-01T14:22:05``), local time as recorded by the source."""
    value = text(raw)
    if not value:
        return ""
    head, _sep, tail = value.replace("T", " ").partition(" ")
    parsed = _parse_date(head)
    if parsed is None:
        raise ValueNotRecognised(f"{value!r} is not a date and time (2026-03-01 14:22:05)")
    if not tail:
        return parsed.isoformat()
    tail = tail.split(".")[0].split("+")[0].rstrip("Z")
    for fmt in _TIME_FORMATS:
        try:
            clock = datetime.strptime(tail, fmt).time()
        except ValueError:
            continue
        return datetime.combine(parsed, clock).isoformat()
    raise ValueNotRecognised(f"{value!r} is not a date and time (2026-03-01 14:22:05)")


_AMOUNT = re.compile(r"^[+-]?[\d.,' ]+$")


def amount(raw: str) -> str:
    """A decimal amount with a dot (``1234.50``) from ``1.234,50``, ``1,234.50``, ``1234,5`` or ``1 234``."""
    value = text(raw).replace("€", "").replace("EUR", "").strip()
    if not value:
        return ""
    if not _AMOUNT.match(value):
        raise ValueNotRecognised(f"{value!r} is not an amount")
    compact = value.replace(" ", "").replace("'", "")
    last_comma, last_dot = compact.rfind(","), compact.rfind(".")
    decimal_mark = "," if last_comma > last_dot else "."
    # A lone separator followed by exactly three digits is a thousands separator (1.234 or 1,234).
    if compact.count(decimal_mark) == 1 and len(compact) - compact.rfind(decimal_mark) - 1 == 3:
        other = "." if decimal_mark == "," else ","
        if other not in compact:
            decimal_mark = ""
    thousands = {",", "."} - {decimal_mark}
    for mark in thousands:
        compact = compact.replace(mark, "")
    if decimal_mark:
        compact = compact.replace(decimal_mark, ".")
    try:
        number = Decimal(compact)
    except InvalidOperation as exc:
        raise ValueNotRecognised(f"{value!r} is not an amount") from exc
    return format(number.normalize() if number == number.to_integral() else number, "f")


def integer(raw: str) -> str:
    value = text(raw)
    if not value:
        return ""
    if not re.fullmatch(r"\d{1,12}", value):
        raise ValueNotRecognised(f"{value!r} is not a whole number")
    return str(int(value))


@lru_cache(maxsize=200_000)  # files repeat the same numbers; the checks are the slow part
def country(raw: str) -> str:
    """ISO 3166 code in lower case (FtM's country type): ``RO``, ``Romania``, ``Roumanie`` → ``ro``."""
    value = text(raw)
    if not value:
        return ""
    code = registry.country.clean(value)
    if not code:
        raise ValueNotRecognised(f"{value!r} is not a country")
    return code


def email(raw: str) -> str:
    value = text(raw)
    if not value:
        return ""
    cleaned = registry.email.clean(value)
    if not cleaned:
        raise ValueNotRecognised(f"{value!r} is not an e-mail address")
    return cleaned.lower()


def currency(raw: str) -> str:
    value = text(raw).upper()
    if not value:
        return ""
    if not re.fullmatch(r"[A-Z]{3}", value):
        raise ValueNotRecognised(f"{value!r} is not a currency code (EUR, RON…)")
    return value


def plate(raw: str) -> str:
    """A number plate upper case without spaces, dots or dashes (``1-ABC-123`` → ``1ABC123``)."""
    value = re.sub(r"[\s.\-]", "", text(raw)).upper()
    if value and not re.fullmatch(r"[A-Z0-9]{2,12}", value):
        raise ValueNotRecognised(f"{value!r} is not a number plate")
    return value


def address(raw: str) -> str:
    """The address as written (whitespace collapsed); its key for matching is ``address_key``."""
    return text(raw)


def address_key(value: str) -> str:
    """Two spellings of one address give one key: lower case, accents kept apart, punctuation dropped."""
    return " ".join(re.sub(r"[^\w]+", " ", value.casefold()).split())


NORMALISERS: dict[str, Callable[[str], str]] = {
    "text": text,
    "name": text,
    "phone": phone,
    "iban": iban,
    "enterprise_number": enterprise_number,
    "date": day,
    "datetime": moment,
    "amount": amount,
    "integer": integer,
    "country": country,
    "email": email,
    "currency": currency,
    "plate": plate,
    "address": address,
    "url": text,
    "identifier": text,
}
