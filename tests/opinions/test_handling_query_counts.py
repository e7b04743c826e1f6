"""The part-2 pages take the same number of queries whatever the number of rows: bulletin list
and detail, the department inbox and forwarding page, the overdue page, department statistics
and the desk's forwarding panel. Rows are bulk-created."""

import datetime
import itertools

import pytest
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from opinions.models import (
    Bulletin,
    BulletinItem,
    Forwarding,
    LeaderInstruction,
    Opinion,
    Reply,
    Status,
)
from org.models import Department
from tests.members.factories import MemberFactory
from tests.utils import queries_for

pytestmark = pytest.mark.django_db

_codes = itertools.count(700000)
_names = itertools.count(1)


def bulk_opinions(n, committee, status=Status.FORWARDED, **fields):
    now = timezone.now()
    return Opinion.objects.bulk_create(
        Opinion(
            committee=committee,
            channel="web",
            tracking_code=f"JY-2026-{next(_codes):06d}",
            title=f"第{i}条建言",
            content="情况、分析与建议。" * 3,
            submitter_name="李四",
            submitter_phone="13912345678",
            status=status,
            submitted_at=now,
            adoption_level="banner",
            **fields,
        )
        for i in range(n)
    )


def bulk_forwardings(opinions, department, *, role="lead", overdue=False, **fields):
    due = timezone.localdate() + datetime.timedelta(days=-3 if overdue else 30)
    return Forwarding.objects.bulk_create(
        Forwarding(opinion=o, department=department, role=role, due_date=due, **fields)
        for o in opinions
    )


def bulk_departments(n, committee):
    return Department.objects.bulk_create(
        Department(committee=committee, name=f"测试局{next(_names)}") for _ in range(n)
    )


def assert_constant(client, url, grow, data=None):
    grow(2)
    small, _ = queries_for(client, url, data)
    grow(30)
    large, sql = queries_for(client, url, data)
    assert small == large, "\n".join(sql)


def test_bulletin_list(client, dalate, staff_dalate):
    client.force_login(staff_dalate)

    def grow(n):
        opinions = bulk_opinions(n, dalate, status=Status.COMPILED)
        for opinion in opinions:
            bulletin = Bulletin.objects.create(
                committee=dalate, year=2026, created_by=staff_dalate, signed_by=staff_dalate
            )
            BulletinItem.objects.create(
                bulletin=bulletin, opinion=opinion, editorial_title="标题", editorial_body="正文"
            )

    assert_constant(client, reverse("opinions:bulletins"), grow)


@pytest.mark.parametrize("issued", [False, True])
def test_bulletin_detail_and_print(client, dalate, staff_dalate, issued):
    client.force_login(staff_dalate)
    bulletin = Bulletin.objects.create(
        committee=dalate,
        year=2026,
        created_by=staff_dalate,
        status="issued" if issued else "draft",
        number=1 if issued else None,
        signed_by=staff_dalate,
        issued_at=timezone.now() if issued else None,
    )
    authors = MemberFactory.create_batch(3, committee=dalate)

    def grow(n):
        opinions = bulk_opinions(n, dalate, status=Status.COMPILED)
        for i, opinion in enumerate(opinions):
            if i % 2:
                Opinion.objects.filter(pk=opinion.pk).update(author=authors[i % 3])
        BulletinItem.objects.bulk_create(
            BulletinItem(
                bulletin=bulletin,
                opinion=o,
                position=i,
                editorial_title=f"标题{i}",
                editorial_body="第一段。\n第二段。",
            )
            for i, o in enumerate(opinions)
        )
        bulk_opinions(n, dalate, status=Status.ADOPTED)  # offered for compiling

    assert_constant(client, reverse("opinions:bulletin_detail", args=[bulletin.pk]), grow)
    small, _ = queries_for(client, reverse("opinions:bulletin_print", args=[bulletin.pk]))
    grow(10)
    large, sql = queries_for(client, reverse("opinions:bulletin_print", args=[bulletin.pk]))
    assert small == large, "\n".join(sql)


@pytest.mark.parametrize("show", ["open", "overdue", "all"])
def test_department_inbox(client, dalate, dept_lead, dept_lead_user, show):
    client.force_login(dept_lead_user)

    def grow(n):
        opinions = bulk_opinions(n, dalate)
        bulk_forwardings(opinions[: n // 2], dept_lead, overdue=True)
        bulk_forwardings(opinions[n // 2 :], dept_lead, status="signed")

    assert_constant(client, reverse("opinions:dept_inbox"), grow, {"show": show})


def test_department_forwarding_page(client, dalate, dept_lead, dept_lead_user, staff_dalate):
    client.force_login(dept_lead_user)
    (opinion,) = bulk_opinions(1, dalate)
    (lead,) = bulk_forwardings([opinion], dept_lead, status="rejected")

    def grow(n):
        co_departments = bulk_departments(n, dalate)
        cos = Forwarding.objects.bulk_create(
            Forwarding(
                opinion=opinion, department=d, role="co", status="replied", due_date=lead.due_date
            )
            for d in co_departments
        )
        Reply.objects.bulk_create(
            Reply(forwarding=f, text=f"意见{i}", resolution="reference", reviewed_by=staff_dalate)
            for i, f in enumerate(cos + [lead] * n)
        )
        LeaderInstruction.objects.bulk_create(
            LeaderInstruction(
                opinion=opinion,
                leader_name="王某",
                leader_title="书记",
                level="banner",
                instructed_on=timezone.localdate(),
                text="阅",
            )
            for _ in range(n)
        )

    assert_constant(client, reverse("opinions:dept_detail", args=[lead.pk]), grow)


def test_overdue_page(client, dalate, staff_dalate):
    client.force_login(staff_dalate)

    def grow(n):
        departments = bulk_departments(3, dalate)
        opinions = bulk_opinions(n, dalate)
        for i, department in enumerate(departments):
            bulk_forwardings(opinions[i::3], department, overdue=True)

    assert_constant(client, reverse("opinions:overdue"), grow)


@pytest.mark.parametrize("who", ["staff_dalate", "staff_municipal", "leader"])
@override_settings(DEPARTMENT_STATS_CACHE_SECONDS=0)  # count every time: the queries themselves
def test_department_stats(client, request, dalate, zhungeer, who):
    client.force_login(request.getfixturevalue(who))

    def grow(n):
        for committee in (dalate, zhungeer):
            departments = bulk_departments(max(1, n // 3), committee)
            opinions = bulk_opinions(n, committee, satisfaction="satisfied")
            for i, department in enumerate(departments):
                bulk_forwardings(
                    opinions[i :: len(departments)],
                    department,
                    first_replied_at=timezone.now(),
                    status="accepted",
                    overdue=bool(i % 2),
                )

    assert_constant(client, reverse("opinions:department_stats"), grow)


def test_desk_detail_with_forwardings(client, dalate, staff_dalate):
    client.force_login(staff_dalate)
    (opinion,) = bulk_opinions(1, dalate)

    def grow(n):
        departments = bulk_departments(n, dalate)
        forwardings = Forwarding.objects.bulk_create(
            Forwarding(
                opinion=opinion,
                department=d,
                role="co",
                status="replied",
                due_date=timezone.localdate(),
                signed_at=timezone.now(),
            )
            for d in departments
        )
        Reply.objects.bulk_create(
            Reply(forwarding=f, text="意见", resolution="solved") for f in forwardings
        )

    assert_constant(client, reverse("opinions:desk_detail", args=[opinion.pk]), grow)
