"""The demo 委员讲堂: a menu across committees, orders in every state for the demo members,
and a ledger a rebuild leaves unchanged."""

import random

import pytest
from django.core.management import call_command

from lectures.demo import load_demo_lectures
from lectures.models import LectureOffering, LectureOrder
from ledger.models import LedgerEntry
from liaison.models import Activity
from tests.lectures.factories import demo_world


@pytest.mark.usefixtures("frozen_now")
def test_demo_lectures(ref):
    demo_world(ref)
    result = load_demo_lectures(rng=random.Random(1))
    assert result["link"].startswith("/jiangtang/d/")
    statuses = set(LectureOrder.objects.values_list("status", flat=True))
    assert statuses == set(LectureOrder.Status.values)
    assert (
        LectureOffering.objects.filter(status="approved").values("committee").distinct().count()
        >= 8
    )
    delivered = LectureOrder.objects.filter(status__in=["delivered", "rated"])
    assert Activity.objects.filter(origin__startswith="lecture:").count() == delivered.count()
    assert LedgerEntry.objects.active().filter(source_key__startswith="lecture:").count() == (
        delivered.count()
    )
    overdue = LectureOrder.objects.overdue()
    assert overdue.filter(member__user__username="member_dlt").exists()
    call_command("rebuild_ledger", "--year", "2026", "--check")
