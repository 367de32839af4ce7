"""Signal receivers of the core app: sign-ins and sign-outs go to the audit trail."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.signals import user_logged_in, user_logged_out
from django.db.models.signals import post_migrate
from django.dispatch import receiver

from .audit import record_change


@receiver(user_logged_in)
def audit_login(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    record_change(actor=user, action="auth.login", obj=user)


@receiver(user_logged_out)
def audit_logout(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    if user is not None:
        record_change(actor=user, action="auth.logout", obj=user)


@receiver(post_migrate)
def ensure_audit_triggers(sender: Any, using: str = "default", **kwargs: Any) -> None:
    """Re-create the append-only triggers after every ``migrate`` (a SQLite table rebuild drops them)."""
    if getattr(sender, "label", "") != "core":
        return
    from django.db import connections

    from .audit_triggers import create_triggers

    connection = connections[using]
    if "core_auditevent" not in connection.introspection.table_names():
        return  # migrated backwards past 0001
    create_triggers(connection)
