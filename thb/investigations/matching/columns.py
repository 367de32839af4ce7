"""The columns ``thb match dedupe`` recognises by name (issue 8 §2, a contract), and how each is
normalised before comparison — in DuckDB SQL, so a million rows never pass through Python one by one.

Normalisation: lower case, accents removed, punctuation to spaces, spaces collapsed; dates of birth to
YYYYMMDD from YYYYMMDD, YYYY-MM-DD, DD/MM/YYYY or DD.MM.YYYY; phone numbers, identity and social security
numbers to their digits; IBANs upper case without spaces; e-mails lower case.
"""

from __future__ import annotations

from dataclasses import dataclass

# name → alternatives accepted for it (the first present is used)
RECOGNISED: dict[str, tuple[str, ...]] = {
    "given_name": ("given_name",),
    "surname": ("surname",),
    "full_name": ("full_name",),
    "date_of_birth": ("date_of_birth",),
    "sex": ("sex",),
    "nationality": ("nationality",),
    "street_number": ("street_number",),
    "address_1": ("address_1",),
    "address_2": ("address_2",),
    "city": ("suburb", "city"),
    "postcode": ("postcode",),
    "region": ("state", "country"),
    "phone": ("phone",),
    "email": ("email",),
    "id_number": ("id_number", "soc_sec_id"),
    "iban": ("iban",),
}


def _text(column: str) -> str:
    """Lower case, no accents, punctuation to spaces, single spaces, NULL when empty."""
    return (
        f"NULLIF(TRIM(REGEXP_REPLACE(REGEXP_REPLACE(LOWER(STRIP_ACCENTS(CAST({column} AS VARCHAR))), "
        "'[^a-z0-9 ]', ' ', 'g'), '\\s+', ' ', 'g')), '')"
    )


def _digits(column: str) -> str:
    return f"NULLIF(REGEXP_REPLACE(CAST({column} AS VARCHAR), '[^0-9]', '', 'g'), '')"


def _date(column: str) -> str:
    """YYYYMMDD from the usual written forms; anything else keeps its digits (a typo still compares)."""
    raw = f"TRIM(CAST({column} AS VARCHAR))"
    return (
        "NULLIF(CASE "
        f"WHEN REGEXP_MATCHES({raw}, '^\\d{{1,2}}[/.-]\\d{{1,2}}[/.-]\\d{{4}}$') THEN "
        f"LPAD(SPLIT_PART(REGEXP_REPLACE({raw}, '[/.-]', '/', 'g'), '/', 3), 4, '0') || "
        f"LPAD(SPLIT_PART(REGEXP_REPLACE({raw}, '[/.-]', '/', 'g'), '/', 2), 2, '0') || "
        f"LPAD(SPLIT_PART(REGEXP_REPLACE({raw}, '[/.-]', '/', 'g'), '/', 1), 2, '0') "
        f"ELSE REGEXP_REPLACE({raw}, '[^0-9]', '', 'g') END, '')"
    )


NORMALISE = {
    "given_name": _text,
    "surname": _text,
    "full_name": _text,
    "date_of_birth": _date,
    "sex": _text,
    "nationality": _text,
    "street_number": _text,
    "address_1": _text,
    "address_2": _text,
    "city": _text,
    "postcode": _text,
    "region": _text,
    "phone": _digits,
    "email": lambda c: f"NULLIF(LOWER(TRIM(CAST({c} AS VARCHAR))), '')",
    "id_number": _digits,
    "iban": lambda c: f"NULLIF(UPPER(REGEXP_REPLACE(CAST({c} AS VARCHAR), '\\s', '', 'g')), '')",
}


@dataclass(frozen=True)
class ColumnMap:
    """Which input column feeds each recognised name."""

    id_column: str
    sources: dict[str, str]

    @property
    def names(self) -> set[str]:
        return set(self.sources)
