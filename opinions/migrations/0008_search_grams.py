"""The desk's text search on PostgreSQL: a GIN index over the character pairs (bigrams) of each
opinion's title and content, upper-cased like Django's ``icontains``. Chinese has no spaces
between words and its common words have two characters, which pg_trgm cannot look up; every pair
of a search term is in the index, so a search asks the index for the rows holding all the term's
pairs and then checks those candidates with ``icontains`` (``OpinionQuerySet.search``).

Two IMMUTABLE SQL functions, used by the index and by the query, so that both sides normalise
text the same way (PostgreSQL's ``upper``):

- ``opinions_search_grams(title, content)`` → tsvector of the character pairs of each field
  (pairs never span the two fields). The pairs are cut by two ``regexp_replace`` passes (even
  and odd offsets; a last odd character is dropped) around the separator U+0001, which is first
  removed from the text (the normaliser never stores it) — several times faster than a loop
  over ``substr``, and the index build at a million rows depends on it.
- ``opinions_search_query(term)`` → tsquery ANDing the term's pairs, each lexeme quoted so that
  no input is read as tsquery syntax; NULL for a term shorter than two characters.

Single characters are not indexed: they would almost double the index (one entry per distinct
character of every opinion) for a search that is rarely useful; the desk looks a single
character up in the newest rows only, and says so.

The index is an expression index, not a stored column: nothing to keep in step when rows are
written by the services, bulk inserts or raw SQL, and no extra heap. It is built CONCURRENTLY
(non-atomic migration, without the statement timeout): at a million opinions of a few hundred
characters the build takes tens of minutes and the index is about the size of the table. SQLite
keeps ``icontains`` alone and gets nothing here."""

from django.db import migrations

# Read as SQL: E'\\1\x01' is "backslash, 1, U+0001" (the regexp group and the separator).
FUNCTIONS = r"""
CREATE OR REPLACE FUNCTION opinions_search_grams(title text, content text) RETURNS tsvector
LANGUAGE sql IMMUTABLE PARALLEL SAFE COST 1000
AS $f$
SELECT array_to_tsvector(array_remove(string_to_array(
       regexp_replace(t, '(..)|.', E'\\1\x01', 'g')
    || regexp_replace(substr(t, 2), '(..)|.', E'\\1\x01', 'g')
    || regexp_replace(c, '(..)|.', E'\\1\x01', 'g')
    || regexp_replace(substr(c, 2), '(..)|.', E'\\1\x01', 'g'),
    E'\x01'), ''))
FROM (SELECT replace(upper(coalesce(title, '')), E'\x01', '') AS t,
             replace(upper(coalesce(content, '')), E'\x01', '') AS c) AS normalised
$f$;

CREATE OR REPLACE FUNCTION opinions_search_query(term text) RETURNS tsquery
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
AS $f$
SELECT CASE WHEN char_length(u) < 2 THEN NULL ELSE array_to_string(ARRAY(
    SELECT '''' || replace(replace(substr(u, i, 2), E'\\', E'\\\\'), '''', '''''') || ''''
    FROM generate_series(1, char_length(u) - 1) AS i
), ' & ')::tsquery END
FROM (SELECT replace(upper(term), E'\x01', '') AS u) AS normalised
$f$;
"""

INDEX = (
    "CREATE INDEX CONCURRENTLY IF NOT EXISTS opinion_search_grams_idx ON opinions_opinion "
    "USING gin (opinions_search_grams(title, content))"
)


def drop_if_invalid(schema_editor, name: str) -> None:
    """An interrupted CONCURRENTLY build leaves an INVALID index that IF NOT EXISTS would keep."""
    with schema_editor.connection.cursor() as cursor:
        cursor.execute(
            "SELECT NOT indisvalid FROM pg_index WHERE indexrelid = to_regclass(%s)", [name]
        )
        row = cursor.fetchone()
    if row and row[0]:
        schema_editor.execute(f"DROP INDEX CONCURRENTLY {name}")


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(FUNCTIONS)
    drop_if_invalid(schema_editor, "opinion_search_grams_idx")
    # Minutes at a million rows: longer than the portal's statement timeout (settings). A GIN
    # build collects its entries in maintenance_work_mem and merges them into the index each
    # time it is full: PostgreSQL's default of 64 MB makes that many merges, and slow.
    schema_editor.execute("SET statement_timeout = 0")
    schema_editor.execute("SET maintenance_work_mem = '512MB'")
    schema_editor.execute(INDEX)
    schema_editor.execute("RESET maintenance_work_mem")
    schema_editor.execute("RESET statement_timeout")


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("DROP INDEX CONCURRENTLY IF EXISTS opinion_search_grams_idx")
    schema_editor.execute("DROP FUNCTION IF EXISTS opinions_search_grams(text, text)")
    schema_editor.execute("DROP FUNCTION IF EXISTS opinions_search_query(text)")


class Migration(migrations.Migration):
    atomic = False

    dependencies = [("opinions", "0007_desk_indexes")]

    operations = [migrations.RunPython(forwards, backwards)]
