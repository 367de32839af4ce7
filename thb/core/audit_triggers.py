"""Database triggers that refuse UPDATE and DELETE (and TRUNCATE on PostgreSQL) on the audit tables, even
from raw SQL (DESIGN.md §4: audit rows are append-only).

Created by migration 0002 and re-ensured after every ``migrate`` (``signals.ensure_audit_triggers``): on
SQLite, a later migration that rebuilds an audit table silently drops its triggers, and they must come back.
Every statement is idempotent.
"""

from __future__ import annotations

from typing import Any

TABLES = ("core_auditevent", "core_identityaccess")

_PG_FUNCTION = """
CREATE OR REPLACE FUNCTION thb_audit_append_only() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'audit rows are append-only (%)', TG_TABLE_NAME USING ERRCODE = 'insufficient_privilege';
END;
$$ LANGUAGE plpgsql;
"""


def create_triggers(connection: Any) -> None:
    vendor = connection.vendor
    with connection.cursor() as cursor:
        _create(cursor, vendor)


def _create(cursor: Any, vendor: str) -> None:
    if vendor == "postgresql":
        cursor.execute(_PG_FUNCTION)
    for table in TABLES:
        if vendor == "postgresql":
            cursor.execute(
                f"CREATE OR REPLACE TRIGGER {table}_append_only BEFORE UPDATE OR DELETE ON {table} "
                f"FOR EACH ROW EXECUTE FUNCTION thb_audit_append_only();"
            )
            cursor.execute(
                f"CREATE OR REPLACE TRIGGER {table}_no_truncate BEFORE TRUNCATE ON {table} "
                f"FOR EACH STATEMENT EXECUTE FUNCTION thb_audit_append_only();"
            )
        elif vendor == "sqlite":
            for operation in ("UPDATE", "DELETE"):
                name = f"{table}_no_{operation.lower()}"
                cursor.execute(
                    f"CREATE TRIGGER IF NOT EXISTS {name} BEFORE {operation} ON {table} "
                    f"BEGIN SELECT RAISE(ABORT, 'audit rows are append-only'); END;"
                )


def drop_triggers(connection: Any) -> None:
    vendor = connection.vendor
    with connection.cursor() as cursor:
        _drop(cursor, vendor)


def _drop(cursor: Any, vendor: str) -> None:
    for table in TABLES:
        if vendor == "postgresql":
            cursor.execute(f"DROP TRIGGER IF EXISTS {table}_append_only ON {table};")
            cursor.execute(f"DROP TRIGGER IF EXISTS {table}_no_truncate ON {table};")
        elif vendor == "sqlite":
            for operation in ("update", "delete"):
                cursor.execute(f"DROP TRIGGER IF EXISTS {table}_no_{operation};")
