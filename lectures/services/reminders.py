"""The 委员讲堂's daily reminder to the office of orders not accepted in three days (ADR 0015)."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from accounts.models import User
from notifications.models import NoticeKind
from notifications.services import Due, reminders_send

from ..models import LectureOrder


def lecture_reminders_send(*, now: datetime.datetime | None = None) -> int:
    """Daily: a notice to the office (active staff) of the order's own committee for each order
    dispatched more than three days ago and not accepted (超时未接单). Once per dispatch — the
    key names the order and its dispatch time, so a re-dispatched order that waits again is
    reminded again. Returns how many orders were reminded of."""
    now = now or timezone.now()
    overdue = LectureOrder.objects.overdue(now).select_related("offering", "member")
    orders = list(overdue.order_by("pk"))
    if not orders:
        return 0
    office: dict[int | None, list[User]] = {}
    for user in User.objects.filter(
        committee_id__in={o.committee_id for o in orders}, role=User.Role.STAFF, is_active=True
    ).order_by("pk"):
        office.setdefault(user.committee_id, []).append(user)
    link = reverse("lectures:orders") + "?show=overdue"
    due = []
    with translation.override(settings.LANGUAGE_CODE):
        for order in orders:
            text = _(
                "讲堂订单超时未接单：%(code)s（%(org)s，“%(title)s”）派给%(member)s已超过3天，"
                "请跟进或改派。"
            ) % {
                "code": order.code,
                "org": order.organisation,
                "title": order.title,
                "member": order.member.name if order.member_id else "",
            }
            due.append(
                Due(
                    key=f"lecture-overdue:{order.pk}:{order.dispatched_at:%Y%m%d%H%M%S}",
                    users=office.get(order.committee_id, []),
                    text=text,
                    link=reverse("lectures:order_detail", args=[order.pk]),
                    title=order.code,
                )
            )

        def digest(items: list[Due]) -> tuple[str, str]:
            return (
                _("%(count)s 个讲堂订单超过3天未接单：%(codes)s。")
                % {"count": len(items), "codes": "、".join(item.title for item in items)},
                link,
            )

    return reminders_send(due=due, kind=NoticeKind.REVIEW, digest=digest)
