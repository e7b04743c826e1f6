"""The second half of the demo opinions' lifecycle (``load_demo_handling``): bulletins issued,
adopted opinions forwarded to departments and answered, leader instructions and ratings, through
the real services."""

from __future__ import annotations

import datetime
import random

from django.db import transaction
from django.utils import timezone

from accounts.models import User
from org.models import Committee, Department

from .. import services
from ..models import Forwarding, Opinion, OpinionEvent, Reply, Satisfaction, Status


def load_demo_handling(*, rng: random.Random, per_committee: int = 12) -> dict[str, int]:
    """The second half of the lifecycle for some adopted demo opinions, through the real
    services: an issued 《社情民意信息》 per committee, forwardings to departments in every state
    (new, signed, replied awaiting review, accepted, overdue), leader instructions, ratings and
    closed items. Returns counts; does nothing if forwardings exist."""

    if Forwarding.objects.exists():
        return {}
    counts = {"bulletins": 0, "forwardings": 0, "replied": 0, "closed": 0, "instructions": 0}
    today = timezone.localdate()
    for committee in Committee.objects.order_by("order"):
        staff = User.objects.filter(committee=committee, role=User.Role.STAFF).first()
        departments = list(Department.objects.filter(committee=committee, is_active=True))
        # forwarded only to departments with an account, so each one's steps are its user's
        staffed = set(
            User.objects.filter(
                role=User.Role.DEPARTMENT, is_active=True, department__in=departments
            ).values_list("department_id", flat=True)
        )
        departments = [d for d in departments if d.pk in staffed] or departments
        if staff is None or not departments:
            continue
        education = next((d for d in departments if d.name.endswith("教育局")), departments[0])
        adopted = list(
            Opinion.objects.filter(committee=committee, status=Status.ADOPTED).order_by(
                "decided_at", "pk"
            )[:per_committee]
        )
        if not adopted:
            continue
        with transaction.atomic():
            bulletin = services.bulletin_create(by=staff, committee=committee)
            for opinion in adopted[:3]:
                services.bulletin_add_item(bulletin=bulletin, opinion=opinion, by=staff)
            services.bulletin_submit(bulletin=bulletin, by=staff)
            # 签发 by the committee's leader (never the staff member who compiled it); a
            # committee without a demo leader keeps its issue 待签发
            leader = User.objects.filter(
                committee=committee, role=User.Role.LEADER, is_active=True
            ).first()
            if leader is not None:
                services.bulletin_issue(bulletin=bulletin, by=leader)
            counts["bulletins"] += 1
        for i, opinion in enumerate(adopted):
            lead = education if i % 3 == 0 else rng.choice(departments)
            co = [d for d in rng.sample(departments, k=min(2, len(departments))) if d != lead][:1]
            with transaction.atomic():
                forwardings = services.opinion_forward(
                    opinion=opinion,
                    by=staff,
                    lead=lead,
                    co=co if i % 4 == 0 else [],
                    due_date=today + datetime.timedelta(days=30),
                    cover_note="请研究办理并按期答复。",
                )
            counts["forwardings"] += len(forwardings)
            lead_f = next(f for f in forwardings if f.role == Forwarding.Role.LEAD)
            dept_user = lead.users.filter(is_active=True).first()
            stage = (
                i % 6
            )  # 0 new, 1 signed, 2 replied (awaiting review), 3 accepted, 4 closed, 5 overdue
            decided = opinion.decided_at or timezone.now()
            started = min(decided + datetime.timedelta(days=1), timezone.now())
            if stage == 5 and started > timezone.now() - datetime.timedelta(days=31):
                stage = 1  # decided too recently to be overdue yet
            if stage == 5:  # forwarded long ago, due date passed, no answer yet
                Forwarding.objects.filter(pk=lead_f.pk).update(
                    due_date=timezone.localtime(started).date() + datetime.timedelta(days=30)
                )
            Forwarding.objects.filter(opinion=opinion).update(created_at=started)
            OpinionEvent.objects.filter(opinion=opinion, kind=OpinionEvent.Kind.FORWARDED).update(
                created_at=started
            )
            if stage == 5:
                continue
            if stage == 0:
                continue
            _demo_department_steps(lead_f, dept_user, staff, stage, rng, counts, opinion)
            if i % 5 == 0:
                services.instruction_record(
                    opinion=opinion,
                    by=staff,
                    leader_name=rng.choice(["王", "李", "张"]) + "某某",
                    leader_title="市委副书记"
                    if committee.is_municipal
                    else f"{committee.short_name}委书记",
                    level="municipal" if committee.is_municipal else "banner",
                    instructed_on=today - datetime.timedelta(days=rng.randint(0, 20)),
                    text="请相关部门认真研究，抓好落实，及时反馈办理结果。",
                )
                counts["instructions"] += 1
    return counts


def _demo_department_steps(forwarding, dept_user, staff, stage, rng, counts, opinion):

    if dept_user is not None:
        services.forwarding_sign(forwarding=forwarding, by=dept_user)
        if stage >= 2:
            services.forwarding_reply(
                forwarding=forwarding,
                by=dept_user,
                text=_demo_reply(rng),
                resolution=rng.choice(Reply.Resolution.values),
                contact_person=dept_user.display_name,
            )
    else:
        # Departments without a demo account: their steps are recorded directly (demo only).
        now = timezone.now()
        Forwarding.objects.filter(pk=forwarding.pk).update(
            status=Forwarding.Status.SIGNED, signed_at=now
        )
        if stage >= 2:
            Reply.objects.create(
                forwarding=forwarding,
                text=_demo_reply(rng),
                resolution=rng.choice(Reply.Resolution.values),
            )
            Forwarding.objects.filter(pk=forwarding.pk).update(
                status=Forwarding.Status.REPLIED, first_replied_at=now
            )
    if stage >= 3:
        # the co-handlers give their 协办意见 first: the lead's reply waits for them
        for co in Forwarding.objects.filter(
            opinion=forwarding.opinion_id, role=Forwarding.Role.CO, status=Forwarding.Status.NEW
        ).select_related("department"):
            co_user = co.department.users.filter(is_active=True).first()
            if co_user is not None:
                services.forwarding_sign(forwarding=co, by=co_user)
                services.forwarding_give_opinion(
                    forwarding=co,
                    by=co_user,
                    text="本单位职责范围内的情况已提供主办单位，同意主办单位的答复意见。",
                )
            else:
                services.forwarding_waive_opinion(
                    forwarding=co, by=staff, reason="协办单位已通过电话向主办单位提供意见。"
                )
        reply = Reply.objects.filter(forwarding=forwarding).latest("pk")
        services.reply_review(reply=reply, by=staff, accept=True)
        counts["replied"] += 1
    if stage >= 4:
        opinion.refresh_from_db()
        services.opinion_rate(
            opinion=opinion,
            satisfaction=rng.choice(
                [Satisfaction.SATISFIED, Satisfaction.SATISFIED, Satisfaction.BASICALLY]
            ),
            comment="感谢及时答复。",
        )
        counts["closed"] += 1


def _demo_reply(rng) -> str:
    return rng.choice(
        [
            "经研究，该问题已列入今年工作计划，计划于年底前完成整改，届时将向社会公布。",
            "我单位已会同属地苏木乡镇进行现场核查，已安排专项资金予以解决。",
            "该建议对改进工作很有参考价值，受资金和政策条件所限，暂时无法全部实施，我们将积极争取上级支持。",
        ]
    )
