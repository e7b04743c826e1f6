"""Score a year's performance facts again with the rules in force and refresh every member's
total: a replay of the facts the sources appended (activities, duty shifts, opinions, leader
instructions, consultations, lectures); no source table is read.

Run it after editing a year's scoring rules, or to check the incremental ledger: the totals it
prints are the ones the services keep up to date as things happen."""

from django.core.management.base import BaseCommand, CommandError
from django.db import reset_queries
from django.utils import timezone

from ledger.models import MemberYearScore
from ledger.services import ledger_rebuild
from org.models import Committee


class Command(BaseCommand):
    help = "Rebuild the 履职积分 ledger of a year by replaying its performance facts."

    def add_arguments(self, parser):
        parser.add_argument(
            "--year", type=int, default=None, help="Year to rebuild (default: this year)."
        )
        parser.add_argument(
            "--committee",
            action="append",
            default=None,
            help="Committee code (repeatable; default: all ten).",
        )
        parser.add_argument(
            "--check",
            action="store_true",
            help="Report members whose total changed; exit 1 if any did.",
        )

    def handle(self, *args, year=None, committee=None, check=False, **options):
        year = year or timezone.localdate().year
        if not 2000 <= year <= 2100:
            raise CommandError("--year must be between 2000 and 2100")
        committee_ids = None
        if committee:
            found = dict(Committee.objects.filter(code__in=committee).values_list("code", "pk"))
            missing = set(committee) - set(found)
            if missing:
                raise CommandError(f"unknown committee code(s): {', '.join(sorted(missing))}")
            committee_ids = list(found.values())
        before_qs = MemberYearScore.objects.filter(year=year)
        if committee_ids is not None:
            before_qs = before_qs.filter(committee_id__in=committee_ids)
        before = dict(before_qs.values_list("member_id", "total"))
        # With DEBUG on, the connection keeps the last 9,000 statements it ran — a chunk's INSERT
        # is tens of kilobytes: emptied after each chunk, so memory stays that of one chunk.
        after = ledger_rebuild(year=year, committee_ids=committee_ids, after_chunk=reset_queries)
        changed = {pk for pk in set(before) | set(after) if before.get(pk, 0) != after.get(pk, 0)}
        self.stdout.write(
            f"{year}: {len(after)} members, total {sum(after.values())} points, "
            f"{len(changed)} changed"
        )
        if check and changed:
            raise CommandError(f"{len(changed)} member totals differ from the incremental ledger")
