"""Performance facts for what exists: confirmed activities with their attendance, shifts served
or missed, member opinions submitted and adopted (read through the historical models, not
imported), and the active entries of other sources. Reverse: nothing to undo (the facts table
goes away with 0005)."""

from django.db import migrations

from ledger.backfill import facts_backfill


def forwards(apps, schema_editor):
    facts_backfill(apps)


class Migration(migrations.Migration):
    dependencies = [
        ("ledger", "0005_performance_facts_and_event_base"),
        ("liaison", "0004_status_constraints"),
        ("opinions", "0005_status_constraints"),
        ("workstations", "0003_status_constraints"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
