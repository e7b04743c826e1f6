"""Indexes for the date ranges the leaders' cockpit refresh (``dashboards.figures``) and the
periodic reports (``dashboards.reports.figures``) count in: opinions by ``decided_at`` (adopted,
not adopted, merged) and by ``rated_at`` (satisfaction), lead forwardings by ``created_at``
(forwarded) and by ``first_replied_at`` (replied, on time). Without them the beat's five-minute
refresh of the last three months and each report read the whole tables (seq scans of 1M
opinions at the benchmark's size). Opinions by ``submitted_at`` (received, by category, channel
and the author's sector) had the desk's indexes, which hold none of those columns: each GROUP BY
read the three months' rows from the table (2.5 s for the sector breakdown at 1M); this one
holds them. Activities' ``occurred_on`` and duty shifts' ``date`` already have indexes the same
queries use (``activity_desk_order``, ``(status, date)``).

At 1M opinions (``h_bench13``, a copy of ``bench/seed.py``'s database, on a loaded machine) the
refresh of the last three months went from 8.2 s of SQL to 2.9 s.

Date first, the committee in ``INCLUDE``: the refresh counts all ten committees with no
committee condition and the reports ask for all ten (``committee_id IN`` the ten), so a
committee-first index would be read whole on PostgreSQL 15 (no skip scan) while a date-first one
is read for the range only; the included columns (committee, and what the queries group by or
filter on) make them index-only scans. Partial: only decided / rated opinions, only lead
forwardings. Built CONCURRENTLY on PostgreSQL (no lock on the tables while building)."""

from django.db import migrations, models


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

    dependencies = [("opinions", "0014_forwarding_role_label")]

    operations = [
        AddIndexConcurrently(
            model_name="forwarding",
            index=models.Index(
                condition=models.Q(("role", "lead")),
                fields=["created_at"],
                include=("id", "opinion", "status", "department"),
                name="forwarding_lead_created_idx",
            ),
        ),
        AddIndexConcurrently(
            model_name="forwarding",
            index=models.Index(
                condition=models.Q(("first_replied_at__isnull", False), ("role", "lead")),
                fields=["first_replied_at"],
                include=("id", "opinion", "status", "department", "due_date"),
                name="forwarding_lead_replied_idx",
            ),
        ),
        AddIndexConcurrently(
            model_name="opinion",
            index=models.Index(
                condition=models.Q(("status", "draft"), _negated=True),
                fields=["submitted_at"],
                include=("id", "committee", "is_spam", "category", "channel", "author"),
                name="opinion_received_idx",
            ),
        ),
        AddIndexConcurrently(
            model_name="opinion",
            index=models.Index(
                condition=models.Q(("decided_at__isnull", False)),
                fields=["decided_at"],
                include=("id", "committee", "is_spam", "status", "adoption_level", "category"),
                name="opinion_decided_idx",
            ),
        ),
        AddIndexConcurrently(
            model_name="opinion",
            index=models.Index(
                condition=models.Q(("satisfaction", ""), _negated=True),
                fields=["rated_at"],
                include=("id", "committee", "satisfaction"),
                name="opinion_rated_at_idx",
            ),
        ),
    ]
