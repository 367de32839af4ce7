"""CSV export of the audit trail: one column table per record type, streamed row by row."""

from __future__ import annotations

import csv
import json
from collections.abc import Callable, Iterable, Iterator
from operator import attrgetter
from typing import Any

Column = tuple[str, Callable[[Any], object]]


def _organisation(row: Any) -> str:
    return row.organisation.slug if row.organisation else ""


def _when(row: Any) -> str:
    return str(row.occurred_at.isoformat())


EVENT_COLUMNS: list[Column] = [
    ("uuid", attrgetter("uuid")),
    ("occurred_at", _when),
    ("actor", attrgetter("actor_username")),
    ("organisation", _organisation),
    ("action", attrgetter("action")),
    ("object_type", attrgetter("object_type")),
    ("object_uuid", lambda row: row.object_uuid or ""),
    ("changes", lambda row: json.dumps(row.changes, ensure_ascii=False)),
    ("reason", attrgetter("reason")),
    ("request_id", attrgetter("request_id")),
]

ACCESS_COLUMNS: list[Column] = [
    ("uuid", attrgetter("uuid")),
    ("occurred_at", _when),
    ("actor", attrgetter("actor_username")),
    ("organisation", _organisation),
    ("object_type", attrgetter("object_type")),
    ("object_uuid", attrgetter("object_uuid")),
    ("fields", lambda row: " ".join(row.fields)),
    ("purpose", attrgetter("purpose")),
    ("request_id", attrgetter("request_id")),
]


class _Echo:
    """A file-like object whose write() returns the line, so csv.writer can feed a streaming response."""

    def write(self, value: str) -> str:
        return value


def csv_lines(rows: Iterable[Any], columns: list[Column]) -> Iterator[str]:
    writer = csv.writer(_Echo())
    yield writer.writerow([name for name, _value in columns])
    for row in rows:
        yield writer.writerow([value(row) for _name, value in columns])
