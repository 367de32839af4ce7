"""``thb procedures``: check, import, export and install dispatch procedures (issue 4 §1; contracts).

thb procedures check FILE.yaml        validate (line and field of every problem) and run the examples;
                                      exit 0 when all is well, 1 otherwise
thb procedures import FILE.yaml [--by USER] [--note TEXT]
                                      store a new draft version (a second coordinator approves it)
thb procedures export --active        print the active version's YAML as it was written
thb procedures export --procedure SLUG --version N
thb procedures install-default        activate the shipped Belgian procedure when none is active
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from thb.core.exceptions import DomainError
from thb.core.models import User
from thb.dispatch.models import ProcedureStatus, ProcedureVersion
from thb.dispatch.services.procedures import (
    ProcedureInvalidError,
    check_source,
    procedure_install_default,
    procedure_version_create,
)


def _read(path: str) -> str:
    try:
        return Path(path).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise CommandError(f"{path}: cannot read it: {exc}") from exc


class Command(BaseCommand):
    help = "Check, import, export and install dispatch procedures."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        check = sub.add_parser("check", help="validate a procedure file and run its examples")
        check.add_argument("file")
        imp = sub.add_parser("import", help="store a procedure file as a new draft version")
        imp.add_argument("file")
        imp.add_argument("--by", help="user name of the coordinator who wrote it")
        imp.add_argument("--note", default="", help="what changed and why")
        exp = sub.add_parser("export", help="print a stored version's YAML")
        exp.add_argument("--active", action="store_true")
        exp.add_argument("--procedure")
        exp.add_argument("--version", dest="number", type=int)
        sub.add_parser("install-default", help="activate the shipped procedure when none is active")

    def handle(self, *args: Any, action: str, **options: Any) -> None:
        getattr(self, f"_{action.replace('-', '_')}")(**options)

    def _check(self, *, file: str, **options: Any) -> None:
        try:
            checked = check_source(_read(file))
        except ProcedureInvalidError as exc:
            for error in exc.errors:
                self.stderr.write(f"{file}:{error.line}: {error.path or '-'}: {error.message}")
            sys.exit(1)
        doc = checked.procedure.doc
        self.stdout.write(f"{file}: {doc.procedure} v{doc.version}: {len(doc.rules)} rules, valid")
        for result in checked.results:
            self.stdout.write(f"  {'ok  ' if result.passed else 'FAIL'} {result.name}")
            for problem in result.problems:
                self.stdout.write(f"         {problem}")
        failed = sum(1 for r in checked.results if not r.passed)
        self.stdout.write(f"{len(checked.results) - failed} of {len(checked.results)} examples pass")
        if failed:
            sys.exit(1)

    def _import(self, *, file: str, by: str | None, note: str, **options: Any) -> None:
        actor = None
        if by:
            actor = User.objects.filter(username=by, is_active=True).first()
            if actor is None:
                raise CommandError(f"no active user {by!r}")
        try:
            version = procedure_version_create(source=_read(file), actor=actor, change_note=note)
        except ProcedureInvalidError as exc:
            for error in exc.errors:
                self.stderr.write(f"{file}:{error.line}: {error.path or '-'}: {error.message}")
            sys.exit(1)
        except DomainError as exc:
            raise CommandError(exc.message) from exc
        state = "all examples pass" if version.examples_passed else "some examples FAIL"
        self.stdout.write(f"imported {version} as a draft ({state}); a second coordinator approves it")

    def _export(self, *, active: bool, procedure: str | None, number: int | None, **options: Any) -> None:
        if active:
            version = ProcedureVersion.objects.filter(status=ProcedureStatus.ACTIVE).first()
        elif procedure and number:
            version = ProcedureVersion.objects.filter(slug=procedure, version=number).first()
        else:
            raise CommandError("give --active, or --procedure SLUG --version N")
        if version is None:
            raise CommandError("no such procedure version")
        self.stdout.write(version.source, ending="" if version.source.endswith("\n") else "\n")

    def _install_default(self, **options: Any) -> None:
        version, outcome = procedure_install_default()
        self.stdout.write(f"{version or 'dispatch procedure'}: {outcome}")
