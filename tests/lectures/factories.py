"""Lecture offerings and orders reached through the services (never by writing a status)."""

from __future__ import annotations

import datetime

from accounts.models import User
from lectures import services
from lectures.models import LectureField, LectureOrder
from org.models import Committee
from tests.members.factories import MemberFactory, MemberUserFactory, UserFactory
from tests.workstations.factories import ActivityFactory

ORDER_DETAILS = {
    "requester_kind": LectureOrder.Requester.COMMUNITY,
    "organisation": "天骄社区",
    "contact_name": "李主任",
    "contact_phone": "13800001234",
    "place": "天骄社区活动室",
    "audience_size": 60,
    "preferred_dates": "6月下旬周末",
}


def approved_offering(member, staff, **overrides):
    details = {
        "title": "家庭教育中的沟通",
        "field": LectureField.EDUCATION,
        "audience": "家长",
        "length_minutes": 60,
        "description": "讲家长和孩子怎样沟通。",
        **overrides,
    }
    offering = services.offering_save(by=member.user, member=member, **details)
    services.offering_submit(offering=offering, by=member.user)
    return services.offering_approve(offering=offering, by=staff)


def placed_order(offering=None, *, committee=None, **overrides):
    kwargs = {**ORDER_DETAILS, **overrides}
    if offering is None:
        kwargs.setdefault("topic", "防范电信诈骗")
        kwargs.setdefault("field", LectureField.LAW)
    order, token = services.order_place(
        offering=offering, committee=committee, consent=True, **kwargs
    )
    return order, token


def order_in(state: str, *, offering, staff, member, when: datetime.date):
    """An order of ``offering`` taken to ``state`` by its author and ``staff``."""
    order, token = placed_order(offering)
    if state == "new":
        return order, token
    services.order_dispatch(order=order, by=staff, member=member)
    if state == "dispatched":
        return order, token
    services.order_accept(order=order, by=member.user)
    if state == "accepted":
        return order, token
    services.order_schedule(order=order, by=member.user, agreed_on=when)
    if state == "scheduled":
        return order, token
    services.order_deliver(
        order=order, by=staff, delivered_on=when, people_reached=55, summary="讲得很好。"
    )
    if state == "delivered":
        return order, token
    services.order_rate(order=order, rating=LectureOrder.Rating.SATISFIED, comment="谢谢")
    return order, token


def demo_world(ref):
    """What ``load_demo_lectures`` needs: members and staff in every committee, the demo member
    accounts, and a confirmed activity (典型经验 writes one up)."""
    for committee in Committee.objects.all():
        MemberFactory.create_batch(4, committee=committee)
        UserFactory(role=User.Role.STAFF, committee=committee)
    MemberFactory(committee=ref["dalate"], status="active")
    MemberUserFactory(committee=ref["dalate"], user__username="member_dlt")
    MemberUserFactory(committee=ref["ordos"], user__username="member")
    ActivityFactory(committee=ref["dalate"], status="confirmed")
