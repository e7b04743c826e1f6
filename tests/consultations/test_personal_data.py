"""The office's personal-data page (opinions:privacy) also finds, exports and erases one
person's registrations to observe events and their 委员讲堂 orders, by phone, in scope."""

from __future__ import annotations

import json

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import translation

from audit.models import AuditLog
from consultations import services
from consultations.models import Observer
from lectures.models import LectureOrder
from tests.consultations.factories import ConsultationFactory
from tests.lectures.factories import approved_offering, placed_order
from tests.members.factories import MemberUserFactory

pytestmark = pytest.mark.usefixtures("frozen_now")
PHONE = "13912345678"


@pytest.fixture
def lecturer(dalate):
    return MemberUserFactory(committee=dalate, name="张讲师")


@pytest.fixture
def offering(lecturer, staff_dalate):
    return approved_offering(lecturer, staff_dalate)


@pytest.fixture
def records(event, office, offering, zhungeer):
    services.consultation_step(consultation=event, by=office, action="open")
    confirmed = services.observer_sign_up(
        consultation=event, name="王群众", phone=PHONE, consent=True
    )
    other_person = services.observer_sign_up(
        consultation=event, name="赵群众", phone="13900000001", consent=True
    )
    order, _ = placed_order(offering, contact_phone=PHONE, contact_name="王主任")
    far_order, _ = placed_order(committee=zhungeer, contact_phone=PHONE)  # another 旗区
    return {"observer": confirmed, "other": other_person, "order": order, "far": far_order}


def _post(client, **data):
    return client.post(reverse("opinions:privacy"), data)


def test_find_lists_registrations_and_orders_in_scope(client, office, records):
    client.force_login(office)
    response = _post(client, phone=PHONE, action="find")
    assert response.status_code == 200
    page = response.content.decode()
    assert "旁听报名" in page and records["observer"].consultation.title in page
    assert "委员讲堂订单" in page and records["order"].code in page
    assert records["far"].code not in page  # another committee's order
    assert "删除个人信息" in page  # erasable though no opinion was found


def test_export_has_both_kinds(client, office, records):
    client.force_login(office)
    rows = json.loads(_post(client, phone=PHONE, action="export").content)
    kinds = sorted(r.get("record", "opinion") for r in rows)
    assert kinds == ["lecture_order", "observer"]
    assert {r["phone"] for r in rows} == {PHONE}
    assert AuditLog.objects.get(action="personal_data_export").detail == {"count": 2}


def test_erase_cancels_the_coming_registration_and_blanks_the_order(client, office, records):
    client.force_login(office)
    response = _post(client, phone=PHONE, action="erase", confirm="on")
    assert response.status_code == 302
    observer = Observer.objects.get(pk=records["observer"].pk)
    assert (observer.name, observer.phone, observer.status) == ("", "", Observer.Status.CANCELLED)
    assert observer.entry_code is None
    assert Observer.objects.get(pk=records["other"].pk).phone == "13900000001"
    order = LectureOrder.objects.get(pk=records["order"].pk)
    assert (order.contact_name, order.contact_phone) == ("", "")
    assert order.organisation  # the request itself stays
    assert LectureOrder.objects.get(pk=records["far"].pk).contact_phone == PHONE
    assert AuditLog.objects.get(action="personal_data_erase").detail == {"count": 2}


def test_members_cannot_use_it(client, lecturer, records):
    client.force_login(lecturer.user)
    assert _post(client, phone=PHONE, action="erase", confirm="on").status_code == 403
    assert LectureOrder.objects.get(pk=records["order"].pk).contact_phone == PHONE


def test_a_checked_in_registration_is_blanked_not_cancelled(client, office, dalate):
    event = ConsultationFactory(committee=dalate)
    services.consultation_step(consultation=event, by=office, action="open")
    observer = services.observer_sign_up(
        consultation=event, name="王群众", phone=PHONE, consent=True
    )
    Observer.objects.filter(pk=observer.pk).update(status=Observer.Status.CHECKED_IN)
    client.force_login(office)
    _post(client, phone=PHONE, action="erase", confirm="on")
    observer.refresh_from_db()
    assert (observer.phone, observer.status) == ("", Observer.Status.CHECKED_IN)


def test_the_public_events_page_reads_in_english(client, db):
    """The consultations' strings are in the English catalogue (locale/en)."""
    # override: the locale middleware's activation does not leak into the next tests
    with translation.override(settings.LANGUAGE_CODE):
        response = client.get(
            reverse("consultations:public_list"), HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9"
        )
    body = response.content.decode()
    assert "Upcoming events" in body and "No public consultation events coming up." in body
    assert "近期活动" not in body
