"""Procedure versions (services/procedures.py): four eyes, examples as a gate, one active version, the
previous one readable, every step audited."""

from __future__ import annotations

import pytest

from thb.core.exceptions import PermissionDeniedError, ValidationFailedError
from thb.core.models import AuditEvent, Organisation
from thb.core.roles import Role
from thb.core.tests.factories import UserFactory
from thb.dispatch.models import ProcedureStatus, ProcedureVersion
from thb.dispatch.selectors import active_procedure
from thb.dispatch.services.procedures import (
    ExamplesFailError,
    ProcedureInvalidError,
    procedure_install_default,
    procedure_version_activate,
    procedure_version_approve,
    procedure_version_create,
    procedure_version_reject,
)

pytestmark = pytest.mark.django_db


def _next_version(source: str, number: int) -> str:
    return source.replace("version: 1\n", f"version: {number}\n", 1)


def test_install_default_activates_the_shipped_procedure_once(demo_directory):
    version, outcome = procedure_install_default()
    assert outcome == "activated" and version is not None and version.status == ProcedureStatus.ACTIVE
    assert procedure_install_default() == (None, "a procedure is already active")
    active = active_procedure()
    assert active is not None and active[0].pk == version.pk and active[1].slug == "belgium-default"
    assert AuditEvent.objects.filter(action="procedure.activate", object_uuid=version.uuid).exists()


def test_install_default_does_not_activate_when_the_directory_lacks_the_partners(reference_data):
    version, outcome = procedure_install_default()
    assert version is not None and version.status == ProcedureStatus.DRAFT
    assert outcome.startswith("not activated: examples fail")
    assert active_procedure() is None


def test_a_new_version_needs_a_second_coordinator_and_then_replaces_the_active_one(
    coordinators, default_source
):
    author, reviewer = coordinators
    first, _ = procedure_install_default()
    draft = procedure_version_create(
        source=_next_version(default_source, 2), actor=author, change_note="Test"
    )
    assert draft.status == ProcedureStatus.DRAFT and draft.examples_passed
    with pytest.raises(PermissionDeniedError):
        procedure_version_approve(version=draft, actor=author)
    with pytest.raises(ValidationFailedError):
        procedure_version_activate(version=draft, actor=reviewer)  # not approved yet
    approved = procedure_version_approve(version=draft, actor=reviewer)
    assert approved.approved_by == reviewer
    activated = procedure_version_activate(version=approved, actor=author)
    first.refresh_from_db()
    assert activated.status == ProcedureStatus.ACTIVE and first.status == ProcedureStatus.RETIRED
    assert ProcedureVersion.objects.filter(status=ProcedureStatus.ACTIVE).count() == 1
    assert first.source == default_source  # the previous version stays readable, as written
    active = active_procedure()
    assert active is not None and active[1].version == 2


def test_a_version_whose_examples_fail_cannot_be_approved(coordinators, default_source):
    author, reviewer = coordinators
    wrong = _next_version(default_source, 2).replace(
        "organisation: surya}\n\n  - name: a victim whose place",
        "organisation: payoke}\n\n  - name: a victim whose place",
    )
    draft = procedure_version_create(source=wrong, actor=author)
    assert not draft.examples_passed
    assert any(not r["passed"] for r in draft.examples_report)
    with pytest.raises(ExamplesFailError):
        procedure_version_approve(version=draft, actor=reviewer)
    draft.refresh_from_db()
    assert draft.status == ProcedureStatus.DRAFT


def test_activation_runs_the_examples_again(coordinators, default_source):
    """A partner that leaves the directory between approval and activation stops the activation."""
    author, reviewer = coordinators
    draft = procedure_version_create(source=_next_version(default_source, 2), actor=author)
    approved = procedure_version_approve(version=draft, actor=reviewer)
    Organisation.objects.filter(slug="surya").update(takes_referrals=False)
    with pytest.raises(ExamplesFailError):
        procedure_version_activate(version=approved, actor=reviewer)
    approved.refresh_from_db()
    assert approved.status == ProcedureStatus.APPROVED and not approved.examples_passed


def test_an_invalid_document_or_a_reused_number_is_refused_and_nothing_is_stored(
    coordinators, default_source
):
    author, _ = coordinators
    with pytest.raises(ProcedureInvalidError) as error:
        procedure_version_create(source="procedure: x\nversion: 1\n", actor=author)
    assert any(e.path == "title" for e in error.value.errors)
    procedure_version_create(source=default_source, actor=author)
    with pytest.raises(ValidationFailedError, match="exists already"):
        procedure_version_create(source=default_source, actor=author)
    assert ProcedureVersion.objects.count() == 1


def test_only_coordinators_write_procedures(demo_directory, default_source):
    operator = UserFactory(organisation=Organisation.objects.get(slug="hotline"), role=Role.OPERATOR)
    with pytest.raises(PermissionDeniedError):
        procedure_version_create(source=default_source, actor=operator)


def test_a_rejected_version_says_why(coordinators, default_source):
    author, reviewer = coordinators
    draft = procedure_version_create(source=default_source, actor=author)
    with pytest.raises(ValidationFailedError):
        procedure_version_reject(version=draft, actor=reviewer, reason="  ")
    rejected = procedure_version_reject(version=draft, actor=reviewer, reason="The centre rule is too broad.")
    assert rejected.status == ProcedureStatus.REJECTED
    assert AuditEvent.objects.filter(
        action="procedure.reject", reason="The centre rule is too broad."
    ).exists()


def test_the_database_refuses_an_approval_by_the_author(coordinators, default_source):
    from django.db import IntegrityError, transaction

    author, _ = coordinators
    draft = procedure_version_create(source=default_source, actor=author)
    with pytest.raises(IntegrityError), transaction.atomic():
        ProcedureVersion.objects.filter(pk=draft.pk).update(approved_by=author, status="approved")


def test_failing_examples_are_kept_on_the_version_for_the_reviewer(coordinators, default_source):
    author, reviewer = coordinators
    draft = procedure_version_create(source=_next_version(default_source, 2), actor=author)
    assert draft.examples_passed
    Organisation.objects.filter(slug="payoke").update(takes_referrals=False)
    with pytest.raises(ExamplesFailError):
        procedure_version_approve(version=draft, actor=reviewer)
    draft.refresh_from_db()
    assert draft.status == ProcedureStatus.DRAFT and not draft.examples_passed
    assert any("payoke" in " ".join(r["problems"]) for r in draft.examples_report)
