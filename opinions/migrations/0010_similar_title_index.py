"""Similar items on the opinion page (``selectors.similar_opinions``) are the nearest titles by
pg_trgm distance among the opinions of the same committee and category. A GiST index over
(committee, category, title) — btree_gist lets the two integer columns share it with the
trigram operator class — answers ``ORDER BY title <-> … LIMIT 20`` by walking only that
committee's and category's part of the tree: the page no longer computes the similarity of every
opinion of its committee (issue 11: 5.5 s at 190,000 of them). PostgreSQL only, built
CONCURRENTLY without the statement timeout; SQLite compares character pairs in Python."""

from django.db import migrations

NAME = "opinion_similar_title_idx"
INDEX = (
    f"CREATE INDEX CONCURRENTLY IF NOT EXISTS {NAME} ON opinions_opinion USING gist "
    "(committee_id, category_id, title gist_trgm_ops) WHERE NOT (status = 'draft')"
)


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS btree_gist")
    with schema_editor.connection.cursor() as cursor:
        cursor.execute(
            "SELECT NOT indisvalid FROM pg_index WHERE indexrelid = to_regclass(%s)", [NAME]
        )
        row = cursor.fetchone()
    if row and row[0]:  # left INVALID by an interrupted build
        schema_editor.execute(f"DROP INDEX CONCURRENTLY {NAME}")
    schema_editor.execute("SET statement_timeout = 0")
    schema_editor.execute(INDEX)
    schema_editor.execute("RESET statement_timeout")


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX CONCURRENTLY IF EXISTS {NAME}")


class Migration(migrations.Migration):
    atomic = False

    dependencies = [("opinions", "0009_tracking_code_upper")]

    operations = [migrations.RunPython(forwards, backwards)]
