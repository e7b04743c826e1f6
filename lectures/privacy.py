"""PIPL: one citizen's 委员讲堂 orders, found, exported and erased by phone from the office's
personal-data page (``opinions.privacy`` registers this source; ``LecturesConfig.ready``). Only
orders of the committees the office user may change; the audit entry is the page's own."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from opinions.privacy import PersonalDataHit, PersonalDataSource

from .models import LectureOrder


def _orders(by, phone):
    return (
        LectureOrder.objects.changeable_by(by)
        .filter(contact_phone=phone)
        .select_related("offering", "committee")
        .order_by("-created_at", "-pk")
    )


def orders_find(*, by, phone):
    return [
        PersonalDataHit(
            code=o.code,
            title=f"{o.title}（{o.organisation}）",
            committee=o.committee.short_name,
            date=o.created_at,
            link=reverse("lectures:order_detail", args=[o.pk]),
        )
        for o in _orders(by, phone)
    ]


def orders_export(*, by, phone):
    return [
        {
            "record": "lecture_order",
            "code": o.code,
            "committee": o.committee.name,
            "title": o.title,
            "organisation": o.organisation,
            "name": o.contact_name,
            "phone": o.contact_phone,
            "place": o.place,
            "status": o.get_status_display(),
            "ordered_at": o.created_at.isoformat(),
            "rating": o.get_rating_display(),
            "rating_comment": o.rating_comment,
        }
        for o in _orders(by, phone)
    ]


def orders_erase(*, by, phone) -> int:
    """Blank the contact name and phone; the order (the organisation's request and the lecture
    given) stays."""
    return _orders(by, phone).update(contact_name="", contact_phone="")


SOURCE = PersonalDataSource(
    key="lecture_orders",
    label=_("委员讲堂订单"),
    find=orders_find,
    export=orders_export,
    erase=orders_erase,
)
