"""The desk's text search when it walks an ordered index (``opinions.search``): the check
``opinions_contains(title, content, term)`` — the title or the content holds the term,
upper-cased on both sides, like Django's ``icontains`` and the pair index's functions.

A PL/pgSQL function so that the planner does not inline it: it then takes it for a condition
that half the rows meet and walks the desk's ordered index, stopping after the page's rows. Seen
as ``upper(content) LIKE '%…%'`` it guesses that almost no row matches and reads and sorts every
row instead (a common word such as 教育 is in one opinion of ten). A term without letters that
have a case (Chinese) is looked for as it is: ``upper`` of a long text costs more than the
search. PostgreSQL only.

Also ``opinion_rated_idx``: the rated opinions' ids with their satisfaction (partial, covering),
which department statistics join with the lead forwardings — an index-only scan of a tenth of
the rows instead of reading the table (built CONCURRENTLY on PostgreSQL)."""

from django.db import migrations, models

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


def _concurrently(schema_editor) -> dict:
    if schema_editor.connection.vendor != "postgresql":
        return {}
    schema_editor.execute("SET statement_timeout = 0")  # longer than the portal's at 1M rows
    return {"concurrently": True}


class AddIndexConcurrently(migrations.AddIndex):
    def database_forwards(self, app_label, schema_editor, from_state, to_state):
        model = to_state.apps.get_model(app_label, self.model_name)
        if self.allow_migrate_model(schema_editor.connection.alias, model):
            schema_editor.add_index(model, self.index, **_concurrently(schema_editor))

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        model = from_state.apps.get_model(app_label, self.model_name)
        if self.allow_migrate_model(schema_editor.connection.alias, model):
            schema_editor.remove_index(model, self.index, **_concurrently(schema_editor))


class Migration(migrations.Migration):
    atomic = False

    dependencies = [("opinions", "0012_handling_fixes")]

    operations = [
        migrations.RunPython(forwards, backwards),
        AddIndexConcurrently(
            model_name="opinion",
            index=models.Index(
                condition=models.Q(("satisfaction", ""), _negated=True),
                fields=["id"],
                include=("satisfaction",),
                name="opinion_rated_idx",
            ),
        ),
    ]
