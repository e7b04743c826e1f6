"""Indexes that match the review desk's order (newest first: submitted_at, then id) and each of
its filters, so that a page and the capped count are a walk along one index (issue 11).

On PostgreSQL the indexes are built CONCURRENTLY (the migration is not atomic): at a million
opinions a build takes seconds to minutes, and submissions must not wait for it (the statement
timeout is lifted for the builds). If a build is interrupted, PostgreSQL leaves an INVALID index
behind: drop it (``DROP INDEX CONCURRENTLY <name>``) and migrate again. Elsewhere (SQLite) they
are ordinary indexes.

Three earlier indexes are replaced by ones that begin with the same columns."""

from django.db import migrations, models


def _concurrently(schema_editor) -> dict:
    if schema_editor.connection.vendor != "postgresql":
        return {}
    # a build may outlast the portal's statement timeout (settings: DB_STATEMENT_TIMEOUT_MS)
    schema_editor.execute("SET statement_timeout = 0")
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


NOT_DRAFT = models.Q(("status", "draft"), _negated=True)


def desk_index(name, fields, condition=None):
    return AddIndexConcurrently(
        model_name="opinion",
        index=models.Index(fields=fields, condition=condition, name=name),
    )


class Migration(migrations.Migration):
    atomic = False

    dependencies = [("opinions", "0006_event_base_forwarding_bulletin_events")]

    operations = [
        desk_index("opinion_desk_idx", ["submitted_at", "id", "is_spam"], NOT_DRAFT),
        desk_index("opinion_desk_cmt_idx", ["committee", "submitted_at", "id", "is_spam"], NOT_DRAFT),
        desk_index("opinion_desk_status_idx", ["status", "submitted_at", "id", "is_spam"]),
        desk_index(
            "opinion_desk_cmt_status_idx", ["committee", "status", "submitted_at", "id", "is_spam"]
        ),
        desk_index(
            "opinion_desk_channel_idx", ["channel", "submitted_at", "id", "is_spam"], NOT_DRAFT
        ),
        desk_index(
            "opinion_desk_cmt_channel_idx",
            ["committee", "channel", "submitted_at", "id", "is_spam"],
        ),
        desk_index("opinion_desk_cat_idx", ["category", "submitted_at", "id", "is_spam"], NOT_DRAFT),
        desk_index(
            "opinion_desk_cmt_cat_idx", ["committee", "category", "submitted_at", "id", "is_spam"]
        ),
        desk_index(
            "opinion_desk_assignee_idx",
            ["assignee", "submitted_at", "id", "is_spam", "committee", "status"],
            NOT_DRAFT,
        ),
        desk_index(
            "opinion_desk_undecided_idx",
            ["submitted_at", "id", "review_due_at", "is_spam", "committee"],
            models.Q(("status__in", ("submitted", "under_review"))),
        ),
        desk_index(
            "opinion_desk_attention_idx",
            ["submitted_at", "id", "is_spam", "committee"],
            models.Q(NOT_DRAFT, ("needs_attention", True)),
        ),
        desk_index(
            "opinion_desk_spam_idx",
            ["submitted_at", "id", "committee"],
            models.Q(NOT_DRAFT, ("is_spam", True)),
        ),
        # replaced by the committee + status / channel / category indexes above
        migrations.RemoveIndex(model_name="opinion", name="opinions_op_committ_38ec39_idx"),
        migrations.RemoveIndex(model_name="opinion", name="opinions_op_committ_1fa088_idx"),
        migrations.RemoveIndex(model_name="opinion", name="opinions_op_committ_c226e3_idx"),
    ]
