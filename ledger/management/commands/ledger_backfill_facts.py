"""Append the performance facts of source records written without the ledger's hooks (rows
bulk-loaded or imported), then run ``rebuild_ledger`` to score them. Idempotent."""

from django.core.management.base import BaseCommand

from ledger.services import ledger_backfill_facts


class Command(BaseCommand):
    help = "Append the missing 履职事实 (performance facts) of existing source records."

    def handle(self, *args, **options):
        count = ledger_backfill_facts()
        self.stdout.write(f"{count} facts appended")
