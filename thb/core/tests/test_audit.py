"""The audit trail (issue 2 §5; DESIGN.md §3.1, §4): append-only at every level, written by services in the
same transaction as the change, searchable and exportable by auditors only, on the page and in the API."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import uuid
from collections.abc import Callable
from zoneinfo import ZoneInfo

import pytest
from django.db import DatabaseError, connection, transaction
from django.test import Client
from hypothesis import given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from thb.core.audit import SECRET_PLACEHOLDER, diff, record_change, record_identity_access, snapshot
from thb.core.exceptions import AuditImmutableError
from thb.core.models import AccessPurpose, AuditEvent, IdentityAccess, Organisation, OrganisationKind
from thb.core.request_context import current_request_id
from thb.core.roles import Perm, Role
from thb.core.services import organisation_save, user_save
from thb.core.tests.access_matrix import assert_access_matrix, roles_with
from thb.core.tests.encryption_app.models import SecretNote
from thb.core.tests.factories import TEST_PASSWORD, AuditEventFactory, OrganisationFactory, UserFactory
from thb.core.tokens import api_token_create

BRUSSELS = ZoneInfo("Europe/Brussels")
NEW_PASSWORD = "Kx7-violet-harbour-lantern"


def access_row(actor=None, **kwargs) -> IdentityAccess:
    values = {"object_type": "victims.case", "object_uuid": uuid.uuid4(), "fields": ["identity"], **kwargs}
    if actor is not None:
        values.update(actor=actor, actor_username=actor.username, organisation=actor.organisation)
    return IdentityAccess.objects.create(**values)


def bearer(user) -> Client:
    issued = api_token_create(user=user, actor=None, days=1)
    return Client(HTTP_AUTHORIZATION=f"Bearer {issued.secret}")


def csv_rows(response) -> list[list[str]]:
    return list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode("utf-8"))))


# --- append-only at every level ---------------------------------------------------------------------------


def _event() -> AuditEvent:
    return AuditEventFactory(action="case.update", changes={"status": {"old": "open", "new": "closed"}})


def _access() -> IdentityAccess:
    return access_row(actor=UserFactory(), purpose=AccessPurpose.CASEWORK)


ROWS: dict[str, tuple[Callable, str, str]] = {
    # model factory, a column to tamper with, a value for it
    "AuditEvent": (_event, "action", "case.forged"),
    "IdentityAccess": (_access, "purpose", AccessPurpose.AUDIT),
}


def _copy(row, column: str, value: str, *, keep_pk: bool = False):
    """A new instance with the row's values and one column changed (same uuid, so it conflicts)."""
    fields = {
        f.attname: getattr(row, f.attname) for f in row._meta.concrete_fields if keep_pk or not f.primary_key
    }
    return type(row)(**{**fields, column: value})


def _execute(sql: str, params: list) -> None:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)


def _set_and_save(row, column, value):
    setattr(row, column, value)
    row.save()


def _set_and_save_base(row, column, value):
    setattr(row, column, value)
    row.save_base()  # Model.save_base skips the model's save() guard: the database must still refuse


# (name, attack): the ORM raises AuditImmutableError; the database raises DatabaseError
MODEL_LEVEL = [
    ("instance save()", _set_and_save),
    ("instance save(update_fields)", lambda r, c, v: (setattr(r, c, v), r.save(update_fields=[c]))),
    ("instance delete()", lambda r, c, v: r.delete()),
    ("QuerySet.update()", lambda r, c, v: type(r).objects.filter(pk=r.pk).update(**{c: v})),
    ("Manager.update()", lambda r, c, v: type(r).objects.update(**{c: v})),
    ("QuerySet.delete()", lambda r, c, v: type(r).objects.filter(pk=r.pk).delete()),
    ("Manager.all().delete()", lambda r, c, v: type(r).objects.all().delete()),
    ("bulk_update()", lambda r, c, v: type(r).objects.bulk_update([_copy(r, c, v, keep_pk=True)], [c])),
    ("update_or_create()", lambda r, c, v: type(r).objects.update_or_create(uuid=r.uuid, defaults={c: v})),
]
DATABASE_LEVEL = [
    ("save_base() past the model guard", _set_and_save_base),
    (
        "_raw_delete() past the queryset guard",
        lambda r, c, v: type(r).objects.filter(pk=r.pk)._raw_delete("default"),
    ),
    (
        "bulk_create(update_conflicts) upsert",
        lambda r, c, v: type(r).objects.bulk_create(
            [_copy(r, c, v)], update_conflicts=True, unique_fields=["uuid"], update_fields=[c]
        ),
    ),
    (
        "raw SQL UPDATE",
        lambda r, c, v: _execute(f"UPDATE {r._meta.db_table} SET {c} = %s WHERE id = %s", [v, r.pk]),
    ),
    ("raw SQL UPDATE of every row", lambda r, c, v: _execute(f"UPDATE {r._meta.db_table} SET {c} = %s", [v])),
    ("raw SQL DELETE", lambda r, c, v: _execute(f"DELETE FROM {r._meta.db_table} WHERE id = %s", [r.pk])),
    ("raw SQL DELETE of every row", lambda r, c, v: _execute(f"DELETE FROM {r._meta.db_table}", [])),
]


def _frozen(row) -> tuple[dict, int]:
    model = type(row)
    return model.objects.filter(pk=row.pk).values().get(), model.objects.count()


@pytest.mark.django_db
@pytest.mark.parametrize("model", ROWS)
@pytest.mark.parametrize(("name", "attack"), MODEL_LEVEL, ids=[n for n, _ in MODEL_LEVEL])
def test_the_orm_refuses_to_change_or_delete_an_audit_row(model, name, attack):
    make, column, value = ROWS[model]
    row = make()
    before = _frozen(row)

    with pytest.raises(AuditImmutableError), transaction.atomic():
        attack(type(row).objects.get(pk=row.pk), column, value)

    assert _frozen(row) == before


@pytest.mark.django_db
@pytest.mark.parametrize("model", ROWS)
@pytest.mark.parametrize(("name", "attack"), DATABASE_LEVEL, ids=[n for n, _ in DATABASE_LEVEL])
def test_the_database_triggers_refuse_to_change_or_delete_an_audit_row(model, name, attack):
    make, column, value = ROWS[model]
    row = make()
    before = _frozen(row)

    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        attack(type(row).objects.get(pk=row.pk), column, value)

    assert _frozen(row) == before


@pytest.mark.django_db
@pytest.mark.parametrize("model", ROWS)
def test_the_database_refuses_to_truncate_an_audit_table(model):
    if connection.vendor != "postgresql":
        pytest.skip(
            "TRUNCATE is PostgreSQL's; SQLite's equivalent, DELETE FROM without WHERE, is tested above"
        )
    make, _column, _value = ROWS[model]
    row = make()
    before = _frozen(row)

    # The row's deferred foreign-key checks are still pending in the test's transaction, and PostgreSQL
    # refuses TRUNCATE for that alone; run them first so that only the trigger can refuse.
    with (
        pytest.raises(DatabaseError, match="append-only"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        cursor.execute(f"TRUNCATE {row._meta.db_table}")

    assert _frozen(row) == before


@pytest.mark.django_db
def test_new_audit_rows_can_still_be_appended_after_a_refusal():
    row = _event()
    with pytest.raises(AuditImmutableError):
        row.delete()

    record_change(actor=None, action="system.check")

    assert AuditEvent.objects.filter(action="system.check").count() == 1
    assert AuditEvent.objects.filter(pk=row.pk).exists()


# --- services write their audit row in the same transaction -------------------------------------------------


@pytest.fixture
def admin(db):
    return UserFactory(
        role=Role.ADMIN, organisation=OrganisationFactory(kind=OrganisationKind.COORDINATION_CELL)
    )


NAMES = {"fr": "Centre Pag-Asa", "nl": "Centrum Pag-Asa", "de": "Zentrum Pag-Asa", "en": "Pag-Asa centre"}


@pytest.mark.django_db
def test_organisation_save_records_the_creation_with_the_fields_set(admin):
    org, created = organisation_save(
        slug="pag-asa",
        kind=OrganisationKind.SPECIALISED_CENTRE,
        names=NAMES,
        actor=admin,
        short_name="Pag-Asa",
    )

    event = AuditEvent.objects.get(action="organisation.create")
    assert created
    assert (event.actor, event.actor_username, event.organisation) == (
        admin,
        admin.username,
        admin.organisation,
    )
    assert (event.object_type, event.object_uuid) == ("core.organisation", org.uuid)
    assert event.changes["slug"] == {"old": None, "new": "pag-asa"}
    assert event.changes["kind"] == {"old": None, "new": "specialised_centre"}
    assert event.changes["short_name"] == {"old": None, "new": "Pag-Asa"}
    assert event.changes["name_nl"] == {"old": None, "new": "Centrum Pag-Asa"}


@pytest.mark.django_db
def test_organisation_update_records_only_the_changed_fields_with_old_and_new(admin):
    organisation_save(slug="pag-asa", kind=OrganisationKind.SPECIALISED_CENTRE, names=NAMES, actor=admin)

    org, created = organisation_save(
        slug="pag-asa",
        kind=OrganisationKind.SPECIALISED_CENTRE,
        names={**NAMES, "en": "Pag-Asa reception centre"},
        actor=admin,
        short_name="Pag-Asa",
    )

    event = AuditEvent.objects.get(action="organisation.update")
    assert not created and event.object_uuid == org.uuid
    assert event.changes == {
        "name_en": {"old": "Pag-Asa centre", "new": "Pag-Asa reception centre"},
        "short_name": {"old": "", "new": "Pag-Asa"},
    }


@pytest.mark.django_db
def test_saving_an_organisation_unchanged_writes_no_audit_row(admin):
    organisation_save(slug="pag-asa", kind=OrganisationKind.SPECIALISED_CENTRE, names=NAMES, actor=admin)
    organisation_save(slug="pag-asa", kind=OrganisationKind.SPECIALISED_CENTRE, names=NAMES, actor=admin)

    assert AuditEvent.objects.filter(action__startswith="organisation.").count() == 1


@pytest.mark.django_db
def test_when_the_surrounding_transaction_rolls_back_neither_the_change_nor_its_audit_row_remains(admin):
    with pytest.raises(RuntimeError), transaction.atomic():
        organisation_save(slug="pag-asa", kind=OrganisationKind.SPECIALISED_CENTRE, names=NAMES, actor=admin)
        assert AuditEvent.objects.filter(action="organisation.create").exists()
        raise RuntimeError("a later step of the same request failed")

    assert not Organisation.objects.filter(slug="pag-asa").exists()
    assert not AuditEvent.objects.filter(action="organisation.create").exists()


@pytest.mark.django_db
def test_when_the_audit_row_cannot_be_written_the_change_is_not_made(admin, monkeypatch):
    def broken(**kwargs):
        raise DatabaseError("audit table unavailable")

    monkeypatch.setattr("thb.core.services.record_change", broken)

    with pytest.raises(DatabaseError):
        organisation_save(slug="pag-asa", kind=OrganisationKind.SPECIALISED_CENTRE, names=NAMES, actor=admin)

    assert not Organisation.objects.filter(slug="pag-asa").exists()


@pytest.mark.django_db
def test_user_save_records_a_password_as_secret_and_its_hash_appears_nowhere_in_the_audit_tables(admin):
    user, _ = user_save(
        username="new-caseworker",
        organisation=admin.organisation,
        role=Role.CASEWORKER,
        actor=admin,
        password=NEW_PASSWORD,
    )
    first_hash = user.password
    user, _ = user_save(
        username="new-caseworker",
        organisation=admin.organisation,
        role=Role.CASEWORKER,
        actor=admin,
        password=NEW_PASSWORD + "-2",
    )

    created = AuditEvent.objects.get(action="user.create")
    updated = AuditEvent.objects.get(action="user.update")
    assert created.changes["password"] == SECRET_PLACEHOLDER
    assert created.changes["role"] == {"old": None, "new": "caseworker"}
    assert updated.changes == {"password": SECRET_PLACEHOLDER}
    dumped = ""
    for table in ("core_auditevent", "core_identityaccess"):
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT * FROM {table}")  # every column of every row, as the database holds it
            dumped += json.dumps([[str(v) for v in row] for row in cursor.fetchall()], ensure_ascii=False)
    for secret in (NEW_PASSWORD, NEW_PASSWORD + "-2", first_hash, user.password):
        assert secret not in dumped
        assert secret.rsplit("$", 1)[-1] not in dumped  # nor the digest part of a hash


@pytest.mark.django_db
def test_login_and_logout_are_recorded_with_the_request_id(client):
    user = UserFactory(role=Role.ANALYST)

    response = client.post(
        "/en/staff/login/",
        {"username": user.username, "password": TEST_PASSWORD},
        HTTP_X_REQUEST_ID="login-request-0001",
    )
    assert response.status_code == 302
    response = client.post("/en/staff/logout/", HTTP_X_REQUEST_ID="logout-request-0001")
    assert response.status_code == 302

    login = AuditEvent.objects.get(action="auth.login")
    logout = AuditEvent.objects.get(action="auth.logout")
    assert (login.actor, login.organisation, login.request_id) == (
        user,
        user.organisation,
        "login-request-0001",
    )
    assert (logout.actor, logout.request_id) == (user, "logout-request-0001")


@pytest.mark.django_db
def test_a_failed_login_writes_no_login_event(client):
    user = UserFactory(role=Role.ANALYST)

    client.post("/en/staff/login/", {"username": user.username, "password": "not the password"})

    assert not AuditEvent.objects.filter(action="auth.login").exists()


@pytest.mark.django_db
def test_rows_written_during_a_request_carry_its_request_id_and_others_none(signed_in):
    auditor = UserFactory(role=Role.AUDITOR)
    client = signed_in(auditor)

    response = client.get("/en/staff/audit/export.csv", HTTP_X_REQUEST_ID="export-request-0042")
    csv_rows(response)
    outside = record_change(actor=None, action="system.check")

    assert response["X-Request-ID"] == "export-request-0042"
    assert AuditEvent.objects.get(action="audit.export").request_id == "export-request-0042"
    assert outside.request_id == ""


@pytest.mark.django_db
def test_a_malformed_request_id_is_replaced_by_a_fresh_one(signed_in):
    client = signed_in(UserFactory(role=Role.AUDITOR))

    response = client.get("/en/staff/audit/export.csv", HTTP_X_REQUEST_ID="<script>")
    csv_rows(response)

    stored = AuditEvent.objects.get(action="audit.export").request_id
    assert stored == response["X-Request-ID"] and len(stored) == 32 and "<" not in stored


# --- record_identity_access and diff ----------------------------------------------------------------------


@pytest.mark.django_db
def test_record_identity_access_writes_who_organisation_fields_and_purpose(settings):
    caseworker = UserFactory(role=Role.CASEWORKER)
    note = SecretNote.objects.create(title="t", identity="Jane Doe born 1990", narrative="recruited in Liège")
    token = current_request_id.set("read-request-0007")
    try:
        row = record_identity_access(
            actor=caseworker,
            obj=note,
            fields=["narrative", "identity", "identity"],
            purpose=AccessPurpose.REFERRAL,
        )
    finally:
        current_request_id.reset(token)

    row = IdentityAccess.objects.get(pk=row.pk)
    assert (row.actor, row.actor_username, row.organisation) == (
        caseworker,
        caseworker.username,
        caseworker.organisation,
    )
    assert (row.object_type, row.object_uuid) == ("encryption_app.secretnote", note.uuid)
    assert row.fields == ["identity", "narrative"]
    assert (row.purpose, row.request_id) == ("referral", "read-request-0007")
    stored = json.dumps(IdentityAccess.objects.filter(pk=row.pk).values().get(), default=str)
    assert "Jane" not in stored and "Liège" not in stored


def test_diff_lists_changed_fields_with_old_and_new_and_secret_fields_by_name_only():
    changes = diff(
        {"role": "operator", "password": "old-secret-value", "email": "a@example.invalid"},
        {"role": "supervisor", "password": "new-secret-value", "email": "a@example.invalid"},
        secret_fields=["password"],
    )

    assert changes == {"role": {"old": "operator", "new": "supervisor"}, "password": SECRET_PLACEHOLDER}


@pytest.mark.django_db
def test_diff_of_snapshots_records_encrypted_fields_by_name_only(settings):
    note = SecretNote.objects.create(title="t", identity="Jane Doe born 1990", narrative="")
    before = snapshot(note, ["title", "identity", "narrative"])
    note.identity, note.title = "Jane Roe born 1991", "u"

    changes = diff(before, snapshot(note, ["title", "identity", "narrative"]))

    assert changes == {"identity": SECRET_PLACEHOLDER, "title": {"old": "t", "new": "u"}}
    assert "Jane" not in json.dumps(changes)


@hypothesis_settings(max_examples=200, database=None, deadline=None)
@given(
    old_secret=st.one_of(st.none(), st.text()),
    new_secret=st.one_of(st.none(), st.text()),
    old_plain=st.one_of(st.none(), st.integers(), st.text()),
    new_plain=st.one_of(st.none(), st.integers(), st.text()),
)
def test_diff_never_includes_a_secret_value(old_secret, new_secret, old_plain, new_plain):
    changes = diff(
        {"password": old_secret, "note": old_plain},
        {"password": new_secret, "note": new_plain},
        secret_fields=["password"],
    )

    assert changes.get("password", SECRET_PLACEHOLDER) == SECRET_PLACEHOLDER
    assert ("password" in changes) == (old_secret != new_secret)
    if "note" in changes:
        assert changes["note"] == {"old": old_plain, "new": new_plain}


# --- the auditor page, its CSV export and the API ---------------------------------------------------------


@pytest.fixture
def trail(db):
    """Events and identity reads of three organisations and of the system, on known dates."""
    cell = OrganisationFactory(slug="cell", kind=OrganisationKind.COORDINATION_CELL)
    centre = OrganisationFactory(slug="centre", kind=OrganisationKind.SPECIALISED_CENTRE)
    police = OrganisationFactory(slug="police", kind=OrganisationKind.POLICE_LOCAL)
    people = {
        org.slug: UserFactory(organisation=org, role=Role.CASEWORKER, username=f"worker-{org.slug}")
        for org in (cell, centre, police)
    }
    case = uuid.uuid4()

    def at(day: int, hour: int = 10) -> dt.datetime:
        return dt.datetime(2026, 3, day, hour, 0, tzinfo=BRUSSELS)

    events = {
        "centre-case": AuditEventFactory(
            actor=people["centre"],
            action="case.update",
            object_type="victims.case",
            object_uuid=case,
            occurred_at=at(1),
        ),
        "centre-referral": AuditEventFactory(
            actor=people["centre"], action="referral.accept", occurred_at=at(15, 23)
        ),
        "police-case": AuditEventFactory(actor=people["police"], action="case.create", occurred_at=at(15)),
        "cell-procedure": AuditEventFactory(
            actor=people["cell"], action="procedure.publish", occurred_at=at(20)
        ),
        "system": AuditEvent.objects.create(action="system.purge", occurred_at=at(25)),
    }
    accesses = {
        "centre": access_row(actor=people["centre"], object_uuid=case, occurred_at=at(2)),
        "police": access_row(actor=people["police"], occurred_at=at(16)),
    }
    auditors = {
        "platform": UserFactory(organisation=cell, role=Role.AUDITOR, username="auditor-cell"),
        "centre": UserFactory(organisation=centre, role=Role.AUDITOR, username="auditor-centre"),
    }
    return {"events": events, "accesses": accesses, "auditors": auditors, "people": people, "case": case}


def _page_uuids(response) -> set:
    assert response.status_code == 200
    return {row.uuid for row in response.context["page"].object_list}


def _uuids(rows: dict, *names: str) -> set:
    return {rows[n].uuid for n in names}


ALL_EVENTS = ("centre-case", "centre-referral", "police-case", "cell-procedure", "system")


@pytest.mark.django_db
def test_only_roles_with_the_audit_permission_open_the_audit_page():
    assert roles_with(Perm.VIEW_AUDIT) == ["auditor"]
    assert_access_matrix(
        "/en/staff/audit/", allowed_roles=roles_with(Perm.VIEW_AUDIT), cross_organisation=False
    )
    assert_access_matrix(
        "/en/staff/audit/?show=access", allowed_roles=roles_with(Perm.VIEW_AUDIT), cross_organisation=False
    )


@pytest.mark.django_db
def test_only_roles_with_the_export_permission_export_the_audit_trail():
    assert_access_matrix(
        "/en/staff/audit/export.csv", allowed_roles=roles_with(Perm.EXPORT_AUDIT), cross_organisation=False
    )


@pytest.mark.django_db
def test_a_platform_auditor_sees_the_events_of_every_organisation(trail, signed_in):
    client = signed_in(trail["auditors"]["platform"])

    seen = _page_uuids(client.get("/en/staff/audit/", {"since": "2026-03-01", "until": "2026-03-31"}))

    assert seen == _uuids(trail["events"], *ALL_EVENTS)


@pytest.mark.django_db
def test_an_auditor_of_a_partner_sees_only_its_own_organisations_events(trail, signed_in):
    client = signed_in(trail["auditors"]["centre"])

    events = _page_uuids(client.get("/en/staff/audit/", {"since": "2026-03-01", "until": "2026-03-31"}))
    accesses = _page_uuids(client.get("/en/staff/audit/", {"show": "access"}))

    assert events == _uuids(trail["events"], "centre-case", "centre-referral")
    assert accesses == _uuids(trail["accesses"], "centre")


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({"action": "case."}, {"centre-case", "police-case"}),
        ({"action": "referral"}, {"centre-referral"}),
        ({"actor": "worker-police"}, {"police-case"}),
        ({"object_type": "victims.case"}, {"centre-case"}),
        (
            {"since": "2026-03-10", "until": "2026-03-20"},
            {"centre-referral", "police-case", "cell-procedure"},
        ),
        ({"until": "2026-03-15"}, {"centre-case", "centre-referral", "police-case"}),  # the whole last day
        ({"since": "2026-03-16", "action": "case."}, set()),
    ],
)
@pytest.mark.django_db
def test_audit_page_filters_narrow_the_results(trail, signed_in, query, expected):
    client = signed_in(trail["auditors"]["platform"])

    seen = _page_uuids(
        client.get("/en/staff/audit/", {"since": "2026-03-01", "until": "2026-03-31", **query})
    )

    assert seen == _uuids(trail["events"], *expected)


@pytest.mark.django_db
def test_audit_page_filters_by_object_uuid(trail, signed_in):
    client = signed_in(trail["auditors"]["platform"])

    events = _page_uuids(client.get("/en/staff/audit/", {"object_uuid": str(trail["case"])}))
    accesses = _page_uuids(
        client.get("/en/staff/audit/", {"show": "access", "object_uuid": str(trail["case"])})
    )

    assert events == _uuids(trail["events"], "centre-case")
    assert accesses == _uuids(trail["accesses"], "centre")


@pytest.mark.django_db
def test_show_access_lists_identity_reads_not_changes(trail, signed_in):
    client = signed_in(trail["auditors"]["platform"])

    response = client.get("/en/staff/audit/", {"show": "access"})

    assert _page_uuids(response) == _uuids(trail["accesses"], "centre", "police")
    assert "Reads of identity and narratives" in response.content.decode()


@pytest.mark.django_db
def test_csv_export_has_a_header_and_the_matching_rows_and_is_itself_audited(trail, signed_in):
    auditor = trail["auditors"]["platform"]
    client = signed_in(auditor)

    response = client.get("/en/staff/audit/export.csv", {"action": "case."})
    rows = csv_rows(response)

    assert response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    assert rows[0] == [
        "uuid",
        "occurred_at",
        "actor",
        "organisation",
        "action",
        "object_type",
        "object_uuid",
        "changes",
        "reason",
        "request_id",
    ]
    assert {r[0] for r in rows[1:]} == {str(u) for u in _uuids(trail["events"], "centre-case", "police-case")}
    by_uuid = {r[0]: r for r in rows[1:]}
    centre_case = by_uuid[str(trail["events"]["centre-case"].uuid)]
    assert centre_case[2:5] == ["worker-centre", "centre", "case.update"]
    export = AuditEvent.objects.get(action="audit.export")
    assert (export.actor, export.organisation) == (auditor, auditor.organisation)
    assert "action=case." in export.reason


@pytest.mark.django_db
def test_csv_export_of_a_partner_auditor_holds_only_its_organisations_rows(trail, signed_in):
    client = signed_in(trail["auditors"]["centre"])

    events = csv_rows(client.get("/en/staff/audit/export.csv", {"until": "2026-03-31"}))
    accesses = csv_rows(client.get("/en/staff/audit/export.csv", {"show": "access"}))

    assert {r[0] for r in events[1:]} == {
        str(u) for u in _uuids(trail["events"], "centre-case", "centre-referral")
    }
    assert accesses[0][:3] == ["uuid", "occurred_at", "actor"] and "purpose" in accesses[0]
    assert {r[0] for r in accesses[1:]} == {str(trail["accesses"]["centre"].uuid)}
    assert AuditEvent.objects.filter(action="audit.export", actor=trail["auditors"]["centre"]).count() == 2


@pytest.mark.django_db
def test_audit_api_answers_auditors_and_refuses_other_roles():
    outcomes = assert_access_matrix(
        "/api/v1/audit/events", allowed_roles=roles_with(Perm.VIEW_AUDIT), api=True, cross_organisation=False
    )
    assert_access_matrix(
        "/api/v1/audit/identity-access",
        allowed_roles=roles_with(Perm.VIEW_AUDIT),
        api=True,
        cross_organisation=False,
    )

    assert outcomes["caseworker"] == 403


@pytest.mark.django_db
def test_audit_api_refusal_has_the_shared_error_shape(trail):
    response = bearer(trail["people"]["centre"]).get("/api/v1/audit/events")

    assert response.status_code == 403
    assert response.json()["error"] == "permission_denied" and response.json()["message"]


@pytest.mark.django_db
def test_audit_api_paginates_and_filters_events(trail):
    client = bearer(trail["auditors"]["platform"])
    march = {"since": "2026-03-01T00:00:00+01:00", "until": "2026-04-01T00:00:00+02:00"}

    everything = client.get("/api/v1/audit/events", {**march, "limit": 2}).json()
    cases = client.get("/api/v1/audit/events", {**march, "action": "case."}).json()
    by_actor = client.get("/api/v1/audit/events", {"actor": "worker-police"}).json()
    by_object = client.get("/api/v1/audit/events", {"object_uuid": str(trail["case"])}).json()
    window = client.get(
        "/api/v1/audit/events", {"since": "2026-03-15T00:00:00+01:00", "until": "2026-03-16T00:00:00+01:00"}
    ).json()

    assert everything["count"] == 5 and len(everything["items"]) == 2
    assert everything["items"][0]["uuid"] == str(trail["events"]["system"].uuid)  # newest first
    assert {i["uuid"] for i in cases["items"]} == {
        str(u) for u in _uuids(trail["events"], "centre-case", "police-case")
    }
    assert [i["action"] for i in by_actor["items"]] == ["case.create"]
    assert [i["uuid"] for i in by_object["items"]] == [str(trail["events"]["centre-case"].uuid)]
    assert {i["uuid"] for i in window["items"]} == {
        str(u) for u in _uuids(trail["events"], "centre-referral", "police-case")
    }
    item = by_actor["items"][0]
    assert item["actor"] == "worker-police"
    assert item["organisation"] == str(trail["people"]["police"].organisation.uuid)


@pytest.mark.django_db
def test_audit_api_of_a_partner_auditor_holds_only_its_organisations_rows(trail):
    client = bearer(trail["auditors"]["centre"])

    events = client.get("/api/v1/audit/events", {"until": "2026-04-01T00:00:00+02:00"}).json()
    accesses = client.get("/api/v1/audit/identity-access").json()

    assert {i["uuid"] for i in events["items"]} == {
        str(u) for u in _uuids(trail["events"], "centre-case", "centre-referral")
    }
    assert [i["uuid"] for i in accesses["items"]] == [str(trail["accesses"]["centre"].uuid)]


@pytest.mark.django_db
def test_identity_access_api_lists_reads_and_filters_them(trail):
    client = bearer(trail["auditors"]["platform"])

    everything = client.get("/api/v1/audit/identity-access").json()
    by_object = client.get("/api/v1/audit/identity-access", {"object_uuid": str(trail["case"])}).json()
    by_actor = client.get("/api/v1/audit/identity-access", {"actor": "worker-police"}).json()

    assert everything["count"] == 2
    assert [i["uuid"] for i in by_object["items"]] == [str(trail["accesses"]["centre"].uuid)]
    assert [i["uuid"] for i in by_actor["items"]] == [str(trail["accesses"]["police"].uuid)]
    assert by_object["items"][0]["fields"] == ["identity"]
    assert by_object["items"][0]["purpose"] == "casework"


@pytest.mark.django_db
def test_triggers_dropped_by_a_table_rebuild_come_back_after_migrate():
    """On SQLite a migration that rebuilds an audit table drops its triggers; post_migrate restores them."""
    from django.apps import apps

    from thb.core import audit_triggers
    from thb.core.signals import ensure_audit_triggers

    event = AuditEventFactory(action="kept")
    audit_triggers.drop_triggers(connection)
    ensure_audit_triggers(sender=apps.get_app_config("core"), using="default")

    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("UPDATE core_auditevent SET action = 'changed' WHERE id = %s", [event.pk])
    event.refresh_from_db()
    assert event.action == "kept"
