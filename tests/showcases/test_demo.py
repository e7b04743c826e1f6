"""The demo 典型经验: write-ups of activities and a rated lecture (after the demo 委员讲堂), and
one of a closed consultation event and its outcome (after the demo consultations)."""

import datetime
import random

import pytest

from consultations.demo import load_demo_consultations
from lectures.demo import load_demo_lectures
from showcases.demo import demo_consultation_showcase, load_demo_showcases
from showcases.models import Showcase
from tests.consultations.factories import demo_world as consultations_world
from tests.lectures.factories import demo_world as lectures_world


@pytest.mark.usefixtures("frozen_now")
def test_demo_showcases_of_activities_and_a_lecture(ref):
    lectures_world(ref)
    load_demo_lectures(rng=random.Random(1))
    published = load_demo_showcases()
    assert published >= 2
    assert Showcase.objects.filter(status="published").count() == published
    assert Showcase.objects.filter(lecture_order__status="rated", status="published").exists()
    assert Showcase.objects.filter(status="draft").count() == 1


@pytest.mark.usefixtures("frozen_now")
def test_demo_showcase_of_a_consultation(ref, make_user):
    consultations_world(ref, make_user)
    load_demo_consultations(rng=random.Random(1), today=datetime.date(2026, 6, 15))
    assert demo_consultation_showcase() == 1
    showcase = Showcase.objects.get(consultation__isnull=False)
    assert showcase.status == "published" and showcase.outcome.consultation == showcase.consultation
    assert demo_consultation_showcase() == 0  # once
