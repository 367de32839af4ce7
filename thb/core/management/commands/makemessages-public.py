"""``thb makemessages-public``: the catalogues of the public-only languages (DESIGN.md §5).

The staff interface is translated into French, Dutch and German in full (`make messages`). The twelve other
public languages (Arabic, Romanian, …) need only the strings of the public pages; their catalogues are
extracted from ``PUBLIC_SOURCES`` alone, in a scratch copy of the tree, then merged into
``locale/<lang>/LC_MESSAGES/django.po`` (existing translations are kept). ``make messages`` runs both.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from thb.core.i18n import extract_public_catalogues, public_only_languages


class Command(BaseCommand):
    help = "Extract the public pages' strings into the catalogues of the public-only languages."

    def handle(self, *args: Any, **options: Any) -> None:
        for language, path in extract_public_catalogues(public_only_languages()).items():
            self.stdout.write(f"{language}: {path}")
