"""The desk's text search when it walks an ordered index (``opinions.search``): the check
``opinions_contains(title, content, term)`` — the title or the content holds the term,
upper-cased on both sides, like Django's ``icontains`` and the pair index's functions.

A PL/pgSQL function so that the planner does not inline it: it then takes it for a condition
that half the rows meet and walks the desk's ordered index, stopping after the page's rows. Seen
as ``upper(content) LIKE '%…%'`` it guesses that almost no row matches and reads and sorts every
row instead (a common word such as 教育 is in one opinion of ten). A term without letters that
have a case (Chinese) is looked for as it is: ``upper`` of a long text costs more than the
search. PostgreSQL only."""

from django.db import migrations

FUNCTION = r"""
CREATE OR REPLACE FUNCTION opinions_contains(title text, content text, term text) RETURNS boolean
LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL SAFE COST 10
AS $f$
BEGIN
    IF upper(term) = term AND lower(term) = term THEN
        -- no letter with a case (Chinese, digits, signs): upper() would change no character
        -- of the term, and none into one; skip it (most of the check's time on long text)
        RETURN strpos(title, term) > 0 OR strpos(content, term) > 0;
    END IF;
    RETURN strpos(upper(title), upper(term)) > 0 OR strpos(upper(content), upper(term)) > 0;
END
$f$;
"""


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(FUNCTION)


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP FUNCTION IF EXISTS opinions_contains(text, text, text)")


class Migration(migrations.Migration):
    dependencies = [("opinions", "0010_similar_title_index")]

    operations = [migrations.RunPython(forwards, backwards)]
