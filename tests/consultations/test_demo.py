"""The demo loader the lead calls from load_demo_data: topics linked to opinions, events of
every kind past and ahead, observers, minutes and outcomes in every follow-up state."""

import datetime
import random

import pytest
from django.core.management import call_command
from django.db.models import F

from consultations.demo import load_demo_consultations
from consultations.models import (
    Consultation,
    ConsultationEvent,
    ConsultationMaterial,
    Observer,
    Outcome,
    Topic,
)
from tests.consultations.factories import demo_world


@pytest.mark.usefixtures("frozen_now")
def test_demo_consultations(ref, make_user):
    today = datetime.date(2026, 6, 15)
    demo_world(ref, make_user)
    counts = load_demo_consultations(rng=random.Random(1), today=today)
    assert counts["consultations"] == 17
    for kind in Consultation.Kind.values:
        events = Consultation.objects.filter(kind=kind)
        assert events.filter(starts_at__date__lt=today).exists(), kind
        assert events.filter(starts_at__date__gt=today).exists(), kind
    assert set(Outcome.objects.values_list("status", flat=True)) == set(Outcome.Status.values)
    assert set(Observer.objects.values_list("status", flat=True)) >= {
        "checked_in",
        "confirmed",
        "pending",
        "waitlisted",
        "cancelled",
    }
    assert Topic.objects.filter(source="opinions", opinions__isnull=False).exists()
    # 会议材料: every event's agenda (public for public events) and an internal paper
    events = Consultation.objects.count()
    assert ConsultationMaterial.objects.count() == 2 * events
    assert ConsultationMaterial.objects.filter(is_public=True).count() == (
        Consultation.objects.filter(is_public=True).count()
    )
    # members without an account answered through the office (the staff member is the actor)
    recorded = ConsultationEvent.objects.filter(
        invitation__member__user__isnull=True, kind__in=["accepted", "declined"]
    )
    assert recorded.exists() and not recorded.filter(actor__isnull=True).exists()
    assert recorded.filter(actor__role="staff").count() == recorded.count()
    assert load_demo_consultations(rng=random.Random(1), today=today) == {"consultations": 0}
    call_command("rebuild_ledger", "--year", "2026", "--check")
    # 列席部门: the committee's own departments, on some events only
    invited = Consultation.objects.filter(departments__isnull=False).distinct()
    assert 0 < invited.count() < events
    assert not invited.filter(kind__in=["salon", "reception"]).exists()
    links = Consultation.departments.through.objects
    assert not links.exclude(department__committee=F("consultation__committee")).exists()
