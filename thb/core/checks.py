"""System checks: ``thb check --deploy`` reports what would make a deployment unsafe."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.checks import Error, Tags, register


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
def check_no_demo_accounts_in_production(app_configs: Any, **kwargs: Any) -> list[Error]:
    """Production refuses demo accounts (issue 2 §4)."""
    if not settings.IS_PRODUCTION:
        return []
    from .models import User

    if User.objects.filter(is_demo=True, is_active=True).exists():
        return [
            Error(
                "Active demo accounts exist in a production database.",
                hint="Deactivate them: `thb shell -c` or the admin.",
                id="thb.E002",
            )
        ]
    return []
