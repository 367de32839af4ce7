"""Fixtures of the dispatch tests: the partner directory of the demo data (the organisations of BELGIUM.md
§5) and the shipped default procedure."""

from __future__ import annotations

import pytest

from thb.dispatch.procedure import Procedure, parse_procedure
from thb.dispatch.services.procedures import DEFAULT_PROCEDURE


@pytest.fixture(scope="session")
def default_source() -> str:
    return DEFAULT_PROCEDURE.read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def default_procedure(default_source) -> Procedure:
    parsed = parse_procedure(default_source)
    assert parsed.ok, parsed.errors
    assert parsed.procedure is not None
    return parsed.procedure


@pytest.fixture
def installed(demo_directory):
    """The shipped procedure, active (its examples pass against the demo directory)."""
    from thb.dispatch.services.procedures import procedure_install_default

    version, outcome = procedure_install_default()
    assert outcome == "activated"
    return version


@pytest.fixture
def operator(installed):
    """An operator of the demo hotline, with the default procedure active."""
    from thb.core.models import Organisation
    from thb.core.roles import Role
    from thb.core.tests.factories import UserFactory

    return UserFactory(organisation=Organisation.objects.get(slug="hotline"), role=Role.OPERATOR)


@pytest.fixture
def coordinators(demo_directory):
    """Two coordinators of the coordination cell: an author and a second pair of eyes."""
    from thb.core.models import Organisation
    from thb.core.roles import Role
    from thb.core.tests.factories import UserFactory

    cell = Organisation.objects.get(slug="coordination-cell")
    return (
        UserFactory(organisation=cell, role=Role.COORDINATOR, username="coord-a"),
        UserFactory(organisation=cell, role=Role.COORDINATOR, username="coord-b"),
    )


@pytest.fixture
def antwerp_inspector(demo_directory):
    """An inspector of Antwerp's social inspection with an e-mail address: labour referrals there notify."""
    from thb.core.models import Organisation
    from thb.core.roles import Role
    from thb.core.tests.factories import UserFactory

    inspection = Organisation.objects.get(slug="ecosoc-antwerpen")
    return UserFactory(organisation=inspection, role=Role.INVESTIGATOR, email="inspector@ecosoc.example")


@pytest.fixture
def confirm_labour_calls(operator):
    """``confirm(postcodes, around=...)``: the operator logs a labour tip per postcode and confirms the
    proposed referrals, each confirmation inside ``around()`` (e.g. capturing on-commit callbacks)."""
    from contextlib import nullcontext

    from thb.dispatch.selectors import dispatch_proposal_for
    from thb.dispatch.services.referrals import referrals_confirm
    from thb.hotline.services.console import contact_log_call

    def confirm(postcodes, *, around=nullcontext) -> None:
        for postcode in postcodes:
            contact = contact_log_call(
                actor=operator, signal_type="tip", exploitation=["labour"], postcode=postcode
            )
            proposal = dispatch_proposal_for(user=operator, contact=contact)
            with around():
                referrals_confirm(
                    contact=contact,
                    actor=operator,
                    decision=proposal.decision,
                    procedure=proposal.procedure,
                    version=proposal.version,
                )

    return confirm
