"""Tracking codes are stored upper-case (they are issued so: ``JY-2026-000123``), and a check
constraint keeps them so. The public lookup upper-cases what a citizen types and matches the
code exactly, on its unique index: ``UPPER(tracking_code) = UPPER(…)`` could use no index and
read every row (issue 11: 0.28 s at a million opinions)."""

import django.db.models.functions.text
from django.db import migrations, models
from django.db.models.functions import Upper


def upper_case_codes(apps, schema_editor):
    Opinion = apps.get_model("opinions", "Opinion")
    Opinion.objects.exclude(tracking_code=Upper("tracking_code")).update(
        tracking_code=Upper("tracking_code")
    )


class Migration(migrations.Migration):
    dependencies = [("opinions", "0008_search_grams")]

    operations = [
        migrations.RunPython(upper_case_codes, migrations.RunPython.noop),
        migrations.AddConstraint(
            model_name="opinion",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    ("tracking_code", django.db.models.functions.text.Upper("tracking_code"))
                ),
                name="opinion_tracking_code_upper",
            ),
        ),
    ]
