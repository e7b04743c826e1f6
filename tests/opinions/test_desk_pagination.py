"""The desk's count and pages at any size (issue 11): the count stops at a cap, and past it the
page says that more match, how many rows it lists and asks to narrow the filter; every number
on the page is the number of rows one can page through; pages follow the list's order exactly
(ties on the submission time included) and never repeat or skip a row."""

import datetime
import itertools

import pytest
from django.urls import reverse
from django.utils import timezone

from opinions.models import Channel, Opinion, Status
from opinions.views.desk import InboxView
from tests.utils import queries_for

pytestmark = pytest.mark.django_db

INBOX = reverse("opinions:inbox")
_codes = itertools.count(800000)


def make(n, committee, category, *, same_time=False, **fields) -> list[Opinion]:
    start = timezone.now() - datetime.timedelta(days=1)
    return Opinion.objects.bulk_create(
        Opinion(
            committee=committee,
            category=category,
            tracking_code=f"JY-2026-{next(_codes):06d}",
            title=f"第{i}条",
            content="内容",
            status=Status.SUBMITTED,
            submitted_at=start if same_time else start + datetime.timedelta(minutes=i),
            review_due_at=start + datetime.timedelta(days=7),
            **{"channel": Channel.WEB, **fields},
        )
        for i in range(n)
    )


def newest_first(rows):
    return [o.pk for o in sorted(rows, key=lambda o: (o.submitted_at, o.pk), reverse=True)]


def pks(response):
    return [o.pk for o in response.context["opinions"]]


@pytest.fixture
def small_cap(monkeypatch):
    monkeypatch.setattr(InboxView, "paginate_by", 2)
    monkeypatch.setattr(InboxView, "count_cap", 5)
    monkeypatch.setattr(InboxView, "search_count_cap", 3)


def test_under_the_cap_the_count_is_exact(client, staff_dalate, dalate, category, small_cap):
    rows = make(5, dalate, category)
    client.force_login(staff_dalate)
    response = client.get(INBOX)
    paginator = response.context["page_obj"].paginator
    assert (paginator.count, paginator.num_pages, paginator.is_capped) == (5, 3, False)
    html = response.content.decode()
    assert "共 5 条" in html and "超过" not in html and "末页" in html
    assert pks(client.get(INBOX, {"page": 3})) == newest_first(rows)[4:]


def test_past_the_cap_the_page_says_so(client, staff_dalate, dalate, category, small_cap):
    rows = make(5, dalate, category) + make(3, dalate, category, channel=Channel.MAILBOX)
    client.force_login(staff_dalate)
    response = client.get(INBOX)
    paginator = response.context["page_obj"].paginator
    assert (paginator.count, paginator.num_pages, paginator.is_capped) == (5, 3, True)
    html = response.content.decode()
    assert "超过 5 条，仅列出最新的 5 条（3 页）。请缩小筛选范围" in html
    assert "共 8 条" not in html and "共 5 条" not in html
    assert "可翻阅的最后一页" in html and "第 1 / 3 页" in html
    # the last page one can reach holds the fifth newest row; past it there is no page
    assert pks(client.get(INBOX, {"page": 3})) == newest_first(rows)[4:5]
    assert client.get(INBOX, {"page": 4}).status_code == 404
    # a narrower filter under the cap has its exact count again
    html = client.get(INBOX, {"channel": Channel.MAILBOX}).content.decode()
    assert "共 3 条" in html and "超过" not in html


def test_a_search_has_its_own_cap(client, staff_dalate, dalate, category, small_cap):
    make(4, dalate, category)
    client.force_login(staff_dalate)
    html = client.get(INBOX, {"q": "第"}).content.decode()
    assert "超过 3 条，仅列出最新的 3 条（2 页）" in html
    assert "共 4 条" in client.get(INBOX).content.decode()


def test_count_and_pages_follow_the_filters(client, staff_dalate, dalate, category, small_cap):
    make(6, dalate, category)
    letters = make(3, dalate, category, channel=Channel.MAILBOX)
    client.force_login(staff_dalate)
    response = client.get(INBOX, {"channel": Channel.MAILBOX})
    assert "共 3 条" in response.content.decode()
    shown = pks(response) + pks(client.get(INBOX, {"channel": Channel.MAILBOX, "page": 2}))
    assert shown == newest_first(letters)


@pytest.mark.parametrize("same_time", [False, True])
def test_pages_walk_the_list_in_order(client, staff_dalate, dalate, category, same_time):
    rows = make(45, dalate, category, same_time=same_time)
    client.force_login(staff_dalate)
    shown = []
    for page in (1, 2, 3):
        shown += pks(client.get(INBOX, {"page": page}))
    assert shown == newest_first(rows)  # 20 + 20 + 5, none twice, none missing
    assert client.get(INBOX, {"page": 4}).status_code == 404


def test_a_deep_page(client, staff_municipal, dalate, zhungeer, category):
    """Page 100 of the default list, as the benchmark asks for it (municipal staff see all)."""
    rows = make(1_010, dalate, category) + make(1_000, zhungeer, category)
    client.force_login(staff_municipal)
    response = client.get(INBOX, {"page": 100})
    assert pks(response) == newest_first(rows)[1980:2000]
    assert "共 2010 条" in response.content.decode()


def test_query_count_does_not_depend_on_size_cap_or_page(
    client, staff_dalate, dalate, category, small_cap
):
    make(3, dalate, category)
    client.force_login(staff_dalate)
    under_cap, _ = queries_for(client, INBOX)
    make(20, dalate, category)
    for params in ({}, {"page": 3}, {"q": "第1"}, {"q": "第"}, {"status": "submitted"}):
        count, sql = queries_for(client, INBOX, params)
        assert count == under_cap, (params, sql)
