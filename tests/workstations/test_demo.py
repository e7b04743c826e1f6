"""The demo loaders the lead calls from load_demo_data: workstations in every 旗区, a month of
rotas, a year of activities, and a ledger that a rebuild leaves unchanged."""

import datetime
import random

import pytest
from django.core.management import call_command

from ledger.models import LedgerEntry, MemberYearScore
from liaison.demo import load_demo_activities
from liaison.models import Activity
from org.models import Committee
from tests.members.factories import MemberFactory
from workstations.demo import load_demo_workstations
from workstations.models import DutyShift, Workstation


@pytest.mark.usefixtures("frozen_now")
def test_demo_loaders(ref):
    for committee in Committee.objects.all():
        MemberFactory.create_batch(8, committee=committee)
    today = datetime.date(2026, 6, 15)
    counts = load_demo_workstations(rng=random.Random(1), today=today)
    assert counts["workstations"] > 0
    banners = Committee.objects.filter(level="banner")
    for committee in banners:
        assert Workstation.objects.filter(committee=committee, kind="home").exists(), committee
    assert Workstation.objects.filter(kind="online").exists()
    assert DutyShift.objects.filter(date__month=6, status="served").exists()
    assert DutyShift.objects.filter(date__gte=today, status="planned").exists()
    result = load_demo_activities(rng=random.Random(1), today=today)
    assert result["activities"] > 100
    assert (
        Activity.objects.filter(shift__isnull=False).count()
        == DutyShift.objects.filter(status="served").count()
    )
    assert MemberYearScore.objects.filter(year=2026, total__gt=0).exists()
    assert MemberYearScore.objects.filter(year=2025).exclude(grade="").exists()
    call_command("rebuild_ledger", "--year", "2026", "--check")
    # entry by entry: the rebuild found every incremental entry as it would write it
    assert not LedgerEntry.objects.filter(reversal_reason="rebuild").exists()
    # running the loaders again adds nothing
    assert load_demo_workstations(rng=random.Random(1), today=today)["workstations"] == 0
    assert load_demo_activities(rng=random.Random(1), today=today)["activities"] == 0
