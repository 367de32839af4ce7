"""Database triggers that refuse UPDATE and DELETE on the audit tables, even from raw SQL (DESIGN.md §4).

The SQL lives in ``thb.core.audit_triggers`` because ``post_migrate`` re-ensures it after every migration.
"""

from django.db import migrations

from thb.core import audit_triggers


def create_triggers(apps, schema_editor):
    audit_triggers.create_triggers(schema_editor.connection)


def drop_triggers(apps, schema_editor):
    audit_triggers.drop_triggers(schema_editor.connection)


class Migration(migrations.Migration):
    dependencies = [("core", "0001_initial")]

    operations = [migrations.RunPython(create_triggers, drop_triggers)]
