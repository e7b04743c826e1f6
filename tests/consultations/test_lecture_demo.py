"""The demo 委员讲堂 and 典型经验: a menu across committees, orders in every state for the demo
members, published write-ups, and a ledger a rebuild leaves unchanged."""

import random

import pytest
from django.core.management import call_command

from accounts.models import User
from consultations.lecture_demo import load_demo_lectures
from consultations.lecture_models import LectureOffering, LectureOrder
from consultations.showcase_models import Showcase
from ledger.models import LedgerEntry
from liaison.models import Activity
from org.models import Committee
from tests.members.factories import MemberFactory, MemberUserFactory, UserFactory


@pytest.mark.usefixtures("frozen_now")
def test_demo_lectures(ref):
    for committee in Committee.objects.all():
        MemberFactory.create_batch(4, committee=committee)
        UserFactory(role=User.Role.STAFF, committee=committee)
    MemberFactory(committee=ref["dalate"], status="active")
    MemberUserFactory(committee=ref["dalate"], user__username="member_dlt")
    MemberUserFactory(committee=ref["ordos"], user__username="member")
    # a confirmed activity to write up
    from tests.workstations.factories import ActivityFactory

    ActivityFactory(committee=ref["dalate"], status="confirmed")
    result = load_demo_lectures(rng=random.Random(1))
    assert result["link"].startswith("/jiangtang/d/")
    statuses = set(LectureOrder.objects.values_list("status", flat=True))
    assert statuses == set(LectureOrder.Status.values)
    assert (
        LectureOffering.objects.filter(status="approved").values("committee").distinct().count()
        >= 8
    )
    assert Showcase.objects.filter(status="published").count() >= 2
    delivered = LectureOrder.objects.filter(status__in=["delivered", "rated"])
    assert Activity.objects.filter(origin__startswith="lecture:").count() == delivered.count()
    assert LedgerEntry.objects.active().filter(source_key__startswith="lecture:").count() == (
        delivered.count()
    )
    overdue = LectureOrder.objects.overdue()
    assert overdue.filter(member__user__username="member_dlt").exists()
    call_command("rebuild_ledger", "--year", "2026", "--check")
