"""``thb load-public-content``: the public site's seed content (the hotline line with a fictitious number,
the eleven information pages in en/fr/nl/de). Run by ``make run`` after ``load-demo``; idempotent. The
rules are in ``thb.hotline.content``."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError

from thb.core.exceptions import DomainError
from thb.hotline.content import load_public_content


class Command(BaseCommand):
    help = "Load the public site's content: the hotline line and the information pages (idempotent)."

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            result = load_public_content()
        except DomainError as exc:
            raise CommandError(f"Public content not loaded: {exc.message}") from exc

        def counts(values: dict[str, int]) -> str:
            return ", ".join(f"{number} {kind}" for kind, number in sorted(values.items())) or "nothing"

        self.stdout.write(
            f"Information pages: {result.pages}; texts: {result.texts}; hotline line: {result.line}. "
            f"Created: {counts(result.created)}; updated: {counts(result.updated)}; "
            f"audit rows written: {result.audit_rows}."
        )
        if result.line in {"created", "updated", "unchanged"}:
            self.stdout.write(
                "The hotline number of the seed is fictitious: configure the real one in the admin "
                "(Hotline lines)."
            )
