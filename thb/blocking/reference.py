"""Loading the shipped protected domains and shared platforms (idempotent; officers extend them)."""

from __future__ import annotations

from pathlib import Path

from django.db import transaction

from thb.core.audit import record_change

from .models import ProtectedDomain, SharedPlatform

DATA = Path(__file__).resolve().parent / "data"


def _read(name: str) -> list[tuple[str, str]]:
    rows = []
    for line in (DATA / name).read_text(encoding="utf-8").splitlines():
        text, _hash, comment = line.partition("#")
        if text.strip():
            rows.append((text.strip(), comment.strip()))
    return rows


def load_protected_domains() -> tuple[int, int]:
    """Returns how many protected domains and shared platforms were added."""
    added_protected = added_platforms = 0
    with transaction.atomic():
        for domain, why in _read("protected_domains.txt"):
            # Public suffixes (e.g. a government's own suffix) are refused by the list anyway.
            name = domain.lower()
            _obj, created = ProtectedDomain.objects.get_or_create(domain=name, defaults={"reason": why})
            added_protected += created
        for domain, _why in _read("shared_platforms.txt"):
            # Platforms may be public suffixes themselves (the PSL's private section): no normalise_domain.
            _platform, created = SharedPlatform.objects.get_or_create(domain=domain.lower().rstrip("."))
            added_platforms += created
        if added_protected or added_platforms:
            record_change(
                actor=None,
                action="blocking.reference.load",
                changes={
                    "protected_domains": {"old": None, "new": added_protected},
                    "shared_platforms": {"old": None, "new": added_platforms},
                },
            )
    return added_protected, added_platforms
