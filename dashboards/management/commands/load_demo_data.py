"""Demo data of realistic Ordos shape, each app's from its own ``demo`` module: departments
(``org.demo``), members, grid managers and their pairings, member groups (``members.demo``), one
demo account per role (``accounts.demo``, the member accounts ``members.demo``'s), demo opinions
in every review state (``opinions.demo``), then workstations, activities, lectures, showcases,
consultations and the periodic reports.

Deterministic for a given ``--seed``: the same seed on an empty database gives the same rows (the
demo opinions' dates are relative to today); the loaders share one ``random.Random`` and are
called in a fixed order. Rows are made with ``bulk_create`` (about a hundred queries besides the
reference data); every row is checked with ``clean_fields()`` first. Accounts go through
``accounts.services.user_create``.
"""

from __future__ import annotations

import random
import time
from collections import Counter

from django.contrib.auth.password_validation import validate_password
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from accounts.demo import DEMO_PASSWORD, DemoAccountBook, load_demo_accounts
from consultations.demo import load_demo_consultations
from core.demo import DemoPeople
from core.memo import PUBLIC
from core.memo import changed as memo_changed
from dashboards.figures import refresh_cockpit_figures
from dashboards.reports.periods import Kind as ReportKind
from dashboards.reports.services import periodic_reports_make
from lectures.demo import load_demo_lectures
from liaison.demo import load_demo_activities
from members.demo import (
    load_demo_grid_managers,
    load_demo_groups,
    load_demo_member_accounts,
    load_demo_members,
)
from members.models import Member
from opinions.demo import (
    DEMO_KEY,
    load_demo_citizen_items,
    load_demo_handling,
    load_demo_opinions,
)
from org.demo import DemoOrg, load_demo_departments
from org.reference import calendar_days_load, reference_data_load
from showcases.demo import demo_consultation_showcase, load_demo_showcases
from workstations.demo import load_demo_workstations

DEFAULT_SEED = 2021


class Command(BaseCommand):
    help = (
        "Load demo data of realistic Ordos shape (members, grid managers, pairings, groups, "
        "departments, demo accounts, opinions). Deterministic for a given --seed."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--if-empty",
            action="store_true",
            help="Do nothing (and succeed) if any member exists already.",
        )
        parser.add_argument(
            "--seed",
            type=int,
            default=DEFAULT_SEED,
            help=f"Random seed (default {DEFAULT_SEED}); the same seed gives the same data.",
        )

    def handle(self, *args, if_empty: bool, seed: int, **options):
        started = time.monotonic()
        if Member.objects.exists():
            if if_empty:
                self.stdout.write("Members exist already; demo data not loaded (--if-empty).")
                return
            raise CommandError(
                "The database has members already. Demo data goes into an empty database "
                "(e.g. `make clean` and `make run`), or pass --if-empty to skip."
            )
        validate_password(DEMO_PASSWORD)
        with transaction.atomic():
            reference_data_load()
            calendar_days_load()  # the demo's review deadlines follow the real holidays
            builder = DemoBuilder(random.Random(seed))
            builder.build()
            # Rows written in bulk send no signals: the public pages' lists start again.
            memo_changed(PUBLIC)
        # The leaders' cockpit reads only its summary table: fill it now (the beat job keeps
        # it current every five minutes).
        refresh_cockpit_figures()
        elapsed = time.monotonic() - started
        self._report(builder, seed, elapsed)

    def _report(self, builder: DemoBuilder, seed: int, elapsed: float) -> None:
        out = self.stdout.write
        out(self.style.SUCCESS(f"Demo data loaded (seed {seed}) in {elapsed:.1f} s."))
        for committee in builder.committees:
            out(f"  {committee.name}: {builder.member_counts[committee.pk]} members")
        out(
            f"  members {sum(builder.member_counts.values())}, grid managers "
            f"{builder.counts['grid_managers']}, pairings {builder.counts['pairings']}, member "
            f"groups {builder.counts['groups']}, departments {builder.counts['departments']}, "
            f"accounts {builder.counts['accounts']}, opinions {builder.counts['opinions']} "
            f"(tracking key {DEMO_KEY}), forwardings {builder.counts['forwardings']}, "
            f"bulletins {builder.counts['bulletins']}, lecture orders "
            f"{builder.counts['lecture orders']}, 典型经验 {builder.counts['典型经验']}, "
            f"reports {builder.counts['reports']}, consultations "
            f"{builder.counts['consultations']} (observers {builder.counts['observers']}, "
            f"outcomes {builder.counts['outcomes']})"
        )
        if builder.lecture_link:
            out(f"  a delivered 委员讲堂 order's private link: {builder.lecture_link}")
        out(f"Demo accounts (password {DEMO_PASSWORD}):")
        for username, role, committee, name, note in builder.account_rows:
            out(f"  {username:<11} {role:<10} {committee:<8} {name}{note}")


class DemoBuilder:
    def __init__(self, rng: random.Random):
        self.rng = rng
        self.counts: Counter[str] = Counter()
        self.member_counts: Counter[int] = Counter()
        self.account_rows: list[tuple[str, str, str, str, str]] = []
        self.lecture_link = ""

    def build(self) -> None:
        org = DemoOrg()
        self.committees = org.committees
        people = DemoPeople(self.rng)  # names and phones, none given twice
        self.counts["departments"] = load_demo_departments(people=people, committees=org.committees)
        members = load_demo_members(people=people, org=org)
        self.member_counts.update(m.committee_id for m in members)
        managers, pairings = load_demo_grid_managers(people=people, org=org, members=members)
        self.counts["grid_managers"] = len(managers)
        self.counts["pairings"] = len(pairings)
        self.counts["groups"] = load_demo_groups(rng=self.rng, org=org, members=members)
        accounts = DemoAccountBook()
        load_demo_accounts(book=accounts, committees=org.committees)
        load_demo_member_accounts(
            book=accounts,
            org=org,
            members=members,
            paired_member_ids={p.member_id for p in pairings},
        )
        self.counts["accounts"] = accounts.created
        self.account_rows = accounts.rows
        # Opinions last: they need the members and the staff accounts.
        self.counts["opinions"] = load_demo_opinions(rng=self.rng)
        handled = load_demo_handling(rng=self.rng)
        self.counts["forwardings"] = handled.get("forwardings", 0)
        self.counts["bulletins"] = handled.get("bulletins", 0)
        load_demo_citizen_items()
        # Workstations, rotas, a year of liaison activities and the performance ledger.
        load_demo_workstations(rng=self.rng)
        load_demo_activities(rng=self.rng)
        # 委员讲堂 menu and orders in every state, then 典型经验 of activities and a lecture.
        lectures = load_demo_lectures(rng=self.rng)
        self.counts["lecture orders"] = lectures["orders"]
        self.counts["典型经验"] = load_demo_showcases()
        self.lecture_link = lectures["link"]
        # Consultations: topics from opinions, events of every kind, observers, outcomes, and
        # the 典型经验 written up from a closed event.
        self.counts.update(load_demo_consultations(rng=self.rng))
        self.counts["consultation showcases"] = demo_consultation_showcase()
        # Last, once every record is in (the reports count consultations and lectures too):
        # last month's and last quarter's reports of every committee, as the beat job makes
        # them (their leaders get the notices), so the archive is not empty on a fresh demo.
        # (The cockpit's summary table is filled after this, in ``handle``.)
        for kind in (ReportKind.MONTHLY, ReportKind.QUARTERLY):
            self.counts["reports"] += len(periodic_reports_make(kind=kind))
