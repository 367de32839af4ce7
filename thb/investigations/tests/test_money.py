"""Money and assets (issue 8 §4) on the generated investigation: flows, structuring, round trips, proceeds
estimates with their method, the asset register, the financial report and what it gives the case file."""

from __future__ import annotations

import io
from decimal import Decimal

import pytest
from django.test import override_settings
from django.urls import reverse
from pypdf import PdfReader

from thb.casefiles.document import build_document
from thb.casefiles.services import case_file_open
from thb.core.exceptions import ValidationFailedError
from thb.core.models import AuditEvent
from thb.core.roles import Role
from thb.core.tests.access_matrix import client_with_second_factor
from thb.core.tests.factories import UserFactory
from thb.investigations.assets import asset_add, suggestions
from thb.investigations.models import Asset, Entity
from thb.investigations.money import money_facts
from thb.investigations.proceeds import estimate
from thb.investigations.scenario import import_scenario

pytestmark = pytest.mark.django_db


@pytest.fixture
def loaded(investigation, investigator):
    import_scenario(investigation=investigation, actor=investigator)
    return investigation


@pytest.fixture
def facts(loaded):
    return money_facts(list(loaded.entities.all()))


def _named(facts, key):
    return facts.labels.get(key, key)


def test_transfers_kept_under_the_threshold_to_one_beneficiary_abroad_raise_one_alert(facts):
    assert len(facts.structuring) == 1
    alert = facts.structuring[0]
    assert (_named(facts, alert.payer), _named(facts, alert.beneficiary), alert.country) == (
        "Ion Popescu",
        "Elena Popescu",
        "ro",
    )
    assert [p.amount for p in alert.payments] == [Decimal(950), Decimal(980), Decimal(990), Decimal(960)]
    assert alert.total == Decimal(3880)


@override_settings(THB_STRUCTURING_MIN_COUNT=5)
def test_the_structuring_rule_is_configurable(facts, loaded):
    assert money_facts(list(loaded.entities.all())).structuring == []


def test_money_that_comes_back_is_a_round_trip(facts):
    assert len(facts.round_trips) == 1
    trip = facts.round_trips[0]
    assert [_named(facts, n) for n in trip.nodes] == ["Scaffold Build SRL", "Ion Popescu", "Vasile Rusu"]
    assert (trip.sent, trip.returned, trip.first, trip.last) == (9900.0, 3500.0, "2026-01-03", "2026-01-07")


def test_flows_by_country_and_month(facts):
    countries = {(f.source, f.target): f.total for f in facts.by_country}
    assert countries[("be", "ro")] == Decimal(2400) + Decimal(3880)
    assert countries[("be", "md")] == Decimal(900)
    assert facts.by_month == [("2026-01", facts.total_eur, len(facts.payments))]


def test_proceeds_methods_show_how_they_were_computed(facts):
    wages = estimate(
        "unpaid_wages", {"workers": "5", "days": "40", "daily_wage_due": "120", "wages_paid": "6000"}, facts
    )
    assert wages.amount == Decimal("18000.00")
    assert wages.explanation == "5 workers × 40 days × € 120.00 due per day − € 6,000.00 paid = € 18,000.00"
    charged = estimate("charges", {"victims": "5", "per_week": "50", "weeks": "12"}, facts)
    assert charged.amount == Decimal("3000.00")
    ion = next(
        k
        for k, v in facts.labels.items()
        if v == "Ion Popescu" and any(p.beneficiary == k for p in facts.payments)
    )
    received = estimate("inflows", {"suspects": [ion]}, facts)
    assert (
        received.amount == Decimal("9900.00")
        and "1 payments on record received by Ion Popescu" in received.explanation
    )
    with pytest.raises(ValidationFailedError):
        estimate(
            "unpaid_wages", {"workers": "0", "days": "1", "daily_wage_due": "1", "wages_paid": "0"}, facts
        )
    with pytest.raises(ValidationFailedError):
        estimate("charges", {"victims": "x"}, facts)


def test_the_register_suggests_what_the_records_show_and_refuses_a_seizure_without_reference(
    loaded, investigator
):
    offered = {(s.suspect.caption, s.entity.caption, s.kind) for s in suggestions(loaded)}
    assert ("Jean Lambert", "House, Rue Haute 5", "real_estate") in offered
    assert ("Vasile Rusu", "1ABC123", "vehicle") in offered
    assert ("Marc Dubois", "Clean Shine SRL", "business") in offered
    landlord = Entity.objects.get(investigation=loaded, caption="Jean Lambert")
    house = Entity.objects.get(investigation=loaded, caption="House, Rue Haute 5")
    with pytest.raises(ValidationFailedError, match="reference"):
        asset_add(
            investigation=loaded,
            actor=investigator,
            suspect=landlord,
            entity=house,
            kind="real_estate",
            description="House",
            seizure_status="seized",
        )
    asset_add(
        investigation=loaded,
        actor=investigator,
        suspect=landlord,
        entity=house,
        kind="real_estate",
        description="House, Rue Haute 5, Brussels",
        estimated_value_eur="385000",
        valuation_basis="Notary's estimate, 2026-02",
        seizure_status="seized",
        seizure_reference="PV BR.12.L3.004500/26",
        legal_reference="C. instr. crim., art. 35",
    )
    assert ("Jean Lambert", "House, Rue Haute 5", "real_estate") not in {
        (s.suspect.caption, s.entity.caption, s.kind) for s in suggestions(loaded)
    }


def test_the_pages_the_report_and_the_case_file(loaded, investigator, office):
    client = client_with_second_factor(investigator)
    landlord = Entity.objects.get(investigation=loaded, caption="Jean Lambert")
    assets_url = reverse("investigations:assets", args=[loaded.uuid])
    response = client.post(
        assets_url,
        {
            "suspect": landlord.entity_id,
            "kind": "real_estate",
            "description": "House, Rue Haute 5",
            "estimated_value_eur": "385000",
            "seizure_status": "seized",
            "seizure_reference": "",
            "confiscation_status": "requested",
            "legal_reference": "",
        },
    )
    assert response.status_code == 422 and "A seizure needs its reference" in response.content.decode()
    assert not Asset.objects.exists()
    response = client.post(
        assets_url,
        {
            "suspect": landlord.entity_id,
            "kind": "real_estate",
            "description": "House, Rue Haute 5",
            "estimated_value_eur": "385000",
            "seizure_status": "seized",
            "seizure_reference": "PV 4500/26",
            "confiscation_status": "requested",
            "legal_reference": "Sw. art. 43quater",
        },
    )
    assert response.status_code == 302
    asset = Asset.objects.get()
    edit = client.post(
        reverse("investigations:asset", args=[loaded.uuid, asset.uuid]),
        {
            "kind": "real_estate",
            "description": "House, Rue Haute 5",
            "estimated_value_eur": "390000",
            "seizure_status": "seized",
            "seizure_reference": "PV 4500/26",
            "confiscation_status": "ordered",
            "legal_reference": "Sw. art. 43quater",
        },
    )
    assert edit.status_code == 302
    change = AuditEvent.objects.get(action="investigations.asset_update")
    assert change.changes["confiscation_status"] == {"old": "requested", "new": "ordered"}
    money_url = reverse("investigations:money", args=[loaded.uuid])
    page = client.get(money_url).content.decode()
    assert "Ion Popescu → Elena Popescu" in page and "<svg" in page
    response = client.post(
        money_url,
        {
            "method": "unpaid_wages",
            "workers": "5",
            "days": "40",
            "daily_wage_due": "120",
            "wages_paid": "6000",
        },
    )
    assert response.status_code == 302
    assert client.post(money_url, {"method": "unpaid_wages", "workers": "5"}).status_code == 422
    pdf = client.get(reverse("investigations:financial-report", args=[loaded.uuid]))
    text = " ".join(
        " ".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf.content)).pages).split()
    )
    for expected in (
        "Financial-investigation report",
        "House, Rue Haute 5",
        "390,000.00",
        "Elena Popescu",
        "Round trip",
        "18,000.00",
    ):
        assert expected in text, expected
    # The police case file of the investigation shows the same facts, and the report as evidence.
    case_file = case_file_open(actor=investigator, title="Operation Scaffold", magistrate_office=office)
    loaded.case_file = case_file
    loaded.save()
    document = build_document(case_file)
    financial = next(s for s in document.sections if s.key == "financial")
    assert any("House, Rue Haute 5" in line and "€ 390,000.00" in line for line in financial.platform)
    assert any("estimated proceeds € 18,000.00" in line for line in financial.platform)
    links = next(s for s in document.sections if s.key == "links")
    assert any("supra-local network" in line for line in links.platform)
    evidence = next(s for s in document.sections if s.key == "evidence")
    assert any("Financial-investigation report" in " ".join(row) for row in evidence.table.rows)


def test_readers_read_and_only_the_owning_service_writes(loaded, magistrate):
    client = client_with_second_factor(magistrate)
    money_url = reverse("investigations:money", args=[loaded.uuid])
    page = client.get(money_url)
    assert page.status_code == 200 and "Compute and save" not in page.content.decode()
    assert (
        client.post(
            money_url, {"method": "charges", "victims": "1", "per_week": "1", "weeks": "1"}
        ).status_code
        == 404
    )
    stranger = UserFactory(role=Role.INVESTIGATOR)
    assert client_with_second_factor(stranger).get(money_url).status_code == 404
