"""Campaign codes on contacts (issue 9 §2): how a report or a call says which campaign brought it, without
knowing anything about the person. The hotline only checks the code's shape; the campaigns app counts the
contacts that carry a campaign's code (apps depend downward: the hotline does not import campaigns)."""

from __future__ import annotations

import re

_CODE = re.compile(r"^[A-Z0-9]{4,12}$")


def normalise_campaign_code(value: object) -> str | None:
    """``" ab1-2cd "`` → ``"AB12CD"``; ``""`` for nothing; ``None`` for something that is not a code (spaces
    inside are not removed: "saw it on TV" is what the caller said, not a code)."""
    code = str(value or "").strip().replace("-", "").upper()
    if not code:
        return ""
    return code if _CODE.match(code) else None
