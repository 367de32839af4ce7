"""Fuzzing the imports (issue 11 §3: "fuzz the parsers … clear errors, no crash, nothing half-written"):
whatever bytes arrive as a CSV or XLSX file, reading answers a table or a clear ``TableError``; whatever
rows a bank statement carries, importing stores the whole file or refuses it with the rows and columns
named — and then nothing is written."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from thb.core.exceptions import DomainError
from thb.investigations.imports.kinds import KINDS
from thb.investigations.imports.mapper import guess_columns
from thb.investigations.imports.reader import TableError, read_table
from thb.investigations.imports.service import ImportRefusedError, import_table
from thb.investigations.models import DataImport, Entity, Statement

HEADER = "Date;Bedrag;From IBAN;Debtor;To IBAN;Creditor;Communication\n"
cells = st.one_of(
    st.sampled_from(
        ["", "03/03/2026", "2026-02-30", "12,50", "-7", "abc", "BE71096123456769", "RO49AAAA1B31007593840000"]
    ),
    st.text(alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters=";\n\r"), max_size=12),
)


@settings(max_examples=300, deadline=None)
@given(content=st.binary(max_size=600), name=st.sampled_from(["x.csv", "x.xlsx", "x.tsv", "x.txt"]))
def test_any_bytes_read_as_a_table_or_a_clear_error(content, name):
    try:
        table = read_table(content, name)
    except TableError as error:
        assert str(error)
    else:
        assert all(isinstance(header, str) for header in table.headers)


@pytest.mark.django_db
@settings(max_examples=60, deadline=None, suppress_health_check=list(HealthCheck))
@given(rows=st.lists(st.lists(cells, min_size=7, max_size=7), min_size=1, max_size=6))
def test_any_bank_rows_are_imported_whole_or_refused_leaving_nothing(investigation, investigator, rows):
    text = HEADER + "".join(";".join(row) + "\n" for row in rows)
    content = text.encode("utf-8")
    try:
        table = read_table(content, "bank.csv")
    except TableError as error:  # e.g. control characters: "this is not a text (CSV) file"
        assert str(error)
        return
    before = (Entity.objects.count(), Statement.objects.count(), DataImport.objects.count())
    try:
        data_import = import_table(
            investigation=investigation,
            actor=investigator,
            kind="bank",
            content=content,
            filename="bank.csv",
            columns=guess_columns(KINDS["bank"], table.headers),
        )
    except ImportRefusedError as refused:
        assert refused.errors, "a refusal names its problems"
        assert all(str(problem).strip() for problem in refused.errors)
        assert (Entity.objects.count(), Statement.objects.count(), DataImport.objects.count()) == before
    except DomainError as error:  # e.g. the same file twice
        assert error.message
        assert (Entity.objects.count(), Statement.objects.count(), DataImport.objects.count()) == before
    else:
        assert data_import.rows == len(rows)
        assert DataImport.objects.count() == before[2] + 1
