"""The consultation pages as their users use them: a citizen signs up, sees the entry code and
its QR, downloads the calendar file and cancels; staff create an event, invite, record
attendance, minutes and outcomes and check observers in from a phone; a member answers an
invitation. Hostile input gets a message (never a 500, nothing stored); personal data is
masked; every page's query count stays constant as its rows grow."""

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from consultations import services
from consultations.models import Consultation, Invitation, Observer, Topic
from tests.consultations.factories import ConsultationFactory, InvitationFactory
from tests.members.factories import MemberFactory
from tests.opinions.factories import OpinionFactory
from tests.utils import queries_for, unlabelled_controls

pytestmark = pytest.mark.usefixtures("frozen_now")


@pytest.fixture
def open_event(event, office):
    services.consultation_step(consultation=event, by=office, action="open")
    event.refresh_from_db()
    return event


def _sign_up(client, event, **data):
    payload = {"name": "张小花", "phone": "13912345678", "consent": "on", **data}
    return client.post(reverse("consultations:public_detail", args=[event.pk]), payload)


# --- the public -------------------------------------------------------------------------------
def test_public_list_shows_open_public_events_only(client, open_event, dalate):
    ConsultationFactory(committee=dalate, title="未公开的内部协商", is_public=False, capacity=0)
    ConsultationFactory(committee=dalate, title="还在筹备的活动")  # planned: not announced
    body = client.get(reverse("consultations:public_list")).content.decode()
    assert open_event.title in body
    assert "未公开的内部协商" not in body and "还在筹备的活动" not in body
    planned = Consultation.objects.get(title="还在筹备的活动")
    assert client.get(reverse("consultations:public_detail", args=[planned.pk])).status_code == 404


def test_citizen_signs_up_and_gets_an_entry_code_with_a_qr(client, open_event):
    page = client.get(reverse("consultations:public_detail", args=[open_event.pk]))
    assert not unlabelled_controls(page.content.decode())
    response = _sign_up(client, open_event)
    observer = Observer.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("consultations:observer_pass", args=[observer.token])
    page = client.get(response["Location"])
    body = page.content.decode()
    assert observer.entry_code in body
    assert "<svg" in body and "张**" in body and "139****5678" in body
    assert "13912345678" not in body
    assert page["Cache-Control"] == "no-store"


def test_calendar_file(client, open_event):
    response = client.get(reverse("consultations:calendar", args=[open_event.pk]))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    (event,) = Calendar.from_ical(response.content).walk("VEVENT")
    assert str(event["summary"]) == open_event.title
    assert event.decoded("dtstart") == open_event.starts_at


def test_cancel_by_private_link_moves_the_waiting_list_up(client, dalate, office):
    event = ConsultationFactory(committee=dalate, capacity=1)
    services.consultation_step(consultation=event, by=office, action="open")
    _sign_up(client, event)
    _sign_up(client, event, phone="13912340000", name="李四")
    first, second = Observer.objects.order_by("pk")
    assert second.status == "waitlisted"
    assert (
        "候补名单第 1 位"
        in client.get(reverse("consultations:observer_pass", args=[second.token])).content.decode()
    )
    client.post(reverse("consultations:observer_cancel", args=[first.token]))
    second.refresh_from_db()
    assert second.status == "confirmed"
    bad = client.post(reverse("consultations:observer_cancel", args=["x" * 32]))
    assert bad.status_code == 404


HOSTILE = [
    {"name": ""},
    {"name": "张" * 500},
    {"phone": "1391234567"},
    {"phone": "139１２３４５６７８x"},
    {"phone": "<script>alert(1)</script>"},
    {"consent": ""},
    {"name": "\x00\x01"},
    {"phone": "١٣٩١٢٣٤٥٦٧٨"},
]


@pytest.mark.parametrize("data", HOSTILE)
def test_hostile_sign_up_input_gets_a_message(client, open_event, data):
    response = _sign_up(client, open_event, **data)
    assert response.status_code == 400
    assert "提交的内容有误" in response.content.decode()
    assert not Observer.objects.exists()


def test_sign_up_after_the_start_and_the_honeypot(client, open_event):
    response = _sign_up(client, open_event, website="http://spam.example")
    assert response.status_code == 302 and not Observer.objects.exists()
    Consultation.objects.filter(pk=open_event.pk).update(starts_at=timezone.now())
    response = _sign_up(client, open_event)
    assert response.status_code == 400
    assert "报名已截止" in response.content.decode()


def test_sign_ups_are_rate_limited(client, open_event, settings, monkeypatch):
    from consultations.views import events as views

    monkeypatch.setattr(views, "SIGNUPS_PER_HOUR", 1)
    assert _sign_up(client, open_event).status_code == 302
    response = _sign_up(client, open_event, phone="13800000000")
    assert response.status_code == 429
    assert Observer.objects.count() == 1


# --- the office -------------------------------------------------------------------------------
def test_staff_create_an_event_through_the_form(client, office, dalate):
    client.force_login(office)
    url = reverse("consultations:create")
    page = client.get(url).content.decode()
    assert not unlabelled_controls(page)
    bad = client.post(url, {"committee": dalate.pk, "kind": "salon", "title": "<b>沙龙</b>"})
    assert bad.status_code == 200 and "字段是必填项" in bad.content.decode()
    start = timezone.localtime() + datetime.timedelta(days=5)
    data = {
        "committee": dalate.pk,
        "kind": "salon",
        "title": "民营经济发展主题沙龙",
        "address": "达拉特旗工商联会议室",
        "leading_body": "达拉特旗政协",
        "co_organisers": "工商联、知联会、新联会",
        "starts_at": start.strftime("%Y-%m-%dT%H:%M"),
        "ends_at": (start - datetime.timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M"),
        "is_public": "on",
        "capacity": "20",
    }
    bad = client.post(url, data)
    assert "结束时间须晚于开始时间" in bad.content.decode()
    data["ends_at"] = (start + datetime.timedelta(hours=2)).strftime("%Y-%m-%dT%H:%M")
    response = client.post(url, data)
    consultation = Consultation.objects.get()
    assert response["Location"] == reverse("consultations:detail", args=[consultation.pk])
    assert consultation.events.get().kind == "created"


def test_event_page_flow_invite_hold_attendance_minutes_outcome(
    client, office, held_event, invitees
):
    client.force_login(office)
    detail = reverse("consultations:detail", args=[held_event.pk])
    body = client.get(detail).content.decode()
    assert "登记为已召开" in body and "发送邀请" in body
    assert not unlabelled_controls(body)
    client.post(
        reverse("consultations:invite", args=[held_event.pk]),
        {"members": [m.pk for m in invitees]},
    )
    assert held_event.invitations.count() == 2
    bad = client.post(reverse("consultations:invite", args=[held_event.pk]), {"members": ["x"]})
    assert bad.status_code == 400
    client.post(reverse("consultations:step", args=[held_event.pk, "hold"]))
    held_event.refresh_from_db()
    assert held_event.status == "held"
    a, b = held_event.invitations.order_by("pk")
    client.post(
        reverse("consultations:attendance", args=[held_event.pk]),
        {f"att-{a.pk}": "attended", f"spoke-{a.pk}": "on", f"att-{b.pk}": "absent"},
    )
    a.refresh_from_db()
    assert (a.attendance, a.spoke) == ("attended", True)
    evil = client.post(
        reverse("consultations:attendance", args=[held_event.pk]), {f"att-{a.pk}": "'; drop"}
    )
    assert evil.status_code == 302
    client.post(
        reverse("consultations:minutes", args=[held_event.pk]),
        {"text": "会议纪要", "public_summary": "<script>alert(1)</script>摘要"},
    )
    client.post(reverse("consultations:step", args=[held_event.pk, "publish_minutes"]))
    client.post(
        reverse("consultations:outcome_add", args=[held_event.pk]),
        {"recommendation": "增设公交线路", "submitted_to": "旗交通运输局"},
    )
    outcome = held_event.outcomes.get()
    client.post(
        reverse("consultations:follow_up", args=[outcome.pk]),
        {"action": "decide", "status": "adopted", "note": "已采纳"},
    )
    outcome.refresh_from_db()
    assert outcome.status == "adopted"
    bad = client.post(reverse("consultations:follow_up", args=[outcome.pk]), {"action": "nonsense"})
    assert bad.status_code == 302
    public = client.get(reverse("consultations:public_detail", args=[held_event.pk]))
    text = public.content.decode()
    assert "&lt;script&gt;" in text and "<script>alert" not in text
    assert "增设公交线路" in text and "已采纳" in text


def test_the_door_check_in_from_a_phone(client, office, office_out, open_event, time_machine):
    observer = services.observer_sign_up(
        consultation=open_event, name="王五", phone="13700001111", consent=True
    )
    time_machine.move_to(open_event.starts_at - datetime.timedelta(minutes=10))
    client.force_login(office_out)
    page = client.get(reverse("consultations:check_in"), {"code": observer.entry_code})
    assert "入场码无效" in page.content.decode()  # another committee's code: as unknown
    client.force_login(office)
    page = client.get(reverse("consultations:check_in"), {"code": observer.entry_code})
    body = page.content.decode()
    assert "王*" in body and "137****1111" in body and "13700001111" not in body
    url = reverse("consultations:check_in")
    response = client.post(url, {"code": observer.entry_code}, follow=True)
    assert "核验通过" in response.content.decode()
    response = client.post(url, {"code": observer.entry_code}, follow=True)
    assert "使用过" in response.content.decode()
    assert client.post(url, {"code": "nope"}).status_code == 400
    assert client.post(url, {"code": "x" * 500}).status_code == 400


def test_a_leader_sees_but_gets_no_buttons(client, leader_dalate, held_event):
    client.force_login(leader_dalate)
    body = client.get(reverse("consultations:detail", args=[held_event.pk])).content.decode()
    assert held_event.title in body and "登记为已召开" not in body


def test_topic_from_the_desk_link(client, office, dalate):
    opinion = OpinionFactory(committee=dalate, status="adopted")
    client.force_login(office)
    desk = client.get(reverse("opinions:desk_detail", args=[opinion.pk])).content.decode()
    assert f"?opinion={opinion.tracking_code}" in desk
    page = client.get(reverse("consultations:topic_create"), {"opinion": opinion.tracking_code})
    assert opinion.tracking_code in page.content.decode()
    response = client.post(
        reverse("consultations:topic_create"),
        {
            "committee": dalate.pk,
            "source": "opinions",
            "title": "关于社区养老服务的协商议题",
            "opinion_codes": f"{opinion.tracking_code}, JY-0000-BOGUS",
        },
    )
    assert "找不到这些查询码" in response.content.decode()
    client.post(
        reverse("consultations:topic_create"),
        {
            "committee": dalate.pk,
            "source": "opinions",
            "title": "关于社区养老服务的协商议题",
            "opinion_codes": opinion.tracking_code.lower(),
        },
    )
    topic = Topic.objects.get()
    desk = client.get(reverse("opinions:desk_detail", args=[opinion.pk])).content.decode()
    assert reverse("consultations:topic_detail", args=[topic.pk]) in desk


# --- members ----------------------------------------------------------------------------------
def test_member_answers_from_the_workspace(client, member_user, event, office):
    services.invitations_send(consultation=event, by=office, members=[member_user.member])
    client.force_login(member_user)
    home = client.get(reverse("dashboards:member")).content.decode()
    assert "协商邀请待回复" in home
    body = client.get(reverse("consultations:mine")).content.decode()
    assert event.title in body and "确认参加" in body
    assert not unlabelled_controls(body)
    invitation = Invitation.objects.get()
    url = reverse("consultations:invitation_respond", args=[invitation.pk, "decline"])
    client.post(url, {"reason": ""})
    assert Invitation.objects.get().rsvp == "pending"
    client.post(url, {"reason": "外出学习"})
    assert Invitation.objects.get().rsvp == "declined"
    bogus = reverse("consultations:invitation_respond", args=[invitation.pk, "maybe"])
    assert client.post(bogus).status_code == 404


# --- query counts -----------------------------------------------------------------------------
def _grow_public(dalate, office, n):
    for _ in range(n):
        event = ConsultationFactory(committee=dalate)
        services.consultation_step(consultation=event, by=office, action="open")


def test_public_list_queries_are_constant(client, dalate, office):
    _grow_public(dalate, office, 3)
    few, _ = queries_for(client, reverse("consultations:public_list"))
    _grow_public(dalate, office, 9)
    many, _ = queries_for(client, reverse("consultations:public_list"))
    assert many == few


def test_staff_list_and_detail_queries_are_constant(client, office, dalate, open_event):
    client.force_login(office)

    def grow(n):
        for _ in range(n):
            InvitationFactory(consultation=open_event)
            ConsultationFactory(committee=dalate)
        for _ in range(n):
            services.observer_sign_up(
                consultation=open_event,
                name="群众",
                phone=f"1350000{Observer.objects.count():04d}",
                consent=True,
            )

    grow(2)
    detail = reverse("consultations:detail", args=[open_event.pk])
    few = [queries_for(client, u)[0] for u in (detail, reverse("consultations:list"))]
    grow(8)
    many = [queries_for(client, u)[0] for u in (detail, reverse("consultations:list"))]
    assert many == few


def test_member_page_queries_are_constant(client, member_user, dalate):
    client.force_login(member_user)

    def grow(n):
        for _ in range(n):
            InvitationFactory(
                member=member_user.member, consultation=ConsultationFactory(committee=dalate)
            )

    grow(2)
    few, _ = queries_for(client, reverse("consultations:mine"))
    grow(8)
    many, _ = queries_for(client, reverse("consultations:mine"))
    assert many == few


def test_invite_form_lists_higher_level_members_not_other_banners(
    client, office, held_event, zhungeer, municipal
):
    MemberFactory(committee=zhungeer, name="准格尔委员甲", level="banner")
    MemberFactory(committee=municipal, name="市委员乙")
    client.force_login(office)
    body = client.get(reverse("consultations:detail", args=[held_event.pk])).content.decode()
    assert "市委员乙" in body and "准格尔委员甲" not in body
    select = re.search(r'<select[^>]+name="members"[^>]*>', body).group(0)
    assert "multiple" in select and 'data-picker="输入姓名或拼音查找"' in select  # Tom Select
    # found by pinyin and initials as well as by name
    assert re.search(r'<option[^>]+data-keywords="[^"]*shi[^"]*"[^>]*>市委员乙', body)


def test_staff_edit_an_event_ahead_only(client, office, event, held_event):
    client.force_login(office)
    url = reverse("consultations:edit", args=[event.pk])
    page = client.get(url).content.decode()
    assert not unlabelled_controls(page) and 'name="committee"' not in page
    data = {
        "kind": event.kind,
        "title": "改名后的开放日",
        "address": event.address,
        "leading_body": event.leading_body,
        "starts_at": timezone.localtime(event.starts_at).strftime("%Y-%m-%dT%H:%M"),
        "ends_at": timezone.localtime(event.ends_at).strftime("%Y-%m-%dT%H:%M"),
        "is_public": "on",
        "capacity": "-1",
    }
    assert client.post(url, data).status_code == 200  # the form again, with the message
    data["capacity"] = "5"
    client.post(url, data)
    event.refresh_from_db()
    assert (event.title, event.capacity) == ("改名后的开放日", 5)
    services.consultation_step(consultation=held_event, by=office, action="hold")
    response = client.get(reverse("consultations:edit", args=[held_event.pk]))
    assert response.status_code == 302


def test_staff_lists_filter_within_scope(client, office, dalate, zhungeer):
    ConsultationFactory(committee=dalate, title="达拉特旗主题沙龙", kind="salon")
    ConsultationFactory(committee=dalate, title="达拉特旗开放日")
    ConsultationFactory(committee=zhungeer, title="准格尔旗主题沙龙", kind="salon")
    client.force_login(office)
    url = reverse("consultations:list")
    body = client.get(url, {"kind": "salon"}).content.decode()
    assert "达拉特旗主题沙龙" in body
    assert "达拉特旗开放日" not in body and "准格尔旗主题沙龙" not in body
    body = client.get(url, {"committee": zhungeer.pk}).content.decode()
    assert "主题沙龙" not in body.split("</form>")[-1]
    assert client.get(url, {"status": "bogus", "q": "x" * 500}).status_code == 200
    assert client.get(reverse("consultations:topic_list"), {"source": "x"}).status_code == 200


def test_observer_list_export_full_for_the_office_masked_for_others(
    client, office, leader_dalate, open_event
):
    from audit.models import AuditLog

    services.observer_sign_up(
        consultation=open_event, name="王五", phone="13700001111", consent=True
    )
    url = reverse("consultations:observers_export", args=[open_event.pk, "csv"])
    client.force_login(office)
    text = b"".join(client.get(url).streaming_content).decode("utf-8-sig")
    assert "王五" in text and "13700001111" in text
    assert AuditLog.objects.filter(action="observers_export").count() == 1
    client.force_login(leader_dalate)
    text = b"".join(client.get(url).streaming_content).decode("utf-8-sig")
    assert "王*" in text and "137****1111" in text and "13700001111" not in text
    assert AuditLog.objects.filter(action="observers_export").count() == 1
    xlsx = client.get(reverse("consultations:observers_export", args=[open_event.pk, "xlsx"]))
    assert xlsx.status_code == 200
    bogus = reverse("consultations:observers_export", args=[open_event.pk, "pdf"])
    assert client.get(bogus).status_code == 404


def test_pass_of_a_cancelled_event_shows_no_code(client, office, open_event):
    observer = services.observer_sign_up(
        consultation=open_event, name="王五", phone="13700001111", consent=True
    )
    services.consultation_step(
        consultation=open_event, by=office, action="cancel", comment="场地维修"
    )
    body = client.get(reverse("consultations:observer_pass", args=[observer.token])).content
    text = body.decode()
    assert "本场活动已取消" in text
    assert observer.entry_code not in text and "<svg" not in text
