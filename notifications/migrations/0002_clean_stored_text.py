"""Text stored before input was normalised (U+FFFE in a title broke the XLSX export and the
bulletin DOCX; bidi controls, tag characters, BOMs) is put through core.text. Carried over from the
migrations these apps had before issue 10 regenerated them (a no-op on a fresh database)."""

from django.db import migrations

from core.text import normalize_stored_text


def clean(apps, schema_editor):
    normalize_stored_text(apps, "notifications")


class Migration(migrations.Migration):
    dependencies = [("notifications", "0001_initial")]

    operations = [migrations.RunPython(clean, migrations.RunPython.noop)]
