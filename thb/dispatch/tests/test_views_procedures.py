"""Coordinators' procedure pages (views_procedures.py): write with line-located errors, review, four eyes,
activate; nobody else reaches them."""

from __future__ import annotations

import pytest

from thb.core.roles import Perm
from thb.core.tests.access_matrix import assert_access_matrix, roles_with
from thb.dispatch.models import ProcedureStatus, ProcedureVersion

pytestmark = pytest.mark.django_db

LIST = "/en/staff/dispatch/procedures/"


def test_procedure_pages_are_for_coordinators_only(installed):
    allowed = roles_with(Perm.MANAGE_PROCEDURES)
    assert_access_matrix(LIST, allowed_roles=allowed, cross_organisation=False)
    assert_access_matrix(f"{LIST}{installed.uuid}/", allowed_roles=allowed, cross_organisation=False)
    assert_access_matrix(f"{LIST}new/", allowed_roles=allowed, cross_organisation=False)


def test_a_coordinator_writes_a_version_another_approves_and_activates_it(installed, coordinators, signed_in):
    author, reviewer = coordinators
    writer = signed_in(author)
    form = writer.get(f"{LIST}new/").content.decode()
    assert "procedure: belgium-default" in form  # starts from the active version's text
    source = (
        installed.source.replace("version: 1\n", "version: 2\n", 1)
        .replace("ack_within_hours: 1\n", "ack_within_hours: 2\n", 1)
        .replace("ack_within_hours: 1, priority: emergency}", "ack_within_hours: 2, priority: emergency}")
        .replace("ack_within_hours: 1}", "ack_within_hours: 2}")
    )
    response = writer.post(f"{LIST}new/", {"source": source, "change_note": "Two hours for the police."})
    assert response.status_code == 302
    draft = ProcedureVersion.objects.get(version=2)
    page = writer.get(response["Location"]).content.decode()
    assert "Every example passes." in page and "-        ack_within_hours: 1" in page  # the diff
    assert "Approve (second coordinator)" not in page  # not for the author
    reviewer_client = signed_in(reviewer)
    assert "Approve (second coordinator)" in reviewer_client.get(response["Location"]).content.decode()
    reviewer_client.post(f"{LIST}{draft.uuid}/approve/")
    reviewer_client.post(f"{LIST}{draft.uuid}/activate/")
    draft.refresh_from_db()
    installed.refresh_from_db()
    assert draft.status == ProcedureStatus.ACTIVE and installed.status == ProcedureStatus.RETIRED


def test_a_broken_version_shows_each_problem_with_its_line_and_is_not_saved(
    installed, coordinators, signed_in
):
    author, _ = coordinators
    source = installed.source.replace("version: 1\n", "version: 2\n", 1).replace(
        "legal_basis: vital_interest", "legal_basis: urgency", 1
    )
    line = source.splitlines().index("        legal_basis: urgency") + 1
    response = signed_in(author).post(f"{LIST}new/", {"source": source})
    assert response.status_code == 422
    html = response.content.decode()
    assert f"line {line}" in html and "rules[1].refer[0].legal_basis" in html
    assert "legal_basis: urgency" in html  # the text typed is kept in the editor
    assert not ProcedureVersion.objects.filter(version=2).exists()


def test_the_author_cannot_approve_by_posting_either(installed, coordinators, signed_in):
    author, _ = coordinators
    signed_in(author).post(
        f"{LIST}new/", {"source": installed.source.replace("version: 1\n", "version: 2\n", 1)}
    )
    draft = ProcedureVersion.objects.get(version=2)
    response = signed_in(author).post(f"{LIST}{draft.uuid}/approve/", follow=True)
    assert "Another coordinator than the author must approve it" in response.content.decode()
    draft.refresh_from_db()
    assert draft.status == ProcedureStatus.DRAFT


def test_the_source_downloads_as_written(installed, coordinators, signed_in):
    response = signed_in(coordinators[0]).get(f"{LIST}{installed.uuid}/source.yaml")
    assert response["Content-Type"].startswith("application/yaml")
    assert response.content.decode() == installed.source
