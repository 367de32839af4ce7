"""Reading the table of an imported file — CSV (comma, semicolon or tab; UTF-8, else Windows-1252 as Belgian
spreadsheets still write it) or XLSX (the first sheet) — as a header and rows of text cells.

Spreadsheet row numbers are kept (the header is row 1) so that an error names the row the analyst sees.
A file that cannot be read as a table is refused with the reason, before anything is mapped.
"""

from __future__ import annotations

import csv
import io
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime, time

MAX_ROWS = 500_000
MAX_COLUMNS = 200


class TableError(ValueError):
    """The file is not a table the platform can read (a message for the analyst)."""


@dataclass
class Table:
    headers: list[str]
    rows: list[tuple[int, dict[str, str]]]  # (spreadsheet row number, {header: cell text})


def _cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.isoformat(sep=" ") if value.time() != time(0) else value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _headers(raw: list[object]) -> list[str]:
    headers = [_cell(value).strip() for value in raw]
    while headers and not headers[-1]:
        headers.pop()
    if not headers:
        raise TableError("the first row must name the columns; it is empty")
    if len(headers) > MAX_COLUMNS:
        raise TableError(f"more than {MAX_COLUMNS} columns")
    seen: set[str] = set()
    for position, header in enumerate(headers, start=1):
        if not header:
            raise TableError(f"column {position} has no name in the first row")
        if header.casefold() in seen:
            raise TableError(f"two columns are called {header!r}")
        seen.add(header.casefold())
    return headers


def _rows(
    headers: list[str], raw_rows: Iterator[tuple[int, list[object]]]
) -> list[tuple[int, dict[str, str]]]:
    rows = []
    for number, raw in raw_rows:
        cells = [_cell(value) for value in raw]
        if not any(cell.strip() for cell in cells):
            continue  # blank lines are not records
        if len(cells) > len(headers) and any(cell.strip() for cell in cells[len(headers) :]):
            raise TableError(f"row {number} has more cells than the header has columns")
        rows.append(
            (number, {header: cells[i] if i < len(cells) else "" for i, header in enumerate(headers)})
        )
        if len(rows) > MAX_ROWS:
            raise TableError(f"more than {MAX_ROWS:,} rows; split the file")
    return rows


def _decode(content: bytes) -> str:
    try:
        return content.decode("utf-8-sig")
    except UnicodeDecodeError:
        return content.decode("cp1252", errors="replace")


def read_csv(content: bytes) -> Table:
    text = _decode(content)
    if "\x00" in text:
        raise TableError("this is not a text (CSV) file")
    sample = text[:20_000]
    try:
        dialect: type[csv.Dialect] | csv.Dialect = csv.Sniffer().sniff(sample, delimiters=",;\t|")
    except csv.Error:
        dialect = csv.excel
    reader = csv.reader(io.StringIO(text, newline=""), dialect)
    try:
        first = next(reader, None)
        if first is None:
            raise TableError("the file is empty")
        headers = _headers(list(first))
        return Table(headers, _rows(headers, ((reader.line_num, list(row)) for row in reader)))
    except csv.Error as exc:
        raise TableError(f"not a readable CSV file (line {reader.line_num}: {exc})") from exc


def read_xlsx(content: bytes) -> Table:
    from openpyxl import load_workbook
    from openpyxl.utils.exceptions import InvalidFileException

    try:
        workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except (InvalidFileException, zipfile.BadZipFile, KeyError, OSError, ValueError) as exc:
        raise TableError("not a readable XLSX workbook") from exc
    try:
        sheet = workbook.worksheets[0]
        values = sheet.iter_rows(values_only=True)
        first = next(values, None)
        if first is None:
            raise TableError("the first sheet is empty")
        headers = _headers(list(first))
        return Table(headers, _rows(headers, ((n, list(row)) for n, row in enumerate(values, start=2))))
    finally:
        workbook.close()


def read_table(content: bytes, filename: str) -> Table:
    """The table of a CSV or XLSX file (chosen by its name, and by its first bytes for XLSX)."""
    if filename.lower().endswith(".xlsx") or content[:2] == b"PK":
        return read_xlsx(content)
    if filename.lower().endswith((".csv", ".txt", ".tsv")):
        return read_csv(content)
    raise TableError("send a .csv or .xlsx file")
