"""The requester's personal data on a 委员讲堂 order: the phone in full only for the office of
the order's committee and the member who accepted it; blanked after the retention period."""

from __future__ import annotations

import datetime

import pytest
import time_machine
from django.urls import reverse

from accounts.models import User
from audit.models import AuditLog
from lectures import services
from lectures.models import LectureOrder
from lectures.tasks import lecture_requesters_anonymise_task
from tests.lectures.factories import ORDER_DETAILS, order_in, placed_order

pytestmark = pytest.mark.usefixtures("frozen_now")
PHONE = ORDER_DETAILS["contact_phone"]
MASKED = "138****1234"


def _page(client, user, name, order):
    client.force_login(user)
    response = client.get(reverse(name, args=[order.pk]))
    assert response.status_code == 200
    return response.content.decode()


def test_phone_in_full_for_own_office_masked_for_other_staff(
    client, offering, lecturer, staff_dalate, make_user, municipal
):
    order, _ = placed_order(offering)
    page = _page(client, staff_dalate, "lectures:order_detail", order)
    assert PHONE in page and f'href="tel:{PHONE}"' in page
    city_staff = make_user(User.Role.STAFF, municipal, username="city_staff")
    page = _page(client, city_staff, "lectures:order_detail", order)
    assert PHONE not in page and MASKED in page


def test_the_member_sees_the_phone_once_accepted(client, offering, lecturer, staff_dalate, today):
    order, _ = placed_order(offering)
    services.order_dispatch(order=order, by=staff_dalate, member=lecturer)
    page = _page(client, lecturer.user, "lectures:my_order", order)
    assert PHONE not in page and MASKED in page and "接单后显示完整电话" in page
    services.order_accept(order=order, by=lecturer.user)
    page = _page(client, lecturer.user, "lectures:my_order", order)
    assert f'href="tel:{PHONE}"' in page
    services.order_schedule(order=order, by=lecturer.user, agreed_on=today)
    assert PHONE in _page(client, lecturer.user, "lectures:my_order", order)
    services.order_deliver(
        order=order, by=staff_dalate, delivered_on=today, people_reached=40, summary="好"
    )
    page = _page(client, lecturer.user, "lectures:my_order", order)
    assert PHONE not in page and MASKED in page


def test_contact_blanked_after_retention_with_an_audit_entry(
    offering, lecturer, staff_dalate, today, settings
):
    settings.LECTURE_REQUESTER_RETENTION_DAYS = 180
    rated, _ = order_in("rated", offering=offering, staff=staff_dalate, member=lecturer, when=today)
    delivered, _ = order_in(
        "delivered", offering=offering, staff=staff_dalate, member=lecturer, when=today
    )
    cancelled, _ = placed_order(offering)
    services.order_cancel(order=cancelled, by=staff_dalate, reason="重复下单")
    live, _ = order_in(
        "scheduled", offering=offering, staff=staff_dalate, member=lecturer, when=today
    )
    assert services.requesters_anonymise_expired() == 0
    with time_machine.travel(datetime.datetime(2026, 12, 13, 10, 0, tzinfo=datetime.UTC)):
        assert services.requesters_anonymise_expired() == 3
        assert services.requesters_anonymise_expired() == 0  # idempotent
        lecture_requesters_anonymise_task()
    for order in (rated, delivered, cancelled):
        order.refresh_from_db()
        assert order.contact_name == "" and order.contact_phone == ""
        assert order.organisation  # the record of the lecture stays
    live.refresh_from_db()
    assert live.contact_phone == PHONE  # an open order keeps its contact
    entry = AuditLog.objects.get(
        action="retention_anonymise", target="consultations.lecture_orders"
    )
    assert entry.detail["count"] == 3


def test_a_blanked_contact_reads_as_removed(client, offering, lecturer, staff_dalate, today):
    order, _ = order_in("rated", offering=offering, staff=staff_dalate, member=lecturer, when=today)
    LectureOrder.objects.filter(pk=order.pk).update(contact_name="", contact_phone="")
    assert "已按保存期限删除" in _page(client, staff_dalate, "lectures:order_detail", order)
