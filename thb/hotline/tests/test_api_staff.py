"""Staff API of the hotline (api_staff.py): the console's work through the API, with the same rules."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from thb.core.models import IdentityAccess, OrganisationKind
from thb.core.roles import Perm, Role
from thb.core.tests.access_matrix import assert_access_matrix, roles_with
from thb.core.tests.factories import OrganisationFactory, UserFactory
from thb.hotline.models import Contact, ContactStatus, OperatorLanguage, Shift
from thb.hotline.services.console import contact_log_call
from thb.hotline.services.public_reports import public_report_submit, public_thread

pytestmark = pytest.mark.django_db


@pytest.fixture
def hotline(db):
    return OrganisationFactory(slug="hotline", kind=OrganisationKind.HOTLINE)


@pytest.fixture
def operator(hotline):
    return UserFactory(username="op-api", organisation=hotline, role=Role.OPERATOR)


@pytest.fixture
def api(operator, signed_in):
    return signed_in(operator)


def _contact_of(organisation) -> Contact:
    user = UserFactory(organisation=organisation, role=Role.OPERATOR)
    return contact_log_call(actor=user, signal_type="tip", narrative="A tip about a car wash in Mons.")


def test_a_contact_is_for_its_hotlines_operators_only_by_token_too():
    assert_access_matrix(
        lambda org: f"/api/v1/hotline/contacts/{_contact_of(org).uuid}",
        allowed_roles=roles_with(Perm.HANDLE_CONTACTS),
        owner_kind=OrganisationKind.HOTLINE,
        api=True,
    )


def test_changing_a_contact_is_for_its_hotlines_operators_only():
    assert_access_matrix(
        lambda org: f"/api/v1/hotline/contacts/{_contact_of(org).uuid}",
        method="patch",
        data={"sector": "car_wash"},
        allowed_roles=roles_with(Perm.HANDLE_CONTACTS),
        owner_kind=OrganisationKind.HOTLINE,
        api=True,
    )


def test_the_queue_and_search_are_refused_to_other_roles_and_show_only_the_own_hotline(hotline, signed_in):
    mine = _contact_of(hotline)
    outcomes = assert_access_matrix(
        "/api/v1/hotline/contacts",
        allowed_roles=roles_with(Perm.HANDLE_CONTACTS),
        owner=hotline,
        api=True,
        cross_organisation=False,
    )
    assert outcomes["caseworker"] == 403
    stranger = UserFactory(
        organisation=OrganisationFactory(kind=OrganisationKind.HOTLINE), role=Role.OPERATOR
    )
    assert signed_in(stranger).get("/api/v1/hotline/contacts").json() == []
    own = signed_in(UserFactory(organisation=hotline, role=Role.OPERATOR)).get("/api/v1/hotline/contacts")
    assert [c["uuid"] for c in own.json()] == [str(mine.uuid)]


def test_an_operator_logs_a_call_and_reads_it_back_and_the_read_is_audited(api, operator, reference_data):
    response = api.post(
        "/api/v1/hotline/contacts",
        {
            "signal_type": "tip",
            "language": "ro",
            "caller_phone": "0470 12 34 56",
            "sector": "agriculture",
            "exploitation": ["labour"],
            "indicators": ["documents_taken", "debt"],
            "postcode": "9000",
            "narrative": "Workers on a farm near Gent had their passports taken.",
        },
        content_type="application/json",
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["channel"] == "phone" and body["status"] == "open" and body["claimed_by"] == operator.username
    assert body["caller_phone"] == "+32470123456" and body["judicial_district"] is not None
    assert body["region"] == "flanders" and body["indicators"] == ["debt", "documents_taken"]
    again = api.get(f"/api/v1/hotline/contacts/{body['uuid']}").json()
    assert again["narrative"].startswith("Workers on a farm")
    assert IdentityAccess.objects.filter(actor=operator, object_uuid=body["uuid"]).count() == 2


def test_bad_input_gets_field_errors_and_writes_nothing(api):
    cases = [
        ({"signal_type": "rumour"}, "signal_type"),
        ({"signal_type": "tip", "postcode": "0999"}, "postcode"),
        ({"signal_type": "tip", "caller_phone": "12"}, "caller_phone"),
        ({"signal_type": "tip", "indicators": ["vibes"]}, "indicators"),
        ({"signal_type": "tip", "victims_count": 1, "minors_count": 2}, "minors_count"),
        ({"signal_type": "non_data"}, "non_data_kind"),
        ({"signal_type": "tip", "channel": "web"}, "channel"),
        ({"signal_type": "tip", "interpreter_service": "00000000-0000-0000-0000-000000000000"}, None),
        ({"signal_type": "tip", "unknown": 1}, "unknown"),
    ]
    for payload, field in cases:
        response = api.post("/api/v1/hotline/contacts", payload, content_type="application/json")
        assert response.status_code == 422, (payload, response.content)
        body = response.json()
        assert body["error"] in {"invalid", "validation_failed"}
        if field:
            assert any(field in [str(p) for p in e["loc"]] for e in body["detail"]), (payload, body)
    assert Contact.objects.count() == 0


def test_a_patch_changes_only_what_it_names(api, operator):
    contact = contact_log_call(actor=operator, signal_type="tip", sector="cleaning", narrative="Cleaners.")
    response = api.patch(
        f"/api/v1/hotline/contacts/{contact.uuid}",
        {"exploitation": ["labour", "domestic_servitude"], "immediate_danger": True},
        content_type="application/json",
    )
    assert response.status_code == 200, response.content
    contact.refresh_from_db()
    assert contact.sector == "cleaning" and contact.narrative == "Cleaners."
    assert contact.exploitation == ["domestic_servitude", "labour"] and contact.urgent is True


def test_the_queue_shows_a_web_report_with_who_on_duty_speaks_its_language(api, operator, hotline, settings):
    settings.THB_HOTLINE_ORGANISATION = "hotline"
    submitted = public_report_submit(text="Lucrez 16 ore pe zi și nu sunt plătit.", language="ro")
    OperatorLanguage.objects.create(user=operator, language="ro")
    now = timezone.now()
    Shift.objects.create(
        organisation=hotline,
        user=operator,
        starts_at=now - timedelta(hours=1),
        ends_at=now + timedelta(hours=1),
    )
    items = api.get("/api/v1/hotline/queue").json()
    assert [(i["contact"]["uuid"], i["reason"]) for i in items] == [
        (str(submitted.contact.uuid), "new_report")
    ]
    assert items[0]["speakers_on_duty"] == [operator.username]


def test_claim_reply_link_and_close_through_the_api(api, operator, hotline, settings):
    settings.THB_HOTLINE_ORGANISATION = "hotline"
    submitted = public_report_submit(text="Someone keeps my sister's passport in Liège.", language="en")
    call = contact_log_call(actor=operator, signal_type="tip", narrative="Call about the same sister.")
    base = f"/api/v1/hotline/contacts/{submitted.contact.uuid}"
    assert (
        api.post(f"{base}/claim", {}, content_type="application/json").json()["claimed_by"]
        == operator.username
    )
    reply = api.post(
        f"{base}/replies", {"text": "Thank you. Is she safe now?"}, content_type="application/json"
    )
    assert reply.status_code == 201 and reply.json()["from"] == "hotline"
    assert public_thread(receipt=submitted.receipt).messages[-1].text == "Thank you. Is she safe now?"
    linked = api.post(f"{base}/links", {"reference": call.reference.lower()}, content_type="application/json")
    assert linked.status_code == 200
    assert api.get(base).json()["linked_contacts"] == [call.reference]
    missing = api.post(f"{base}/links", {"reference": "X00-0000-0000"}, content_type="application/json")
    assert missing.status_code == 422 and missing.json()["detail"][0]["loc"][-1] == "reference"
    closed = api.post(f"{base}/close", {"outcome": "referred"}, content_type="application/json")
    assert closed.json()["status"] == ContactStatus.CLOSED and closed.json()["outcome"] == "referred"


def test_a_call_has_no_anonymous_thread_to_answer(api, operator):
    call = contact_log_call(actor=operator, signal_type="tip")
    response = api.post(
        f"/api/v1/hotline/contacts/{call.uuid}/replies", {"text": "Hello"}, content_type="application/json"
    )
    assert response.status_code == 422 and response.json()["error"] == "no_thread"


def test_another_operators_contact_cannot_be_claimed_without_taking_over(api, operator, hotline, signed_in):
    other = UserFactory(organisation=hotline, role=Role.OPERATOR)
    contact = contact_log_call(actor=other, signal_type="tip")
    refused = api.post(f"/api/v1/hotline/contacts/{contact.uuid}/claim", {}, content_type="application/json")
    assert refused.status_code == 422 and refused.json()["error"] == "claimed"
    supervisor = signed_in(UserFactory(organisation=hotline, role=Role.SUPERVISOR))
    taken = supervisor.post(
        f"/api/v1/hotline/contacts/{contact.uuid}/claim", {"take_over": True}, content_type="application/json"
    )
    assert taken.status_code == 200 and taken.json()["claimed_by"] != other.username


def test_search_by_words_of_the_narrative_through_the_api(api, operator):
    wanted = contact_log_call(actor=operator, signal_type="tip", narrative="Nail salon in Charleroi, no pay.")
    contact_log_call(actor=operator, signal_type="tip", narrative="A question about a residence card.")
    found = api.get("/api/v1/hotline/contacts", {"q": "salon charleroi"}).json()
    assert [c["reference"] for c in found] == [wanted.reference]
    assert "narrative" not in found[0]  # lists never carry the encrypted text
