"""Children's travel documents (issue 9 §3): events recorded with pseudonyms, the rules on generated data
(three planted patterns alert, ordinary families, siblings and a declared school trip do not), alerts
through the dispatch procedure, the rules page, the directive, and the access matrix."""

from __future__ import annotations

import datetime
import json

import pytest
from django.urls import reverse
from django.utils import timezone

from thb.childprotection.models import AlertStatus, DetectionRule, TravelAlert, TravelDocumentEvent
from thb.childprotection.scenario import generate, national_number
from thb.childprotection.services import alert_send, rule_update, travel_event_record
from thb.core.exceptions import PermissionDeniedError, ValidationFailedError
from thb.core.models import AuditEvent, Organisation, OrganisationKind
from thb.core.roles import Role
from thb.core.tests.access_matrix import assert_access_matrix, client_with_second_factor
from thb.core.tests.factories import OrganisationFactory, UserFactory
from thb.dispatch.models import Referral
from thb.dispatch.services.procedures import procedure_install_default

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()
CHILD = national_number(TODAY.replace(year=TODAY.year - 9) - datetime.timedelta(days=30), 11)
PARENT = national_number(datetime.date(1985, 4, 2), 12)
ADULT = national_number(datetime.date(1990, 1, 15), 13)


@pytest.fixture
def clerk(demo_directory):
    return UserFactory(
        organisation=Organisation.objects.get(slug="civil-registry-brussels"), role=Role.REGISTRY_CLERK
    )


@pytest.fixture
def procedure(demo_directory):
    version, _ = procedure_install_default()
    return version


def _data(**overrides):
    data = {
        "kind": "passport",
        "occurred_on": TODAY,
        "postcode": "1000",
        "child_number": CHILD,
        "parent_numbers": [PARENT, ""],
        "street": "Rue Haute",
        "house_number": "12",
        "box": "",
        "address_postcode": "1000",
        "adult_number": ADULT,
        "adult_relation": "other",
        "purpose": "not_said",
        "purpose_reference": "",
        "destination": "gb",
    }
    data.update(overrides)
    return data


def _two_losses(clerk):
    """Two declarations of loss for the same child, 37 days apart: the repeated-loss pattern."""
    for offset in (40, 3):
        travel_event_record(
            actor=clerk,
            data=_data(
                kind="loss_declaration",
                occurred_on=TODAY - datetime.timedelta(days=offset),
                adult_number="",
                adult_relation="",
            ),
        )


def test_an_event_keeps_pseudonyms_only_and_is_audited(clerk):
    recorded = travel_event_record(actor=clerk, data=_data())

    event = TravelDocumentEvent.objects.get()
    assert recorded.event == event and recorded.alerts == []
    assert event.child_age == 9
    assert event.destination == "GB"
    assert len(event.child_ref) == 32 and len(event.adult_ref) == 32 and len(event.address_ref) == 32
    stored = json.dumps(list(TravelDocumentEvent.objects.values()), default=str) + json.dumps(
        list(AuditEvent.objects.values("changes")), default=str
    )
    for secret in (CHILD, PARENT, ADULT, "Rue Haute", "rue haute"):
        assert secret not in stored
    assert AuditEvent.objects.filter(action="childprotection.event", object_uuid=event.uuid).exists()


def test_the_same_address_however_typed_gives_the_same_pseudonym(clerk):
    first = travel_event_record(actor=clerk, data=_data()).event
    second = travel_event_record(
        actor=clerk, data=_data(street=" RUE  haute ", house_number="12", child_number=CHILD)
    ).event

    assert first.address_ref == second.address_ref
    other_box = travel_event_record(actor=clerk, data=_data(box="3B")).event
    assert other_box.address_ref != first.address_ref


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"child_number": "12345678901"}, "child_number"),
        ({"child_number": national_number(datetime.date(2001, 5, 5), 3)}, "child_number"),  # an adult
        ({"adult_number": national_number(TODAY - datetime.timedelta(days=365 * 15), 4)}, "adult_number"),
        ({"kind": "travel_authorisation", "adult_number": "", "adult_relation": ""}, "adult_number"),
        ({"adult_relation": ""}, "adult_relation"),
        ({"purpose": "school_trip", "purpose_reference": " "}, "purpose_reference"),
        ({"occurred_on": TODAY + datetime.timedelta(days=1)}, "occurred_on"),
        ({"postcode": "0999"}, "postcode"),
        ({"street": ""}, "address"),
        ({"destination": "Spain"}, "destination"),
        ({"kind": "visa"}, "kind"),
    ],
)
def test_bad_events_are_refused_and_nothing_is_written(clerk, overrides, field):
    with pytest.raises(ValidationFailedError) as caught:
        travel_event_record(actor=clerk, data=_data(**overrides))

    assert caught.value.field == field
    assert not TravelDocumentEvent.objects.exists()
    assert not AuditEvent.objects.filter(action__startswith="childprotection").exists()


def test_only_a_civil_registrys_clerks_record(demo_directory):
    with pytest.raises(PermissionDeniedError):
        travel_event_record(actor=UserFactory(role=Role.OPERATOR), data=_data())
    stray_clerk = UserFactory(
        role=Role.REGISTRY_CLERK, organisation=OrganisationFactory(kind=OrganisationKind.NGO)
    )
    with pytest.raises(PermissionDeniedError):
        travel_event_record(actor=stray_clerk, data=_data())


def test_generated_data_alerts_exactly_on_the_three_planted_patterns(clerk, procedure):
    scenario = generate(families=40, today=TODAY)

    raised = []
    for data in scenario.events:
        raised += travel_event_record(actor=clerk, data=data).alerts

    alerts = TravelAlert.objects.all()
    assert sorted(alert.rule for alert in alerts) == sorted(rule for rule, _what in scenario.expected)
    assert len({alert.pk for alert in raised}) == 3
    assert len(scenario.events) > 100
    assert all(alert.status == AlertStatus.SENT for alert in alerts)
    same_adult = alerts.get(rule="same_adult_unrelated_minors")
    assert same_adult.explanation == {"count": 3, "children": 3, "window_days": 90, "threshold": 3}
    assert same_adult.events.count() == 3


def test_an_alert_goes_through_the_procedure_to_child_protection_and_the_police(clerk, procedure):
    for index in range(3):
        child = national_number(TODAY - datetime.timedelta(days=365 * (5 + index)), 100 + index)
        parent = national_number(datetime.date(1980, 1, 1 + index), 200 + index)
        recorded = travel_event_record(
            actor=clerk,
            data=_data(
                child_number=child,
                parent_numbers=[parent],
                kind="travel_authorisation",
                house_number=str(index),
            ),
        )

    alert = recorded.alerts[0]
    assert alert.status == AlertStatus.SENT
    contact = alert.contact
    assert contact.organisation.slug == "civil-registry-brussels"
    assert contact.channel == "civil_registry"
    assert contact.minor_involved is True and contact.minors_count == 3
    assert contact.judicial_district.code == "brussels"
    assert "The same adult accompanied 3 minors of 3 different families" in contact.narrative
    for secret in (ADULT, CHILD):
        assert secret not in contact.narrative
    referrals = {
        (r.partner_kind, r.organisation.slug, r.legal_basis) for r in Referral.objects.filter(contact=contact)
    }
    assert ("child_protection", "child-focus", "minor") in referrals
    assert ("police_federal_thb", "fjp-thb-brussels", "minor") in referrals
    assert all(r.status == "sent" for r in Referral.objects.filter(contact=contact))


def test_a_pattern_that_continues_extends_its_alert_instead_of_raising_another(clerk, procedure):
    for index in range(5):
        child = national_number(TODAY - datetime.timedelta(days=365 * (4 + index)), 300 + index)
        parent = national_number(datetime.date(1981, 2, 1 + index), 400 + index)
        travel_event_record(
            actor=clerk, data=_data(child_number=child, parent_numbers=[parent], house_number=str(index))
        )

    alert = TravelAlert.objects.get()
    assert alert.explanation["count"] == 5
    assert alert.events.count() == 5
    assert Referral.objects.filter(contact=alert.contact).count() >= 2  # sent once, not three times


def test_without_an_active_procedure_the_alert_waits_and_is_sent_later(clerk, demo_directory):
    _two_losses(clerk)
    alert = TravelAlert.objects.get()
    assert alert.status == AlertStatus.NOT_SENT
    assert TravelDocumentEvent.objects.count() == 2  # the events are kept

    procedure_install_default()
    alert_send(alert=alert, actor=clerk)

    alert.refresh_from_db()
    assert alert.status == AlertStatus.SENT
    assert Referral.objects.filter(contact=alert.contact, partner_kind="child_protection").exists()
    with pytest.raises(ValidationFailedError):
        alert_send(alert=alert, actor=clerk)


def test_the_coordination_cell_sets_the_rules_and_a_switched_off_rule_does_not_alert(clerk, procedure):
    coordinator = UserFactory(
        role=Role.COORDINATOR, organisation=OrganisationFactory(kind=OrganisationKind.COORDINATION_CELL)
    )
    with pytest.raises(ValidationFailedError):
        rule_update(actor=coordinator, key="repeated_loss", enabled=True, window_days=365, threshold=1)
    with pytest.raises(PermissionDeniedError):
        rule_update(actor=clerk, key="repeated_loss", enabled=False, window_days=365, threshold=2)
    rule_update(actor=coordinator, key="repeated_loss", enabled=False, window_days=365, threshold=2)

    _two_losses(clerk)

    assert not TravelAlert.objects.exists()
    assert DetectionRule.objects.get(key="repeated_loss").enabled is False
    event = AuditEvent.objects.get(action="childprotection.rule_update")
    assert event.changes["enabled"] == {"old": True, "new": False}


def test_the_pages_record_an_event_show_the_alert_and_the_directive(clerk, procedure):
    client = client_with_second_factor(clerk)
    page = client.post(reverse("childprotection:event-new"), {**_data(), "occurred_on": "2026-13-01"})
    assert page.status_code == 200 or page.status_code == 422
    assert not TravelDocumentEvent.objects.exists()
    for index in range(3):
        child = national_number(TODAY - datetime.timedelta(days=365 * (6 + index)), 500 + index)
        parent = national_number(datetime.date(1982, 3, 1 + index), 600 + index)
        form = {
            **_data(child_number=child, house_number=str(index)),
            "occurred_on": TODAY.isoformat(),
            "parent_number_1": parent,
            "parent_number_2": "",
        }
        response = client.post(reverse("childprotection:event-new"), form)
        assert response.status_code == 302
    alert = TravelAlert.objects.get()
    assert response["Location"] == reverse("childprotection:alert", args=[alert.uuid])
    page = client.get(response["Location"]).content.decode()
    assert "The same adult accompanied 3 minors of 3 different families" in page
    assert "Child Focus" in page
    home = client.get(reverse("childprotection:home")).content.decode()
    assert "One adult accompanying several unrelated minors" in home
    for language, words in [
        ("fr", "état civil"),
        ("nl", "burgerlijke stand"),
        ("de", "Standesamt"),
        ("en", "civil registry"),
    ]:
        directive = client.get(f"/{language}/staff/childprotection/directive/").content.decode()
        assert words in directive
        assert "90" in directive  # the current period of the first rule


def test_access_matrix(clerk, procedure):
    for index in range(3):
        child = national_number(TODAY - datetime.timedelta(days=365 * (6 + index)), 700 + index)
        travel_event_record(
            actor=clerk,
            data=_data(
                child_number=child,
                parent_numbers=[national_number(datetime.date(1983, 1, 1 + index), 800 + index)],
                house_number=str(index),
            ),
        )
    alert = TravelAlert.objects.get()
    registry = clerk.organisation
    assert_access_matrix(
        reverse("childprotection:event-new"),
        allowed_roles=[Role.REGISTRY_CLERK],
        owner_kind="civil_registry",
        cross_organisation=False,
    )
    assert_access_matrix(
        reverse("childprotection:alert", args=[alert.uuid]),
        allowed_roles=[Role.REGISTRY_CLERK],
        owner=registry,
    )
    assert_access_matrix(
        reverse("childprotection:rules"), allowed_roles=[Role.COORDINATOR], cross_organisation=False
    )
    assert_access_matrix(
        reverse("childprotection:home"),
        allowed_roles=[Role.REGISTRY_CLERK, Role.COORDINATOR],
        cross_organisation=False,
    )
    # the directive is for every staff member who may meet it (no personal data)
    assert_access_matrix(
        reverse("childprotection:directive"), allowed_roles=Role.values, cross_organisation=False
    )
