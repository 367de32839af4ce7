"""System checks: ``thb check --deploy`` reports what would make a deployment unsafe."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.core.checks import Error, Tags, register
from django.db import DatabaseError


@register(Tags.security, deploy=True)
def check_field_keys(app_configs: Any, **kwargs: Any) -> list[Error]:
    if not settings.THB_FIELD_KEYS:
        return [
            Error(
                "THB_FIELD_KEYS is empty.",
                hint="Generate a key with `thb generate-field-key`.",
                id="thb.E001",
            )
        ]
    return []


@register(Tags.database, deploy=True)
def check_no_demo_accounts_in_production(
    app_configs: Any, databases: Iterable[str] | None = None, **kwargs: Any
) -> list[Error]:
    """Production refuses demo accounts (issue 2 §4).

    Like Django's own database checks, this one reads only the databases named by ``thb check --database``
    (``thb check --deploy --database default``), so that ``thb check --deploy`` also works before
    ``thb migrate`` or without a reachable database.
    """
    if not settings.IS_PRODUCTION or not databases:
        return []
    from .models import User

    errors: list[Error] = []
    for alias in databases:
        try:
            found = User.objects.using(alias).filter(is_demo=True, is_active=True).exists()
        except DatabaseError:
            errors.append(
                Error(
                    f"The database {alias!r} could not be read to look for demo accounts.",
                    hint="Run `thb migrate` first, and check DATABASE_URL.",
                    id="thb.E003",
                )
            )
            continue
        if found:
            errors.append(
                Error(
                    "Active demo accounts exist in a production database.",
                    hint="Deactivate them: `thb shell -c` or the admin.",
                    id="thb.E002",
                )
            )
    return errors
