"""Joins two migrations of org written side by side (the working-day calendar and the
departments' pinyin sort key); nothing to do."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("org", "0005_calendar_day"),
        ("org", "0005_department_pinyin_sort_key"),
    ]
    operations = []
