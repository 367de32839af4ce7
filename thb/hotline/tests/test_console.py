"""The operator console (issue 3 §2): queue, contact page, logging calls, replies, supervision, access."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from django.utils import timezone

from thb.core.models import IdentityAccess, OrganisationKind
from thb.core.roles import Perm, Role
from thb.core.tests.access_matrix import assert_access_matrix, roles_with
from thb.core.tests.factories import OrganisationFactory, UserFactory
from thb.hotline.models import Contact, ContactStatus, MessageAuthor, OperatorLanguage, Shift
from thb.hotline.selectors import contact_queue_for
from thb.hotline.services.console import contact_claim, contact_log_call, contact_reply
from thb.hotline.services.public_reports import public_message_add, public_report_submit, public_thread

pytestmark = pytest.mark.django_db

TEXT = "Une femme dort dans la cuisine du restaurant et ne sort jamais seule."


@pytest.fixture
def hotline(db):
    return OrganisationFactory(slug="hotline", kind=OrganisationKind.HOTLINE)


@pytest.fixture
def operator(hotline):
    return UserFactory(username="op-ana", organisation=hotline, role=Role.OPERATOR)


def _contact_of(organisation) -> Contact:
    user = UserFactory(organisation=organisation, role=Role.OPERATOR)
    return contact_log_call(actor=user, signal_type="tip", narrative="A tip about a car wash.")


def test_a_contact_page_is_for_the_hotlines_operators_only():
    assert_access_matrix(
        lambda org: f"/en/staff/hotline/contacts/{_contact_of(org).uuid}/",
        allowed_roles=roles_with(Perm.HANDLE_CONTACTS),
        owner_kind=OrganisationKind.HOTLINE,
    )


def test_the_queue_and_log_call_pages_are_for_operators_only(signed_in, make_user, hotline):
    for role in Role.values:
        client = signed_in(make_user(role=role, organisation=hotline))
        expected = 200 if role in roles_with(Perm.HANDLE_CONTACTS) else 404
        assert client.get("/en/staff/hotline/").status_code == expected, role
        assert client.get("/en/staff/hotline/log-call/").status_code == expected, role


def test_the_queue_shows_only_the_users_own_organisations_contacts(signed_in, operator, hotline):
    public_report_submit(text=TEXT)
    other_hotline = OrganisationFactory(kind=OrganisationKind.HOTLINE)
    stranger = UserFactory(organisation=other_hotline, role=Role.OPERATOR)
    reference = Contact.objects.get().reference
    assert reference in signed_in(operator).get("/en/staff/hotline/").content.decode()
    assert reference not in signed_in(stranger).get("/en/staff/hotline/").content.decode()


def test_a_non_data_call_is_logged_with_one_button(signed_in, operator):
    client = signed_in(operator)
    response = client.post("/en/staff/hotline/log-call/", {"form": "non_data", "non_data_kind": "hang_up"})
    assert response.status_code == 302
    contact = Contact.objects.get()
    assert (contact.signal_type, contact.non_data_kind, contact.status) == ("non_data", "hang_up", "closed")
    assert contact.claimed_by == operator


def test_a_call_is_logged_on_one_page_and_its_place_resolved(signed_in, operator, reference_data):
    client = signed_in(operator)
    response = client.post(
        "/en/staff/hotline/log-call/",
        {
            "form": "call",
            "signal_type": "crisis",
            "channel": "phone",
            "language": "ro",
            "sector": "construction",
            "exploitation": ["labour"],
            "postcode": "4000",
            "victims_count": "3",
            "minors_count": "1",
            "immediate_danger": "on",
            "narrative": "Three workers locked in a container.",
        },
    )
    assert response.status_code == 302
    contact = Contact.objects.get()
    assert contact.judicial_district.code == "liege" and contact.region == "wallonia"
    assert contact.urgent and contact.exploitation == ["labour"]
    assert response["Location"] == f"/en/staff/hotline/contacts/{contact.uuid}/"


def test_a_call_with_more_minors_than_victims_is_refused_and_nothing_written(signed_in, operator):
    response = signed_in(operator).post(
        "/en/staff/hotline/log-call/",
        {"form": "call", "signal_type": "tip", "channel": "phone", "victims_count": "1", "minors_count": "2"},
    )
    assert response.status_code == 422
    assert "more minors" in response.content.decode()
    assert Contact.objects.count() == 0


def test_reading_a_contact_is_an_audited_read_of_its_narrative_and_caller(signed_in, operator, hotline):
    contact = public_report_submit(text=TEXT).contact
    html = signed_in(operator).get(f"/en/staff/hotline/contacts/{contact.uuid}/").content.decode()
    assert TEXT in html
    access = IdentityAccess.objects.get(object_uuid=contact.uuid)
    assert access.actor == operator and set(access.fields) == {
        "narrative",
        "caller_name",
        "caller_phone",
        "messages",
    }


def test_the_operator_answers_and_the_reporter_reads_it_with_the_receipt(signed_in, operator, hotline):
    submitted = public_report_submit(text=TEXT)
    client = signed_in(operator)
    client.post(f"/en/staff/hotline/contacts/{submitted.contact.uuid}/claim/")
    client.post(
        f"/en/staff/hotline/contacts/{submitted.contact.uuid}/reply/",
        {"text": "Bonjour, nous pouvons vous aider. Pouvez-vous nous appeler ?"},
    )

    thread = public_thread(receipt=submitted.receipt)
    assert thread.status == "in_progress"
    assert [m.author for m in thread.messages] == [MessageAuthor.REPORTER, MessageAuthor.HOTLINE]
    contact = Contact.objects.get()
    assert contact.status == ContactStatus.WAITING and contact.awaiting_hotline_since is None
    assert contact_queue_for(user=operator) == []


def test_a_reporters_new_message_puts_the_contact_back_in_the_queue(operator, hotline):
    submitted = public_report_submit(text=TEXT)
    contact_reply(contact=submitted.contact, actor=operator, text="We read you.")
    public_message_add(receipt=submitted.receipt, text="Il y a aussi un enfant.")

    [item] = contact_queue_for(user=operator)
    assert item.reason == "reporter_message"


def test_the_queue_puts_urgent_first_then_the_longest_waiting(operator, hotline):
    older = public_report_submit(text=TEXT).contact
    Contact.objects.filter(pk=older.pk).update(awaiting_hotline_since=timezone.now() - dt.timedelta(hours=2))
    urgent = public_report_submit(text=TEXT, immediate_danger=True).contact
    newer = public_report_submit(text=TEXT).contact
    assert [i.contact.pk for i in contact_queue_for(user=operator)] == [urgent.pk, older.pk, newer.pk]


def test_the_queue_names_who_on_duty_speaks_the_contacts_language(operator, hotline):
    colleague = UserFactory(username="op-radu", organisation=hotline, role=Role.OPERATOR)
    off_duty = UserFactory(username="op-ioana", organisation=hotline, role=Role.OPERATOR)
    for user in (colleague, off_duty):
        OperatorLanguage.objects.create(user=user, language="ro")
    now = timezone.now()
    Shift.objects.create(
        organisation=hotline,
        user=colleague,
        starts_at=now - dt.timedelta(hours=1),
        ends_at=now + dt.timedelta(hours=1),
    )
    public_report_submit(text=TEXT, language="ro")
    [item] = contact_queue_for(user=operator)
    assert item.speakers_on_duty == ("op-radu",)


def test_a_claimed_contact_cannot_be_claimed_by_another_operator_but_a_supervisor_takes_over(
    signed_in, operator, hotline
):
    contact = public_report_submit(text=TEXT).contact
    contact_claim(contact=contact, actor=operator)
    other = UserFactory(organisation=hotline, role=Role.OPERATOR)
    signed_in(other).post(f"/en/staff/hotline/contacts/{contact.uuid}/claim/")
    assert Contact.objects.get().claimed_by == operator
    supervisor = UserFactory(organisation=hotline, role=Role.SUPERVISOR)
    signed_in(supervisor).post(f"/en/staff/hotline/contacts/{contact.uuid}/claim/", {"take_over": "1"})
    assert Contact.objects.get().claimed_by == supervisor


def test_closing_needs_an_outcome_and_is_audited(signed_in, operator, hotline):
    from thb.core.models import AuditEvent

    contact = public_report_submit(text=TEXT).contact
    client = signed_in(operator)
    client.post(f"/en/staff/hotline/contacts/{contact.uuid}/close/", {"outcome": ""})
    assert Contact.objects.get().status != ContactStatus.CLOSED
    client.post(f"/en/staff/hotline/contacts/{contact.uuid}/close/", {"outcome": "referred"})
    assert Contact.objects.get().status == ContactStatus.CLOSED
    event = AuditEvent.objects.get(action="contact.close")
    assert event.changes == {"outcome": {"old": None, "new": "referred"}}


def test_an_update_audits_the_narrative_as_changed_without_its_text(operator, hotline):
    from thb.core.models import AuditEvent
    from thb.hotline.services.console import contact_update

    contact = contact_log_call(actor=operator, signal_type="tip", narrative="first")
    contact_update(
        contact=contact, actor=operator, narrative="The secret address is Rue X 12.", sector="cleaning"
    )
    event = AuditEvent.objects.get(action="contact.update")
    assert event.changes["narrative"] == "[secret]"
    assert "Rue X" not in json.dumps(event.changes)
    assert event.changes["sector"] == {"old": "", "new": "cleaning"}


def test_supervision_shows_queue_ages_and_operator_loads(signed_in, operator, hotline):
    contact = public_report_submit(text=TEXT).contact
    contact_claim(contact=contact, actor=operator)
    public_report_submit(text=TEXT)
    supervisor = UserFactory(organisation=hotline, role=Role.SUPERVISOR)
    html = signed_in(supervisor).get("/en/staff/hotline/supervision/").content.decode()
    assert "op-ana" in html
    assert signed_in(operator).get("/en/staff/hotline/supervision/").status_code == 404


def test_the_operator_corrects_a_contact_and_the_change_is_audited(signed_in, operator, reference_data):
    from thb.core.models import AuditEvent

    contact = contact_log_call(actor=operator, signal_type="tip", narrative="first version")
    client = signed_in(operator)
    assert client.get(f"/en/staff/hotline/contacts/{contact.uuid}/edit/").status_code == 200
    response = client.post(
        f"/en/staff/hotline/contacts/{contact.uuid}/edit/",
        {
            "signal_type": "crisis",
            "postcode": "9000",
            "caller_name": "Ana Pavel",
            "narrative": "second version",
        },
    )
    assert response.status_code == 302
    contact.refresh_from_db()
    assert (contact.signal_type, contact.region, contact.caller_name) == ("crisis", "flanders", "Ana Pavel")
    event = AuditEvent.objects.filter(action="contact.update").get()
    assert event.changes["narrative"] == "[secret]" and event.changes["caller_name"] == "[secret]"
    assert event.changes["signal_type"] == {"old": "tip", "new": "crisis"}


def test_an_invalid_correction_is_refused_on_its_field_and_nothing_changes(signed_in, operator):
    contact = contact_log_call(actor=operator, signal_type="tip")
    response = signed_in(operator).post(
        f"/en/staff/hotline/contacts/{contact.uuid}/edit/", {"signal_type": "tip", "caller_phone": "12"}
    )
    assert response.status_code == 422
    contact.refresh_from_db()
    assert contact.caller_phone == ""


def test_two_contacts_about_the_same_situation_are_linked_both_ways(signed_in, operator, hotline):
    call = contact_log_call(actor=operator, signal_type="tip")
    report = public_report_submit(text=TEXT).contact
    client = signed_in(operator)
    client.post(f"/en/staff/hotline/contacts/{call.uuid}/link/", {"reference": report.reference.lower()})
    assert list(call.linked_contacts.all()) == [report]
    assert list(report.linked_contacts.all()) == [call]
    stranger_contact = _contact_of(OrganisationFactory(kind=OrganisationKind.HOTLINE))
    client.post(f"/en/staff/hotline/contacts/{call.uuid}/link/", {"reference": stranger_contact.reference})
    assert list(call.linked_contacts.all()) == [report]


def test_the_knowledge_base_shows_each_article_in_the_operators_language_or_english(
    signed_in, operator, hotline
):
    from thb.hotline.models import KnowledgeArticle

    for language, title in (("en", "When to call 112"), ("fr", "Quand appeler le 112")):
        KnowledgeArticle.objects.create(
            organisation=hotline,
            slug="emergency",
            language=language,
            title=title,
            body="Immediate danger: call 112.",
            is_call_script=True,
        )
    KnowledgeArticle.objects.create(
        organisation=hotline,
        slug="victim-procedure",
        language="en",
        title="Explaining the victim procedure",
        body="Reflection period: 45 days.",
    )
    KnowledgeArticle.objects.create(
        organisation=OrganisationFactory(),
        slug="other",
        language="fr",
        title="Article of another organisation",
        body="…",
    )
    html = signed_in(operator).get("/en/staff/hotline/knowledge/?language=fr").content.decode()
    assert "Quand appeler le 112" in html and "When to call 112" not in html
    assert "Explaining the victim procedure" in html  # English fallback
    assert "Article of another organisation" not in html
    article = signed_in(operator).get("/en/staff/hotline/knowledge/?language=fr&article=victim-procedure")
    assert "Reflection period: 45 days." in article.content.decode()


def test_the_interpreter_directory_lists_services_by_language(signed_in, operator):
    OrganisationFactory(
        slug="interpreters-ro",
        kind=OrganisationKind.INTERPRETER_SERVICE,
        languages=["ro", "bg"],
        name_en="Romanian interpreters",
    )
    OrganisationFactory(
        slug="interpreters-ar",
        kind=OrganisationKind.INTERPRETER_SERVICE,
        languages=["ar"],
        name_en="Arabic interpreters",
    )
    html = signed_in(operator).get("/en/staff/hotline/interpreters/?language=ro").content.decode()
    assert "Romanian interpreters" in html and "Arabic interpreters" not in html


def test_supervisors_edit_shifts_and_languages_of_their_own_operators_in_the_admin(
    signed_in, operator, hotline
):
    supervisor = UserFactory(organisation=hotline, role=Role.SUPERVISOR)
    OperatorLanguage.objects.create(user=operator, language="ro")
    stranger = UserFactory(
        organisation=OrganisationFactory(kind=OrganisationKind.HOTLINE), role=Role.OPERATOR
    )
    OperatorLanguage.objects.create(user=stranger, language="ar")
    client = signed_in(supervisor)
    listing = client.get("/en/admin/hotline/operatorlanguage/").content.decode()
    assert operator.username in listing and stranger.username not in listing
    assert client.get("/en/admin/hotline/shift/").status_code == 200
    assert signed_in(operator).get("/en/admin/hotline/shift/").status_code in {302, 403, 404}


def test_the_short_checklist_is_recorded_from_the_call_form_and_shown_on_the_contact(signed_in, operator):
    client = signed_in(operator)
    response = client.post(
        "/en/staff/hotline/log-call/",
        {
            "form": "call",
            "signal_type": "tip",
            "channel": "phone",
            "indicators": ["documents_taken", "confined"],
            "exploitation": ["labour"],
            "sector": "construction",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    contact = Contact.objects.get()
    assert contact.indicators == ["confined", "documents_taken"]
    page = client.get(response["Location"]).content.decode()
    for shown in (
        "Identity documents taken away",
        "Cannot leave freely",
        "Labour exploitation",
        "Construction",
    ):
        assert shown in page
