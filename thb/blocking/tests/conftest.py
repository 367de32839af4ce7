"""People of the blocking list: two FCCU officers, a magistrate, an ISP engineer; the protected domains."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from thb.core.models import OrganisationKind
from thb.core.roles import Role
from thb.core.tests.factories import OrganisationFactory, UserFactory


@pytest.fixture
def people(db):
    from thb.blocking.reference import load_protected_domains

    load_protected_domains()
    fccu = OrganisationFactory(slug="fccu", kind=OrganisationKind.POLICE_FCCU)
    prosecutor = OrganisationFactory(slug="prosecutor-brussels", kind=OrganisationKind.PROSECUTOR_REFERENCE)
    isp = OrganisationFactory(slug="isp-alpha", kind=OrganisationKind.ISP)
    return SimpleNamespace(
        fccu=fccu,
        isp=isp,
        officer_a=UserFactory(organisation=fccu, role=Role.BLOCKLIST_OFFICER, username="officer-a"),
        officer_b=UserFactory(organisation=fccu, role=Role.BLOCKLIST_OFFICER, username="officer-b"),
        magistrate=UserFactory(organisation=prosecutor, role=Role.MAGISTRATE, username="magistrate"),
        engineer=UserFactory(organisation=isp, role=Role.ISP_ENGINEER, username="isp-engineer"),
    )


@pytest.fixture
def approve():
    """Take a domain from report to approval, the proper way (two officers, then the magistrate)."""
    from django.utils import timezone

    from thb.blocking.services.entries import (
        entry_approve,
        entry_confirm,
        entry_report,
        entry_start_assessment,
        entry_verify,
    )

    def run(people, domain, scope="subdomains", **report):
        entry = entry_report(actor=people.officer_a, domain=domain, scope=scope, **report)
        entry = entry_start_assessment(entry=entry, actor=people.officer_a)
        entry = entry_verify(
            entry=entry,
            actor=people.officer_a,
            verified_online_at=timezone.now(),
            apparent_age_under_13=True,
            severity="severe",
        )
        entry = entry_confirm(entry=entry, actor=people.officer_b)
        return entry_approve(entry=entry, actor=people.magistrate, order_reference="ORD-2026-0042")

    return run
