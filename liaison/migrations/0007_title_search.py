"""The activity desk's keyword (issue 11): a GIN index over the character pairs of each
activity's title, upper-cased like Django's ``icontains`` — the opinions' search (opinions
0008) for one field, with functions of its own so that the two apps' schemas stay apart. At
half a million activities ``icontains`` read every title (250–380 ms; ``upper`` of Chinese text
is most of it) and pg_trgm cannot look up two-character words.

- ``liaison_title_grams(title)`` → tsvector of the title's character pairs;
- ``liaison_search_query(term)`` → tsquery ANDing the term's pairs (quoted), NULL under two
  characters;
- ``liaison_title_contains(title, term)`` → the title holds the term, as ``icontains``: the
  check of a list that walks the ordered index for a common word (``core.search``), a PL/pgSQL
  function so that the planner does not inline it and misjudge how many rows it keeps.

Built CONCURRENTLY (non-atomic migration, without the statement timeout). PostgreSQL only."""

from django.db import migrations

FUNCTIONS = r"""
CREATE OR REPLACE FUNCTION liaison_title_grams(title text) RETURNS tsvector
LANGUAGE sql IMMUTABLE PARALLEL SAFE COST 1000
AS $f$
SELECT array_to_tsvector(array_remove(string_to_array(
       regexp_replace(t, '(..)|.', E'\\1\x01', 'g')
    || regexp_replace(substr(t, 2), '(..)|.', E'\\1\x01', 'g'),
    E'\x01'), ''))
FROM (SELECT replace(upper(coalesce(title, '')), E'\x01', '') AS t) AS normalised
$f$;

CREATE OR REPLACE FUNCTION liaison_search_query(term text) RETURNS tsquery
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
AS $f$
SELECT CASE WHEN char_length(u) < 2 THEN NULL ELSE array_to_string(ARRAY(
    SELECT '''' || replace(replace(substr(u, i, 2), E'\\', E'\\\\'), '''', '''''') || ''''
    FROM generate_series(1, char_length(u) - 1) AS i
), ' & ')::tsquery END
FROM (SELECT replace(upper(term), E'\x01', '') AS u) AS normalised
$f$;

CREATE OR REPLACE FUNCTION liaison_title_contains(title text, term text) RETURNS boolean
LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL SAFE COST 10
AS $f$
BEGIN
    IF upper(term) = term AND lower(term) = term THEN
        RETURN strpos(title, term) > 0;  -- no cased letter in the term: upper() changes nothing
    END IF;
    RETURN strpos(upper(title), upper(term)) > 0;
END
$f$;
"""

NAME = "activity_title_grams_idx"
INDEX = (
    f"CREATE INDEX CONCURRENTLY IF NOT EXISTS {NAME} ON liaison_activity "
    "USING gin (liaison_title_grams(title))"
)


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(FUNCTIONS)
    with schema_editor.connection.cursor() as cursor:
        cursor.execute(
            "SELECT NOT indisvalid FROM pg_index WHERE indexrelid = to_regclass(%s)", [NAME]
        )
        row = cursor.fetchone()
    if row and row[0]:  # left INVALID by an interrupted build
        schema_editor.execute(f"DROP INDEX CONCURRENTLY {NAME}")
    schema_editor.execute("SET statement_timeout = 0")
    schema_editor.execute("SET maintenance_work_mem = '256MB'")
    schema_editor.execute(INDEX)
    schema_editor.execute("RESET maintenance_work_mem")
    schema_editor.execute("RESET statement_timeout")
    schema_editor.execute("ANALYZE liaison_activity")  # the expression's statistics


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(f"DROP INDEX CONCURRENTLY IF EXISTS {NAME}")
    schema_editor.execute("DROP FUNCTION IF EXISTS liaison_title_grams(text)")
    schema_editor.execute("DROP FUNCTION IF EXISTS liaison_search_query(text)")
    schema_editor.execute("DROP FUNCTION IF EXISTS liaison_title_contains(text, text)")


class Migration(migrations.Migration):
    atomic = False

    dependencies = [("liaison", "0006_desk_indexes")]

    operations = [migrations.RunPython(forwards, backwards)]
