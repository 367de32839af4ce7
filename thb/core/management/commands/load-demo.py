"""``thb load-demo``: the demo organisations and one account per role (``make run``; never production).

Prints the sign-in table (user name, role, organisation), the shared password (``THB_DEMO_PASSWORD``) and
the staff URL (port from ``PORT``, as ``make run`` uses it). When ``THB_OTP_RELAXED`` is off it says which
accounts will be asked to enrol a TOTP app at first sign-in: the roles that see victim data (issue 2 §4).
The rules (refused in production, reference data first, idempotent) are in ``thb.core.demo``.
"""

from __future__ import annotations

import os
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import translation

from thb.core.demo import load_demo, load_demo_extensions
from thb.core.exceptions import DomainError
from thb.core.roles import Role


class Command(BaseCommand):
    help = "Load the demo organisations and one demo account per role (refused in production)."

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            result = load_demo()
        except DomainError as exc:
            raise CommandError(f"Demo data not loaded: {exc.message}") from exc
        self.stdout.write(
            f"Demo organisations: {result.organisations} ({result.organisations_created} new); "
            f"demo accounts: {len(result.logins)} ({result.users_created} new); "
            f"audit rows written: {result.audit_rows}."
        )
        for line in load_demo_extensions():
            self.stdout.write(line)
        with translation.override("en"):
            rows = [
                (
                    login.username + (" *" if login.needs_second_factor else ""),
                    str(Role(login.role).label),
                    login.organisation_name,
                )
                for login in result.logins
            ]
        header = ("user name", "role", "organisation")
        widths = [max(len(row[i]) for row in [header, *rows]) for i in range(2)]
        self.stdout.write("")
        for row in [header, *rows]:
            self.stdout.write(f"  {row[0]:<{widths[0]}}  {row[1]:<{widths[1]}}  {row[2]}")
        self.stdout.write("")
        self.stdout.write(f"Password of every demo account: {settings.THB_DEMO_PASSWORD}")
        port = os.environ.get("PORT", "8000")
        self.stdout.write(self.style.SUCCESS(f"Sign in at http://127.0.0.1:{port}/fr/staff/"))
        if not settings.THB_OTP_RELAXED:
            self.stdout.write(
                "THB_OTP_RELAXED is off: the accounts marked * (roles that see victim data) will be asked to "
                "enrol a TOTP app (e.g. FreeOTP, Aegis) at their first sign-in."
            )
