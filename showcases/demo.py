"""Demo 典型经验 for ``load_demo_data``: write-ups published from confirmed activities and a
rated 委员讲堂 order (call after ``load_demo_lectures``), one draft, and one written up through the
services from a closed public consultation event and its adopted outcome (call after
``load_demo_consultations``)."""

from __future__ import annotations

import datetime

from django.db import transaction
from django.utils import timezone

from accounts.models import User
from consultations.models import Consultation, Outcome
from lectures.models import LectureOrder
from liaison.models import Activity
from org.models import Committee

from . import services
from .models import Showcase, ShowcaseEvent


def _at(days_ago: float, hour: int = 10) -> datetime.datetime:
    base = timezone.now() - datetime.timedelta(days=days_ago)
    return base.replace(hour=hour, minute=0, second=0, microsecond=0)


def _office(committee: Committee) -> User | None:
    return User.objects.filter(committee=committee, role=User.Role.STAFF).order_by("pk").first()


SHOWCASES = [
    (
        "委员讲堂走进嘎查村：群众点单、委员接单",
        "一年来，委员们带着讲题走进社区和嘎查村，群众点什么就讲什么。",
        "lecture",
    ),
    (
        "编组下沉，委员在群众身边",
        "委员按界别编组下沉到苏木乡镇，走访调研形成一批社情民意。",
        "activity",
    ),
    (
        "小区供暖问题的协商解决",
        "委员之家接待群众反映供暖不热，委员调研协商，问题当月解决。",
        "activity",
    ),
    (
        "网格结对走访，民情“一网打尽”",
        "委员与网格员结对，定期走访，收集的问题分类转办、跟踪到底。",
        "activity",
    ),
]


@transaction.atomic
def load_demo_showcases() -> int:
    """The published write-ups of activities and a rated lecture, and one draft."""
    made = 0
    lecture = (
        LectureOrder.objects.filter(status=LectureOrder.Status.RATED)
        .select_related("committee")
        .order_by("pk")
        .first()
    )
    activities = list(
        Activity.objects.filter(status=Activity.Status.CONFIRMED, origin="", shift__isnull=True)
        .select_related("committee")
        .order_by("-occurred_on", "pk")[:40]
    )
    for i, (title, summary, source) in enumerate(SHOWCASES):
        activity = order = None
        if source == "lecture" and lecture is not None:
            order, committee = lecture, lecture.committee
        elif activities:
            activity = activities[(i * 7) % len(activities)]
            committee = activity.committee
        else:
            continue
        office = _office(committee) or _office(Committee.objects.order_by("order")[0])
        published = _at(3 + i * 9)
        showcase = Showcase.objects.create(
            committee=committee,
            title=title,
            summary=summary,
            body=(
                f"{summary}\n\n做法：一是摸清群众需求，二是发挥委员专长，三是跟踪办理结果。"
                "\n\n成效：群众满意度明显提高，形成了可复制的经验。"
            ),
            activity=activity,
            lecture_order=order,
            status=Showcase.Status.PUBLISHED,
            published_at=published,
            created_by=office,
        )
        ShowcaseEvent.objects.bulk_create(
            [
                ShowcaseEvent(
                    showcase=showcase,
                    kind=ShowcaseEvent.Kind.CREATED,
                    actor=office,
                    to_status="draft",
                    created_at=published - datetime.timedelta(days=1),
                ),
                ShowcaseEvent(
                    showcase=showcase,
                    kind=ShowcaseEvent.Kind.PUBLISHED,
                    actor=office,
                    from_status="draft",
                    to_status="published",
                    created_at=published,
                ),
            ]
        )
        made += 1
    # and one draft
    if activities:
        Showcase.objects.create(
            committee=activities[0].committee,
            title="委员值班室接待群众的几点体会",
            summary="草稿：待补充数据。",
            body="待补充。",
            activity=activities[0],
            created_by=_office(activities[0].committee),
        )
    return made


def demo_consultation_showcase() -> int:
    """One published write-up of a closed public event and its adopted outcome."""
    outcome = (
        Outcome.objects.filter(
            consultation__status=Consultation.Status.CLOSED,
            consultation__is_public=True,
            status__in=[Outcome.Status.IMPLEMENTED, Outcome.Status.ADOPTED],
        )
        .select_related("consultation__committee")
        .order_by("pk")
        .first()
    )
    if outcome is None or Showcase.objects.filter(consultation=outcome.consultation).exists():
        return 0
    event = outcome.consultation
    staff = (
        User.objects.filter(role=User.Role.STAFF, committee=event.committee, is_active=True)
        .order_by("pk")
        .first()
    )
    if staff is None:
        return 0
    showcase = services.showcase_create(
        by=staff,
        committee=event.committee,
        title="协商议事会议出的实招落了地"[:60],
        summary=f"{event.title[:60]}形成的意见建议被有关部门采纳并落实。"[:200],
        body=(
            f"{event.get_kind_display()}“{event.title}”邀请委员、群众代表和有关部门面对面协商。"
            f"\n\n会上形成的建议“{outcome.recommendation[:80]}”报送{outcome.submitted_to}后"
            "得到采纳，目前已落实。\n\n经验：议题来自群众，协商有部门到场回应，成果全程跟踪公开。"
        ),
        consultation=event,
        outcome=outcome,
    )
    services.showcase_publish(showcase=showcase, by=staff)
    return 1
