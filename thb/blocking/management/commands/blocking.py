"""``thb blocking``: the blocking list's commands (issue 5 §2; the first two are contracts).

thb blocking export-rpz --output FILE [--serial N]    the latest published release's RPZ zone (or N)
thb blocking verify-release --zone FILE --signature SIG --public-key KEY
                                                    exit 0 only when the signature is valid
thb blocking generate-signing-key                   a new Ed25519 key for THB_BLOCKING_SIGNING_KEY
thb blocking public-key                             the public key (PEM) ISPs verify with
thb blocking load-protected-domains                 the shipped protected domains and shared platforms
thb blocking mark-review-due                        what the periodic job does: 90-day reviews
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from thb.blocking import rpz
from thb.blocking.models import Release
from thb.blocking.reference import load_protected_domains
from thb.blocking.services.entries import entries_mark_review_due
from thb.blocking.services.releases import public_key_pem
from thb.core.exports import ExportWriteError, write_text_atomically


class Command(BaseCommand):
    help = "Blocking list: export and verify releases, keys, reference lists."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        export = sub.add_parser("export-rpz", help="write a published release's RPZ zone to a file")
        export.add_argument("--output", required=True)
        export.add_argument("--serial", type=int)
        verify = sub.add_parser("verify-release", help="check a release's Ed25519 signature")
        verify.add_argument("--zone", required=True)
        verify.add_argument("--signature", required=True, help="file holding the base64 signature")
        verify.add_argument("--public-key", required=True, help="PEM file of the public key")
        sub.add_parser("generate-signing-key", help="print a new signing key")
        sub.add_parser("public-key", help="print the public key (PEM)")
        sub.add_parser("load-protected-domains", help="load the shipped protected domains and platforms")
        sub.add_parser("mark-review-due", help="mark entries whose 90-day review has come")
        stop = sub.add_parser("export-stop-page", help="write a static stop page in the 16 public languages")
        stop.add_argument("--output", required=True)

    def handle(self, *args: Any, action: str, **options: Any) -> None:
        getattr(self, "_" + action.replace("-", "_"))(**options)

    def _export_rpz(self, *, output: str, serial: int | None, **options: Any) -> None:
        releases = Release.objects.all()
        release = releases.filter(serial=serial).first() if serial else releases.order_by("-serial").first()
        if release is None:
            raise CommandError(f"no release {serial}" if serial else "no release has been published yet")
        try:
            write_text_atomically(Path(output), release.rpz)
        except ExportWriteError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(f"release {release.serial}: {release.domain_count} domains -> {output}")

    def _verify_release(self, *, zone: str, signature: str, public_key: str, **options: Any) -> None:
        try:
            data = Path(zone).read_bytes()
            signature_b64 = Path(signature).read_text(encoding="ascii").strip()
            pem = Path(public_key).read_text(encoding="ascii")
        except (OSError, UnicodeDecodeError) as exc:
            self.stderr.write(f"cannot read the files: {exc}")
            sys.exit(1)
        if not rpz.verify(data, signature_b64, pem):
            self.stderr.write("INVALID: the signature does not match this zone and this public key")
            sys.exit(1)
        self.stdout.write(f"valid: signed by the key {rpz.fingerprint(pem)}")

    def _generate_signing_key(self, **options: Any) -> None:
        self.stdout.write(rpz.generate_key())

    def _public_key(self, **options: Any) -> None:
        self.stdout.write(public_key_pem(), ending="")

    def _load_protected_domains(self, **options: Any) -> None:
        protected, platforms = load_protected_domains()
        self.stdout.write(f"{protected} protected domains and {platforms} shared platforms added")

    def _mark_review_due(self, **options: Any) -> None:
        self.stdout.write(f"{entries_mark_review_due()} entries are due for review")

    def _export_stop_page(self, *, output: str, **options: Any) -> None:
        from thb.blocking.stop_export import export_stop_page

        try:
            written = export_stop_page(Path(output))
        except ExportWriteError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(f"{len(written)} files written under {output}")
