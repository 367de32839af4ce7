"""Writes of dispatch procedures (issue 4 §1): a new version is checked completely and its examples run;
a second coordinator approves it (four eyes); it is activated only while every example passes against the
partner directory of the day. Every step is audited (DESIGN.md §3.1).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from thb.core.audit import record_change
from thb.core.exceptions import DomainError, PermissionDeniedError, ValidationFailedError
from thb.core.models import User
from thb.core.roles import Perm, has_perm

from ..directory import Directory
from ..engine import ExampleResult, run_examples
from ..models import ProcedureStatus, ProcedureVersion
from ..procedure import Procedure, parse_procedure
from ..yamlsource import SourceError

DEFAULT_PROCEDURE = Path(__file__).resolve().parent.parent / "procedures" / "belgium-default.yaml"


class ProcedureInvalidError(ValidationFailedError):
    """A procedure document with problems; ``errors`` holds each one with its line and path."""

    code = "procedure_invalid"

    def __init__(self, errors: list[SourceError]) -> None:
        super().__init__(_("The procedure has problems: %(first)s") % {"first": errors[0]}, field="source")
        self.errors = errors


class ExamplesFailError(DomainError):
    code = "examples_fail"
    status = 409
    default_message = _("Not every example of this version passes: it cannot be approved or activated.")


@dataclass(frozen=True)
class Checked:
    procedure: Procedure
    results: list[ExampleResult]

    @property
    def passed(self) -> bool:
        return all(r.passed for r in self.results)

    def report(self) -> list[dict[str, object]]:
        return [{"name": r.name, "passed": r.passed, "problems": list(r.problems)} for r in self.results]


def check_source(source: str, *, directory: Directory | None = None) -> Checked:
    """Parse ``source`` and run its examples; raises ``ProcedureInvalidError`` with every problem."""
    parsed = parse_procedure(source)
    if not parsed.ok or parsed.procedure is None:
        raise ProcedureInvalidError(parsed.errors)
    directory = directory or Directory.from_database()
    return Checked(parsed.procedure, run_examples(parsed.procedure, directory))


def _require_coordinator(actor: User | None) -> None:
    if actor is not None and not has_perm(actor, Perm.MANAGE_PROCEDURES):
        raise PermissionDeniedError()


def _store_examples(version: ProcedureVersion, checked: Checked) -> None:
    version.examples_passed = checked.passed
    version.examples_report = checked.report()
    version.examples_checked_at = timezone.now()


def procedure_version_create(*, source: str, actor: User | None, change_note: str = "") -> ProcedureVersion:
    """A new draft version. ``actor`` None is the system (``thb procedures import`` without ``--by``)."""
    _require_coordinator(actor)
    checked = check_source(source)
    doc = checked.procedure.doc
    with transaction.atomic():
        if ProcedureVersion.objects.filter(slug=doc.procedure, version=doc.version).exists():
            raise ValidationFailedError(
                _("Version %(version)s of %(slug)s exists already: give the new one a higher number.")
                % {"version": doc.version, "slug": doc.procedure},
                field="source",
            )
        version = ProcedureVersion(
            slug=doc.procedure,
            version=doc.version,
            title=doc.title.en,
            source=source,
            created_by=actor,
            change_note=change_note.strip(),
        )
        _store_examples(version, checked)
        version.save()
        record_change(
            actor=actor,
            action="procedure.create",
            obj=version,
            changes={
                "procedure": {"old": None, "new": f"{doc.procedure} v{doc.version}"},
                "examples_passed": {"old": None, "new": version.examples_passed},
            },
        )
    return version


def _recheck(version: ProcedureVersion) -> Checked:
    checked = check_source(version.source)
    _store_examples(version, checked)
    return checked


def _examples_gate(version: ProcedureVersion) -> None:
    """Run the examples now and keep their result (even when they fail: the page shows why)."""
    checked = _recheck(version)
    version.save(update_fields=["examples_passed", "examples_report", "examples_checked_at", "updated_at"])
    if not checked.passed:
        raise ExamplesFailError()


def procedure_version_approve(*, version: ProcedureVersion, actor: User) -> ProcedureVersion:
    """The second pair of eyes: another coordinator than the author approves, while every example passes."""
    _require_coordinator(actor)
    if version.created_by_id == actor.pk:
        raise PermissionDeniedError(_("Another coordinator than the author must approve it (four eyes)."))
    if version.status != ProcedureStatus.DRAFT:
        raise ValidationFailedError(_("Only a draft can be approved."), code="not_draft")
    _examples_gate(version)
    with transaction.atomic():
        version = ProcedureVersion.objects.select_for_update().get(pk=version.pk)
        if version.status != ProcedureStatus.DRAFT:
            raise ValidationFailedError(_("Only a draft can be approved."), code="not_draft")
        version.status = ProcedureStatus.APPROVED
        version.approved_by, version.approved_at = actor, timezone.now()
        version.save()
        record_change(
            actor=actor,
            action="procedure.approve",
            obj=version,
            changes={"status": {"old": ProcedureStatus.DRAFT, "new": ProcedureStatus.APPROVED}},
        )
    return version


def procedure_version_reject(*, version: ProcedureVersion, actor: User, reason: str) -> ProcedureVersion:
    _require_coordinator(actor)
    if not reason.strip():
        raise ValidationFailedError(_("Say why it is rejected."), field="reason")
    with transaction.atomic():
        version = ProcedureVersion.objects.select_for_update().get(pk=version.pk)
        if version.status not in {ProcedureStatus.DRAFT, ProcedureStatus.APPROVED}:
            raise ValidationFailedError(
                _("Only a draft or an approved version can be rejected."), code="not_draft"
            )
        old = version.status
        version.status, version.rejected_reason = ProcedureStatus.REJECTED, reason.strip()
        version.save(update_fields=["status", "rejected_reason", "updated_at"])
        record_change(
            actor=actor,
            action="procedure.reject",
            obj=version,
            changes={"status": {"old": old, "new": ProcedureStatus.REJECTED}},
            reason=reason.strip(),
        )
    return version


def procedure_version_activate(*, version: ProcedureVersion, actor: User | None) -> ProcedureVersion:
    """Make an approved version the one that decides; the active one is retired (and stays readable). The
    examples run again first: a partner that left the directory since the approval stops the activation."""
    _require_coordinator(actor)
    if version.status != ProcedureStatus.APPROVED:
        raise ValidationFailedError(_("Only an approved version can be activated."), code="not_approved")
    _examples_gate(version)
    with transaction.atomic():
        version = ProcedureVersion.objects.select_for_update().get(pk=version.pk)
        if version.status != ProcedureStatus.APPROVED:
            raise ValidationFailedError(_("Only an approved version can be activated."), code="not_approved")
        now = timezone.now()
        previous = ProcedureVersion.objects.select_for_update().filter(status=ProcedureStatus.ACTIVE).first()
        if previous is not None:
            previous.status, previous.retired_at = ProcedureStatus.RETIRED, now
            previous.save(update_fields=["status", "retired_at", "updated_at"])
        version.status, version.activated_by, version.activated_at = ProcedureStatus.ACTIVE, actor, now
        version.save()
        record_change(
            actor=actor,
            action="procedure.activate",
            obj=version,
            changes={
                "status": {"old": ProcedureStatus.APPROVED, "new": ProcedureStatus.ACTIVE},
                "replaces": {"old": str(previous) if previous else None, "new": str(version)},
            },
        )
    return version


def procedure_install_default() -> tuple[ProcedureVersion | None, str]:
    """Installation: when no procedure is active, import the shipped Belgian procedure and activate it —
    an administrator's act on the command line (audited as the system), the only activation without a
    second coordinator. Idempotent. Returns the version and what happened."""
    if ProcedureVersion.objects.filter(status=ProcedureStatus.ACTIVE).exists():
        return None, "a procedure is already active"
    source = DEFAULT_PROCEDURE.read_text(encoding="utf-8")
    parsed = parse_procedure(source)
    assert parsed.procedure is not None, parsed.errors
    doc = parsed.procedure.doc
    version = ProcedureVersion.objects.filter(slug=doc.procedure, version=doc.version).first()
    if version is None:
        version = procedure_version_create(
            source=source, actor=None, change_note="Shipped with the platform."
        )
    if version.status == ProcedureStatus.DRAFT:
        checked = _recheck(version)
        if not checked.passed:
            version.save()
            failing = [r.name for r in checked.results if not r.passed]
            return version, "not activated: examples fail against this directory: " + "; ".join(failing)
        with transaction.atomic():
            version.status, version.approved_at = ProcedureStatus.APPROVED, timezone.now()
            version.save()
            record_change(
                actor=None,
                action="procedure.approve",
                obj=version,
                changes={"status": {"old": ProcedureStatus.DRAFT, "new": ProcedureStatus.APPROVED}},
                reason="installation of the shipped default procedure",
            )
    return procedure_version_activate(version=version, actor=None), "activated"
