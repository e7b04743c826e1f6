"""The inbox and the opinion page take the same number of queries whatever the number of
opinions, events and attachments. Rows are made with bulk_create: the services hash a lookup
key per opinion, which would make 200 of them slow."""

import itertools

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from opinions.models import Attachment, Channel, Opinion, OpinionEvent, Status
from org.models import Region
from tests.members.factories import MemberFactory
from tests.utils import queries_for

pytestmark = pytest.mark.django_db

_codes = itertools.count(500000)
_tokens = itertools.count(1)


def make_opinions(n, *, committee, categories, assignee=None, **fields):
    regions = list(Region.objects.filter(committee=committee).exclude(level="banner")[:3]) or [None]
    now = timezone.now()
    rows = []
    for i in range(n):
        rows.append(
            Opinion(
                committee=committee,
                channel=[Channel.WEB, Channel.MAILBOX, Channel.PHONE][i % 3],
                category=categories[i % len(categories)],
                region=regions[i % len(regions)],
                tracking_code=f"JY-2026-{next(_codes):06d}",
                title=f"第{i}条建言：关于供水管网改造",
                content="情况、分析与建议。" * 5,
                submitter_name="李四",
                submitter_phone="13912345678",
                status=[Status.SUBMITTED, Status.UNDER_REVIEW, Status.ADOPTED][i % 3],
                assignee=assignee if i % 2 else None,
                submitted_at=now,
                review_due_at=now - timezone.timedelta(days=1 if i % 4 == 0 else -5),
                **fields,
            )
        )
    return Opinion.objects.bulk_create(rows)


def grow(opinion, n, *, actor, committee, categories):
    """Give ``opinion`` n events, n attachments, n merged-in opinions and n co-authors."""
    kinds = [OpinionEvent.Kind.NOTE, OpinionEvent.Kind.ASSIGNED, OpinionEvent.Kind.REVEAL]
    OpinionEvent.objects.bulk_create(
        OpinionEvent(
            opinion=opinion,
            kind=kinds[i % 3],
            actor=actor if i % 2 else None,
            comment=f"备注{i}",
            data={"assignee_name": "张三"} if i % 3 == 1 else {},
        )
        for i in range(n)
    )
    Attachment.objects.bulk_create(
        Attachment(
            opinion=opinion,
            token=f"{next(_tokens):032x}",
            file=f"private/x{i}.pdf",
            original_name=f"材料{i}.pdf",
            content_type="application/pdf",
            size=100 + i,
        )
        for i in range(n)
    )
    merged = make_opinions(n, committee=committee, categories=categories)
    Opinion.objects.filter(pk__in=[o.pk for o in merged]).update(
        status=Status.MERGED, merged_into=opinion
    )
    if opinion.author_id:
        opinion.co_authors.set(MemberFactory.create_batch(min(n, 10), committee=committee))


@pytest.fixture
def colleague(make_user, dalate):
    return make_user(User.Role.STAFF, dalate, username="staff_dalate2")


@pytest.mark.parametrize("who", ["staff_dalate", "staff_municipal"])
def test_inbox(client, request, who, dalate, zhungeer, categories, colleague):
    user = request.getfixturevalue(who)
    client.force_login(user)
    url = reverse("opinions:inbox")
    make_opinions(5, committee=dalate, categories=categories, assignee=colleague)
    make_opinions(2, committee=zhungeer, categories=categories)
    small, _ = queries_for(client, url)
    small_filtered, _ = queries_for(client, url, {"spam": "all", "overdue": "on", "q": "供水"})
    make_opinions(195, committee=dalate, categories=categories, assignee=colleague)
    make_opinions(50, committee=zhungeer, categories=categories)
    large, sql = queries_for(client, url)
    large_filtered, _ = queries_for(client, url, {"spam": "all", "overdue": "on", "q": "供水"})
    assert large == small, sql
    assert large_filtered == small_filtered
    assert large <= 15, sql


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_export(client, staff_municipal, dalate, categories, colleague, fmt):
    client.force_login(staff_municipal)
    url = reverse("opinions:export", args=[fmt])
    make_opinions(5, committee=dalate, categories=categories, assignee=colleague)
    small, _ = queries_for(client, url)
    make_opinions(100, committee=dalate, categories=categories, assignee=colleague)
    large, sql = queries_for(client, url)
    assert large == small, sql


def test_opinion_page(client, staff_dalate, dalate, categories, public_opinion):
    client.force_login(staff_dalate)
    url = reverse("opinions:desk_detail", args=[public_opinion.pk])
    grow(public_opinion, 5, actor=staff_dalate, committee=dalate, categories=categories)
    small, _ = queries_for(client, url)
    grow(public_opinion, 45, actor=staff_dalate, committee=dalate, categories=categories)
    large, sql = queries_for(client, url)
    assert public_opinion.events.count() > 50 and public_opinion.attachments.count() == 50
    assert large == small, sql
    assert large <= 25, sql


def test_member_item_page(client, staff_dalate, member_user, dalate, categories, member_item):
    client.force_login(staff_dalate)
    url = reverse("opinions:desk_detail", args=[member_item.pk])
    grow(member_item, 5, actor=staff_dalate, committee=dalate, categories=categories)
    small, _ = queries_for(client, url)
    grow(member_item, 45, actor=staff_dalate, committee=dalate, categories=categories)
    large, sql = queries_for(client, url)
    assert large == small, sql


def test_member_pages(client, member_user, dalate, categories, make_member_item):
    client.force_login(member_user)
    item = make_member_item(member_user)
    detail = reverse("opinions:mine_detail", args=[item.pk])
    mine = reverse("opinions:mine")
    make_opinions(4, committee=dalate, categories=categories, author=member_user.member)
    grow(item, 5, actor=None, committee=dalate, categories=categories)
    small_list, _ = queries_for(client, mine)
    small_detail, _ = queries_for(client, detail)
    make_opinions(40, committee=dalate, categories=categories, author=member_user.member)
    grow(item, 45, actor=None, committee=dalate, categories=categories)
    large_list, sql = queries_for(client, mine)
    assert large_list == small_list, sql
    large_detail, sql = queries_for(client, detail)
    assert large_detail == small_detail, sql


def test_tracking_page(client, public_opinion, staff_dalate, dalate, categories):
    url = reverse("opinions:track")
    data = {"code": public_opinion.tracking_code, "key": public_opinion.lookup_key}
    grow(public_opinion, 5, actor=staff_dalate, committee=dalate, categories=categories)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def count():
        with CaptureQueriesContext(connection) as ctx:
            response = client.post(url, data)
        assert response.status_code == 200 and 'id="public-status"' in response.content.decode()
        return len(ctx.captured_queries)

    small = count()
    grow(public_opinion, 45, actor=staff_dalate, committee=dalate, categories=categories)
    assert count() == small
