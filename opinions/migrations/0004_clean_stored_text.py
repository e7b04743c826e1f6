"""Text stored before input was normalised (U+FFFE in a title broke the XLSX export and the
bulletin DOCX; bidi controls, tag characters, BOMs) is put through core.text. Carried over from the
migrations these apps had before issue 10 regenerated them (a no-op on a fresh database)."""

from django.db import migrations

from core.text import normalize_stored_text


def clean(apps, schema_editor):
    normalize_stored_text(apps, "opinions")


class Migration(migrations.Migration):
    dependencies = [("opinions", "0003_categories_trigram")]

    operations = [migrations.RunPython(clean, migrations.RunPython.noop)]
