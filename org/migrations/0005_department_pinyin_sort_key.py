# The departments' sort key read again: pypinyin's readings instead of GB18030 bytes (ADR 0014).

from django.db import migrations

from core.text import pinyin_sort_key


def fill_sort_keys(apps, schema_editor):
    Department = apps.get_model("org", "Department")
    rows = list(Department.objects.only("pk", "name"))
    for row in rows:
        row.sort_key = pinyin_sort_key(row.name)
    Department.objects.bulk_update(rows, ["sort_key"], batch_size=500)


class Migration(migrations.Migration):
    dependencies = [
        ("org", "0004_department_sort_key"),
    ]

    operations = [
        migrations.RunPython(fill_sort_keys, migrations.RunPython.noop),
    ]
