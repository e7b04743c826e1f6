"""The 委员讲堂 pages as their users meet them: the public menu and order form (with the
我要建言 limits), the private order page and its rating, 我的讲堂, staff's desk and dispatch.
Hostile input gets a message, never a 500; query counts do not grow with the rows."""

from __future__ import annotations

import pytest
from django.urls import reverse

from lectures import services
from lectures.models import LectureOrder
from opinions import abuse
from tests.lectures.factories import ORDER_DETAILS, approved_offering, order_in, placed_order

pytestmark = pytest.mark.usefixtures("frozen_now")


def _order_post(**overrides):
    data = {**ORDER_DETAILS, "consent": "on", **overrides}
    data.setdefault("started", abuse.timer_token())
    return data


def test_menu_filters_by_field_and_committee(client, offering, lecturer, staff_dalate, zhungeer):
    from tests.members.factories import MemberUserFactory

    other = MemberUserFactory(committee=zhungeer)
    from django.contrib.auth import get_user_model

    staff_z = get_user_model().objects.create_user(
        username="z_staff", password="x", role="staff", committee=zhungeer
    )
    law = approved_offering(other, staff_z, title="民法典与生活", field="law")
    page = client.get(reverse("lectures:menu")).content.decode()
    assert offering.title in page and law.title in page
    page = client.get(reverse("lectures:menu"), {"field": "law"}).content.decode()
    assert law.title in page and offering.title not in page
    page = client.get(
        reverse("lectures:menu"), {"committee": offering.committee_id}
    ).content.decode()
    assert offering.title in page and law.title not in page
    for junk in ({"field": "<script>"}, {"committee": "1e9"}, {"committee": "²"}, {"page": "x"}):
        assert client.get(reverse("lectures:menu"), junk).status_code in (200, 404)


def test_menu_query_count_is_constant(
    client, lecturer, staff_dalate, django_assert_max_num_queries
):
    approved_offering(lecturer, staff_dalate)
    with django_assert_max_num_queries(8) as few:
        client.get(reverse("lectures:menu"))
    for i in range(10):
        approved_offering(lecturer, staff_dalate, title=f"讲题{i}")
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(reverse("lectures:menu"))


def test_order_from_the_menu_then_follow_and_rate(client, offering, lecturer, staff_dalate, today):
    url = reverse("lectures:order_new")
    page = client.get(url, {"offering": offering.pk}).content.decode()
    assert offering.title in page and 'for="id_contact_phone"' in page
    response = client.post(url, _order_post(offering=offering.pk, token="b" * 32))
    assert response.status_code == 302
    track = response["Location"]
    order = LectureOrder.objects.get()
    assert order.offering == offering and order.committee == offering.committee
    assert track.startswith("/jiangtang/d/")
    page = client.get(track).content.decode()
    assert order.code in page and "专属链接" in page
    # the same form posted twice is one order; the link is not shown again
    again = client.post(url, _order_post(offering=offering.pk, token="b" * 32))
    assert again.status_code == 302 and LectureOrder.objects.count() == 1
    # staff and the member take it to delivery; then the requester rates it
    services.order_dispatch(order=order, by=staff_dalate, member=lecturer)
    services.order_accept(order=order, by=lecturer.user)
    services.order_schedule(order=order, by=lecturer.user, agreed_on=today)
    assert "评价这次讲座" not in client.get(track).content.decode()
    services.order_deliver(
        order=order, by=staff_dalate, delivered_on=today, people_reached=40, summary="好"
    )
    assert "评价这次讲座" in client.get(track).content.decode()
    assert client.post(track, {"rating": "nonsense"}).status_code == 400
    response = client.post(track, {"rating": "satisfied", "comment": "讲得很实用"})
    assert response.status_code == 302
    order.refresh_from_db()
    assert order.status == LectureOrder.Status.RATED and order.rating_comment == "讲得很实用"
    # a second rating is refused with a message
    client.post(track, {"rating": "unsatisfied"})
    order.refresh_from_db()
    assert order.rating == "satisfied"


def test_topic_request_and_its_errors(client, dalate):
    url = reverse("lectures:order_new")
    response = client.post(url, _order_post())
    assert response.status_code == 200
    page = response.content.decode()
    assert "请从菜单中选择讲题，或写下希望讲的题目。" in page and "请选择所在旗区。" in page
    response = client.post(url, _order_post(topic="防范电信诈骗", field="law", committee=dalate.pk))
    assert response.status_code == 302
    assert LectureOrder.objects.get().committee == dalate


@pytest.mark.parametrize(
    "bad",
    [
        {"offering": "99999999"},
        {"offering": "abc"},
        {"audience_size": "-3"},
        {"audience_size": "99999999999999999999"},
        {"contact_phone": "12345"},
        {"contact_phone": "１３８０００００１２３"},
        {"organisation": "x" * 500},
        {"organisation": "\u200b\u200b"},
        {"committee": "0"},
        {"field": "nope"},
        {"requester_kind": "<b>"},
        {"consent": ""},
        {"preferred_dates": "\x00"},
    ],
)
def test_hostile_order_input_gets_a_message(client, offering, bad):
    response = client.post(
        reverse("lectures:order_new"), _order_post(**{"offering": offering.pk, **bad})
    )
    assert response.status_code in (200, 302)
    if response.status_code == 200:
        assert "提交的内容有误" in response.content.decode()


def test_order_form_rate_limit_and_captcha(client, offering, settings):
    settings.SUBMISSION_CAPTCHA_AFTER = 1
    settings.SUBMISSION_LIMIT_PER_HOUR = 3
    url = reverse("lectures:order_new")
    client.post(url, _order_post(offering=offering.pk, token="c" * 32))
    page = client.get(url).content.decode()
    assert "captcha_challenge" in page
    response = client.post(url, _order_post(offering=offering.pk, token="d" * 32, captcha="1"))
    assert "验证码不正确" in response.content.decode()
    client.post(url, _order_post(offering=offering.pk))
    assert client.post(url, _order_post(offering=offering.pk)).status_code == 429


def test_bot_filled_order_is_flagged_and_nobody_told(client, offering):
    from notifications.models import OutboxMessage

    client.post(
        reverse("lectures:order_new"),
        _order_post(offering=offering.pk, website="http://spam", started=""),
    )
    order = LectureOrder.objects.get()
    assert set(order.flags) >= {"honeypot", "no_timer"}
    assert not OutboxMessage.objects.filter(cause=f"lecture-order-placed:{order.pk}").exists()


@pytest.mark.parametrize("token", ["x", "a" * 40, "%00", "../../etc", "a" * 300])
def test_unknown_private_links_are_404(client, offering, token):
    placed_order(offering)
    assert client.get(f"/jiangtang/d/{token}/").status_code == 404
    assert client.post(f"/jiangtang/d/{token}/", {"rating": "satisfied"}).status_code == 404


def test_member_accepts_and_schedules_from_my_lectures(client, offering, lecturer, staff_dalate):
    order, _ = placed_order(offering)
    services.order_dispatch(order=order, by=staff_dalate, member=lecturer)
    client.force_login(lecturer.user)
    mine = client.get(reverse("lectures:mine")).content.decode()
    assert "待我接单" in mine and offering.title in mine
    home = client.get(reverse("dashboards:member")).content.decode()
    assert "1 个讲堂订单等您接单" in home
    page = client.get(reverse("lectures:my_order", args=[order.pk])).content.decode()
    assert "婉拒并说明原因" in page and "接单" in page
    action = reverse("lectures:order_action", args=[order.pk, "decline"])
    assert client.post(action, {"decline-reason": ""}).status_code == 400
    client.post(reverse("lectures:order_action", args=[order.pk, "accept"]), {})
    order.refresh_from_db()
    assert order.status == LectureOrder.Status.ACCEPTED
    schedule = reverse("lectures:order_action", args=[order.pk, "schedule"])
    assert client.post(schedule, {"schedule-agreed_on": "2026-01-01"}).status_code == 400
    assert client.post(schedule, {"schedule-agreed_on": "not a date"}).status_code == 400
    client.post(schedule, {"schedule-agreed_on": "2026-06-20", "schedule-agreed_time": "上午"})
    order.refresh_from_db()
    assert order.status == LectureOrder.Status.SCHEDULED
    # the member cannot record delivery (403) nor act on an unknown action (404)
    deliver = reverse("lectures:order_action", args=[order.pk, "deliver"])
    assert client.post(deliver, {}).status_code == 403
    assert client.post(reverse("lectures:order_action", args=[order.pk, "zap"])).status_code == 404


def test_member_publishes_an_offering(client, lecturer):
    client.force_login(lecturer.user)
    url = reverse("lectures:offering_new")
    assert client.get(url).status_code == 200
    response = client.post(url, {"title": "", "field": "x", "length_minutes": "5"})
    assert response.status_code == 200 and "提交的内容有误" in response.content.decode()
    response = client.post(
        url,
        {
            "title": "中医养生",
            "field": "health",
            "audience": "老年人",
            "length_minutes": "60",
            "description": "四季养生。",
            "action": "submit",
        },
    )
    assert response.status_code == 302
    offering = lecturer.lecture_offerings.get()
    assert offering.status == "submitted"
    # submitted: editing sends them back to the page with a message
    assert client.get(reverse("lectures:offering_edit", args=[offering.pk])).status_code == 302


def test_staff_dispatch_page_and_overdue_badge(
    client, offering, lecturer, colleague, staff_dalate, django_assert_max_num_queries
):
    import datetime

    import time_machine

    order, _ = placed_order(offering)
    client.force_login(staff_dalate)
    page = client.get(reverse("lectures:order_detail", args=[order.pk])).content.decode()
    assert "张讲师（主讲）" in page and "派单" in page
    action = reverse("lectures:order_action", args=[order.pk, "dispatch"])
    assert client.post(action, {"dispatch-member": "99999"}).status_code == 400
    assert client.post(action, {"dispatch-member": lecturer.pk}).status_code == 302
    order.refresh_from_db()
    assert order.member == lecturer
    assert (
        order.code
        not in client.get(reverse("lectures:orders"), {"show": "overdue"}).content.decode()
    )
    late, _ = placed_order(offering)
    with time_machine.travel(datetime.datetime(2026, 6, 11, 9, tzinfo=datetime.UTC)):
        services.order_dispatch(order=late, by=staff_dalate, member=colleague)
    page = client.get(reverse("lectures:orders"), {"show": "overdue"}).content.decode()
    assert "超时未接单" in page and late.code in page and order.code not in page
    detail = client.get(reverse("lectures:order_detail", args=[late.pk])).content.decode()
    assert "改派其他委员" in detail and "超时未接单" in detail
    for _i in range(3):
        placed_order(offering)
    with django_assert_max_num_queries(14) as few:
        client.get(reverse("lectures:orders"))
    for _i in range(15):
        placed_order(offering)
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(reverse("lectures:orders"))


def test_banner_staff_see_only_their_committee(client, offering, staff_zhungeer):
    order, _ = placed_order(offering)
    client.force_login(staff_zhungeer)
    assert order.code not in client.get(reverse("lectures:orders")).content.decode()
    assert client.get(reverse("lectures:order_detail", args=[order.pk])).status_code == 404
    action = reverse("lectures:order_action", args=[order.pk, "cancel"])
    assert client.post(action, {"cancel-reason": "x"}).status_code == 404


def test_staff_review_from_the_offering_desk(client, lecturer, staff_dalate):
    offering = services.offering_save(
        by=lecturer.user,
        member=lecturer,
        title="乡村振兴",
        field="economy",
        audience="村民",
        length_minutes=90,
        description="讲合作社。",
    )
    services.offering_submit(offering=offering, by=lecturer.user)
    client.force_login(staff_dalate)
    assert "乡村振兴" in client.get(reverse("lectures:offerings")).content.decode()
    url = reverse("lectures:offering_action", args=[offering.pk, "reject"])
    assert client.post(url, {"reject-reason": ""}).status_code == 400
    client.post(reverse("lectures:offering_action", args=[offering.pk, "approve"]))
    offering.refresh_from_db()
    assert offering.status == "approved"


def test_delivered_order_page_links_its_activity(client, offering, lecturer, staff_dalate, today):
    order, _ = order_in(
        "delivered", offering=offering, staff=staff_dalate, member=lecturer, when=today
    )
    client.force_login(staff_dalate)
    page = client.get(reverse("lectures:order_detail", args=[order.pk])).content.decode()
    assert reverse("liaison:activity_detail", args=[order.activity_id]) in page
    assert "写成典型经验" in page


def test_detail_and_workspace_query_counts(
    client, offering, lecturer, staff_dalate, dalate, today, django_assert_max_num_queries
):
    """The dispatch page with 3 or 30 candidate members, and 我的讲堂 with 2 or 12 orders, read
    the same number of queries."""
    from tests.members.factories import MemberUserFactory

    order, _ = placed_order(offering)
    client.force_login(staff_dalate)
    url = reverse("lectures:order_detail", args=[order.pk])
    with django_assert_max_num_queries(20) as few:
        client.get(url)
    MemberUserFactory.create_batch(27, committee=dalate)
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert client.get(url).status_code == 200

    client.force_login(lecturer.user)
    for _i in range(2):
        order_in("scheduled", offering=offering, staff=staff_dalate, member=lecturer, when=today)
    with django_assert_max_num_queries(20) as few:
        client.get(reverse("lectures:mine"))
    for _i in range(10):
        order_in("dispatched", offering=offering, staff=staff_dalate, member=lecturer, when=today)
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert client.get(reverse("lectures:mine")).status_code == 200
    my_order = lecturer.lecture_orders.first()
    with django_assert_max_num_queries(20):
        assert client.get(reverse("lectures:my_order", args=[my_order.pk])).status_code == 200


def test_office_tiles_count_what_their_lists_show(client, offering, lecturer, staff_dalate):
    import datetime

    import time_machine

    placed_order(offering)
    late, _ = placed_order(offering)
    with time_machine.travel(datetime.datetime(2026, 6, 10, 9, tzinfo=datetime.UTC)):
        services.order_dispatch(order=late, by=staff_dalate, member=lecturer)
    client.force_login(staff_dalate)
    tiles = {t.key: t for t in client.get(reverse("dashboards:office")).context["tiles"]}
    assert (tiles["lectures_new"].count, tiles["lectures_overdue"].count) == (1, 1)
    for key in ("lectures_new", "lectures_overdue"):
        listed = client.get(tiles[key].url).context["page_obj"].paginator.count
        assert listed == tiles[key].count, key


@pytest.mark.parametrize(
    "data",
    [
        {
            "deliver-delivered_on": "2026-07-01",
            "deliver-people_reached": "5",
            "deliver-summary": "x",
        },
        {
            "deliver-delivered_on": "2026-06-15",
            "deliver-people_reached": "-1",
            "deliver-summary": "x",
        },
        {
            "deliver-delivered_on": "99999-01-01",
            "deliver-people_reached": "5",
            "deliver-summary": "x",
        },
        {
            "deliver-delivered_on": "2026-06-15",
            "deliver-people_reached": "1e9",
            "deliver-summary": "",
        },
        {},
    ],
)
def test_hostile_delivery_input(client, offering, lecturer, staff_dalate, today, data):
    order, _ = order_in(
        "scheduled", offering=offering, staff=staff_dalate, member=lecturer, when=today
    )
    client.force_login(staff_dalate)
    response = client.post(reverse("lectures:order_action", args=[order.pk, "deliver"]), data)
    assert response.status_code == 400
    order.refresh_from_db()
    assert order.status == LectureOrder.Status.SCHEDULED and order.activity_id is None


def test_unknown_offering_action_is_404(client, offering, staff_dalate):
    client.force_login(staff_dalate)
    url = reverse("lectures:offering_action", args=[offering.pk, "explode"])
    assert client.post(url).status_code == 404


def test_requester_withdraws_through_the_private_link(
    client, offering, lecturer, staff_dalate, today
):
    from notifications.models import OutboxMessage

    order, token = order_in(
        "accepted", offering=offering, staff=staff_dalate, member=lecturer, when=today
    )
    track = reverse("lectures:track", args=[token])
    assert "撤销订单" in client.get(track).content.decode()
    assert client.post(track, {"action": "withdraw", "reason": "x" * 300}).status_code == 400
    response = client.post(track, {"action": "withdraw", "reason": "活动改期"})
    assert response.status_code == 302
    order.refresh_from_db()
    assert order.status == LectureOrder.Status.CANCELLED and order.cancel_reason == "活动改期"
    assert order.events.last().kind == "withdrawn" and order.events.last().actor is None
    told = OutboxMessage.objects.filter(cause__startswith=f"lecture-order:{order.pk}:")
    assert told.filter(user=lecturer.user).exists()
    # nothing more to do, and no button left
    assert "撤销订单" not in client.get(track).content.decode()
    client.post(track, {"action": "withdraw"})
    assert order.events.filter(kind="withdrawn").count() == 1


def test_a_delivered_lecture_cannot_be_withdrawn(client, offering, lecturer, staff_dalate, today):
    order, token = order_in(
        "delivered", offering=offering, staff=staff_dalate, member=lecturer, when=today
    )
    track = reverse("lectures:track", args=[token])
    client.post(track, {"action": "withdraw"})
    order.refresh_from_db()
    assert order.status == LectureOrder.Status.DELIVERED
