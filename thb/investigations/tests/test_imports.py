"""Imports (issue 8 §1): every kind of file through its column mapping, FtM JSON lines, row errors reported
precisely, nothing half-imported, provenance on every value."""

from __future__ import annotations

import io
import json
from datetime import datetime

import pytest
from openpyxl import Workbook

from thb.core.exceptions import PermissionDeniedError, ValidationFailedError
from thb.core.models import AuditEvent
from thb.core.roles import Role
from thb.core.tests.factories import UserFactory
from thb.investigations.imports.kinds import KINDS
from thb.investigations.imports.mapper import guess_columns
from thb.investigations.imports.reader import TableError, read_table
from thb.investigations.imports.service import (
    ImportRefusedError,
    import_ftm,
    import_table,
    mapping_save,
)
from thb.investigations.models import DataImport, Entity, Statement

from .conftest import ADS_CSV, BANK_CSV, CDR_CSV, KBO_CSV, MONEY_TRANSFER_CSV, VEHICLES_CSV

pytestmark = pytest.mark.django_db


def _import(investigation, actor, kind, text, filename="file.csv", **columns):
    table = read_table(text.encode(), filename)
    return import_table(
        investigation=investigation,
        actor=actor,
        kind=kind,
        content=text.encode(),
        filename=filename,
        columns=columns or guess_columns(KINDS[kind], table.headers),
    )


def _schemas(investigation):
    return sorted(Entity.objects.filter(investigation=investigation).values_list("schema", flat=True))


def test_bank_transactions_become_accounts_holders_and_payments(investigation, investigator):
    data_import = _import(investigation, investigator, "bank", BANK_CSV)
    assert data_import.rows == 2
    assert _schemas(investigation) == [
        "BankAccount",
        "BankAccount",
        "LegalEntity",
        "LegalEntity",
        "Ownership",
        "Ownership",
        "Payment",
        "Payment",
    ]
    belgian = Entity.objects.get(
        investigation=investigation, schema="BankAccount", caption="BE71096123456769"
    )
    assert belgian.properties["country"] == ["be"]
    payments = Entity.objects.filter(investigation=investigation, schema="Payment")
    assert sorted(p.properties["amount"][0] for p in payments) == ["1250", "9900"]
    assert all(p.properties["payerAccount"] == [belgian.entity_id] for p in payments)


def test_the_same_iban_in_two_files_is_one_entity_with_two_provenances(investigation, investigator):
    _import(investigation, investigator, "bank", BANK_CSV, "march.csv")
    other = BANK_CSV.replace("01/03/2026", "05/04/2026").replace("02/03/2026", "06/04/2026")
    _import(investigation, investigator, "bank", other, "april.csv")
    account = Entity.objects.get(investigation=investigation, caption="RO49AAAA1B31007593840000")
    sources = set(
        Statement.objects.filter(entity=account, prop="iban").values_list("data_import__filename", flat=True)
    )
    assert sources == {"march.csv", "april.csv"}
    assert Entity.objects.filter(investigation=investigation, schema="Payment").count() == 4


@pytest.mark.parametrize(
    ("kind", "text", "expected"),
    [
        ("cdr", CDR_CSV, {"Call": 2}),
        ("money_transfer", MONEY_TRANSFER_CSV, {"Person": 2, "Payment": 2}),
        ("kbo", KBO_CSV, {"Company": 1, "Address": 1, "Person": 1, "Directorship": 1}),
        ("vehicles", VEHICLES_CSV, {"Vehicle": 1, "Person": 1, "Address": 1}),
        ("online_ads", ADS_CSV, {"UserAccount": 1}),
    ],
)
def test_every_kind_of_file_becomes_its_entities(investigation, investigator, kind, text, expected):
    _import(investigation, investigator, kind, text)
    counts: dict[str, int] = {}
    for schema in _schemas(investigation):
        counts[schema] = counts.get(schema, 0) + 1
    assert counts == expected


def test_call_records_normalise_both_numbers(investigation, investigator):
    _import(investigation, investigator, "cdr", CDR_CSV)
    calls = Entity.objects.filter(investigation=investigation, schema="Call")
    assert {c.properties["callerNumber"][0] for c in calls} == {"+32470123456"}
    assert {c.properties["receiverNumber"][0] for c in calls} == {"+40721234567", "+3225111111"}
    assert {c.properties["startDate"][0] for c in calls} == {"2026-03-01T14:22:05", "2026-03-01T15:00:00"}


def test_two_ads_of_one_profile_are_one_account_with_both_addresses(investigation, investigator):
    _import(investigation, investigator, "online_ads", ADS_CSV)
    account = Entity.objects.get(investigation=investigation, schema="UserAccount")
    assert account.properties["phone"] == ["+32470123456"]
    assert len(account.properties["sourceUrl"]) == 2


def test_a_row_error_refuses_the_whole_file_names_row_and_column_and_writes_nothing(
    investigation, investigator
):
    bad = BANK_CSV + "03/03/2026;abc;BE72 0961 2345 6769;X;RO49AAAA1B31007593840000;;\n31/02/2026;5;;;;;\n"
    with pytest.raises(ImportRefusedError) as refused:
        _import(investigation, investigator, "bank", bad)
    problems = [str(e) for e in refused.value.errors]
    assert "row 4, column 'Bedrag': 'abc' is not an amount" in problems
    assert "row 4, column 'From IBAN': 'BE72 0961 2345 6769' is not a valid IBAN" in problems
    assert "row 5, column 'Date': '31/02/2026' is not a date (2026-03-01 or 01/03/2026)" in problems
    assert "row 5, column 'From IBAN': Payer's IBAN is empty" in problems
    assert not Entity.objects.filter(investigation=investigation).exists()
    assert not Statement.objects.exists()
    assert not DataImport.objects.exists()
    assert AuditEvent.objects.filter(action="investigations.import_refused", changes__errors=5).exists()


def test_a_mapping_without_a_required_column_is_refused_before_any_row(investigation, investigator):
    with pytest.raises(ImportRefusedError) as refused:
        _import(
            investigation, investigator, "bank", BANK_CSV, date="Date", amount="Bedrag", payer_iban="Nope"
        )
    messages = [str(e) for e in refused.value.errors]
    assert "mapping, column 'Nope': the file has no such column" in messages
    assert "mapping: choose the column of Beneficiary's IBAN" in messages


def test_the_same_file_twice_is_refused(investigation, investigator):
    _import(investigation, investigator, "bank", BANK_CSV)
    with pytest.raises(ValidationFailedError, match="already imported"):
        _import(investigation, investigator, "bank", BANK_CSV)


def test_xlsx_files_with_real_dates_and_numbers_import_like_csv(investigation, investigator):
    book = Workbook()
    sheet = book.active
    sheet.append(["Date", "Amount", "From IBAN", "To IBAN"])
    sheet.append([datetime(2026, 3, 1), 1250.0, "BE71096123456769", "RO49AAAA1B31007593840000"])
    buffer = io.BytesIO()
    book.save(buffer)
    import_table(
        investigation=investigation,
        actor=investigator,
        kind="bank",
        content=buffer.getvalue(),
        filename="bank.xlsx",
        columns={
            "date": "Date",
            "amount": "Amount",
            "payer_iban": "From IBAN",
            "beneficiary_iban": "To IBAN",
        },
    )
    payment = Entity.objects.get(investigation=investigation, schema="Payment")
    assert payment.properties["date"] == ["2026-03-01"] and payment.properties["amount"] == ["1250"]


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"a,b,a\n1,2,3\n", "two columns are called 'a'"),
        (b"a,,b\n1,2,3\n", "column 2 has no name"),
        (b"a,b\n1,2,3\n", "row 2 has more cells"),
        (b"", "the file is empty"),
    ],
)
def test_tables_that_cannot_be_read_say_why(content, message):
    with pytest.raises(TableError, match=message):
        read_table(content, "x.csv")


def test_a_windows_1252_semicolon_file_reads(investigation, investigator):
    text = (
        "Date;Bedrag;From IBAN;Debtor;To IBAN\n"
        "01/03/2026;10;BE71096123456769;Société Générale;RO49AAAA1B31007593840000\n"
    )
    table = read_table(text.encode("cp1252"), "x.csv")
    assert table.rows[0][1]["Debtor"] == "Société Générale"


def test_a_saved_mapping_is_reused_and_replaced_by_name(investigator):
    columns = {"date": "Datum", "amount": "Bedrag", "payer_iban": "Van", "beneficiary_iban": "Naar"}
    first = mapping_save(actor=investigator, kind="bank", name="KBC export", columns=columns)
    second = mapping_save(
        actor=investigator, kind="bank", name="KBC export", columns={**columns, "currency": "Munt"}
    )
    assert first.pk == second.pk and second.columns["currency"] == "Munt"
    with pytest.raises(ValidationFailedError):
        mapping_save(actor=investigator, kind="bank", name="x", columns={"nope": "A"})


def test_ftm_lines_from_aleph_import_with_their_ids(investigation, investigator):
    lines = [
        {"id": "p1", "schema": "Person", "properties": {"name": ["Ion Popescu"], "nationality": ["ro"]}},
        {"id": "c1", "schema": "Company", "properties": {"name": ["Scaffold Build"]}},
        {"id": "d1", "schema": "Directorship", "properties": {"director": ["p1"], "organization": ["c1"]}},
    ]
    content = "\n".join(json.dumps(line) for line in lines).encode()
    data_import = import_ftm(
        investigation=investigation, actor=investigator, content=content, filename="aleph.json"
    )
    assert data_import.entity_count == 3
    assert set(Entity.objects.filter(investigation=investigation).values_list("entity_id", flat=True)) == {
        "p1",
        "c1",
        "d1",
    }


def test_bad_ftm_lines_are_each_reported_and_nothing_is_imported(investigation, investigator):
    content = (
        b'{"id":"a","schema":"Person","properties":{"birthDate":["nope"],"foo":["1"]}}\n'
        b'{"id":"b","schema":"Nope"}\nxx\n'
    )
    with pytest.raises(ImportRefusedError) as refused:
        import_ftm(investigation=investigation, actor=investigator, content=content, filename="x.json")
    assert [str(e) for e in refused.value.errors] == [
        "row 1, column 'birthDate': 'nope' is not a valid date",
        "row 1, column 'foo': Person has no property 'foo'",
        "row 2, column 'schema': 'Nope' is not a followthemoney schema",
        "row 3: not JSON (Expecting value at character 1)",
    ]
    assert not Entity.objects.exists()


def test_only_the_owning_service_imports(investigation, police, office):
    analyst_elsewhere = UserFactory(organisation=office, role=Role.MAGISTRATE)
    with pytest.raises(PermissionDeniedError):
        _import(investigation, analyst_elsewhere, "bank", BANK_CSV)
    caseworker = UserFactory(organisation=police, role=Role.CASEWORKER)
    with pytest.raises(PermissionDeniedError):
        _import(investigation, caseworker, "bank", BANK_CSV)
