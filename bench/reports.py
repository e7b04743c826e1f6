"""Periodic reports benchmark: all ten committees' reports of one period, made as the beat job
makes them, timed.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/ordos_bench \
        .venv/bin/python bench/reports.py [--kind monthly] [--period 2026-05-01] [--rounds 3]

In-process on the configured database (the seeded PostgreSQL of bench/seed.py, or any database
holding demo data). Each round runs in a transaction that is rolled back: the period's existing
reports are set aside (deleted inside the transaction) and the ten reports are made — once as
the beat job makes them (``periodic_reports_make``: one run of the period's queries for all ten,
then the rows, events and the leaders' notices) and once one at a time through
``generate_report`` (each report its own queries, as 重新生成 does) — and nothing is kept. Prints
each committee's seconds and queries, the ten one at a time, the beat job's ten (issue 13's
target: ≤ 30 s at 1M opinions and 500k activities) and, as the machine's reference, the seconds
of one full count of the opinions (the ratio is what to compare between commits).
"""

import argparse
import datetime
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TARGET_SECONDS = 30.0


class RolledBack(Exception):
    """Raised to leave a round's transaction without keeping its rows."""


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--kind", default="monthly", choices=["weekly", "monthly", "quarterly", "annual"]
    )
    parser.add_argument(
        "--period",
        type=datetime.date.fromisoformat,
        default=None,
        help="the period's first day (default: the last complete period)",
    )
    parser.add_argument("--rounds", type=int, default=3, help="times the ten reports are made")
    return parser.parse_args(argv)


def main(argv=None) -> None:
    args = parse_args(argv)
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ordos_liaison.settings")
    import django

    django.setup()
    from django.db import connection, transaction
    from django.test.utils import CaptureQueriesContext
    from django.utils import timezone

    from dashboards.reports import periods, services
    from dashboards.reports.models import Report
    from opinions.models import Opinion
    from org.models import Committee

    start = args.period or periods.previous_start(args.kind, timezone.localdate())
    periods.bounds(args.kind, start)  # a date that does not start a period is refused here
    committees = list(Committee.objects.order_by("order", "pk"))
    print(
        f"database: {connection.vendor} {connection.settings_dict.get('NAME')}; "
        f"{Opinion.objects.count():,} opinions; {args.kind} reports of {start}"
    )
    began = time.perf_counter()
    Opinion.objects.count()
    reference = time.perf_counter() - began

    end = periods.end_of(args.kind, start)
    beat: list[float] = []
    beat_queries = 0
    one_by_one: list[float] = []
    per_committee: dict[str, list[float]] = {c.short_name: [] for c in committees}
    queries: dict[str, int] = {}
    for _ in range(max(1, args.rounds)):
        # the beat job: one run of the period's queries for the ten reports
        try:
            with transaction.atomic():
                Report.objects.filter(kind=args.kind, period_start=start).delete()
                began = time.perf_counter()
                with CaptureQueriesContext(connection) as captured:
                    services.periodic_reports_make(
                        kind=args.kind, today=end + datetime.timedelta(days=1)
                    )
                beat.append(time.perf_counter() - began)
                beat_queries = len(captured)
                raise RolledBack
        except RolledBack:
            pass
        # one at a time, each computing its own figures (what 重新生成 costs)
        try:
            with transaction.atomic():
                Report.objects.filter(kind=args.kind, period_start=start).delete()
                round_began = time.perf_counter()
                for committee in committees:
                    began = time.perf_counter()
                    with CaptureQueriesContext(connection) as captured:
                        services.generate_report(
                            committee=committee, kind=args.kind, period_start=start
                        )
                    per_committee[committee.short_name].append(time.perf_counter() - began)
                    queries[committee.short_name] = len(captured)
                one_by_one.append(time.perf_counter() - round_began)
                raise RolledBack
        except RolledBack:
            pass

    print("one report at a time (each its own queries, as 重新生成 makes one):")
    for name, seconds in per_committee.items():
        print(f"  {name:<8} {statistics.median(seconds):8.3f} s  {queries[name]:3d} queries")
    print(f"  the ten one at a time: {statistics.median(one_by_one):.2f} s")
    total = statistics.median(beat)
    verdict = "within" if total <= TARGET_SECONDS else "OVER"
    print(
        f"ten {args.kind} reports as the beat job makes them: {total:.2f} s, {beat_queries} "
        f"queries (median of {len(beat)}; {verdict} the {TARGET_SECONDS:.0f} s target); "
        f"reference full count of opinions {reference * 1000:.1f} ms, ratio "
        f"{total / reference if reference else 0:.0f}×"
    )


if __name__ == "__main__":
    main()
