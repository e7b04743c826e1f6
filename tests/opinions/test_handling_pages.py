"""Part 2 through the pages: the whole path as staff, departments and the citizen click it; bad
input on every new form (a clear message, never a 500, nothing stored half-way); and who may
open each new page."""

import datetime
import re
import time
from unittest import mock

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse
from django.utils import timezone

from opinions import services
from opinions.models import (
    Bulletin,
    BulletinItem,
    Forwarding,
    LeaderInstruction,
    OpinionEvent,
    Reply,
    Status,
)
from tests.opinions.factories import DepartmentFactory, OpinionFactory

pytestmark = pytest.mark.django_db
Kind = OpinionEvent.Kind


def messages_of(response) -> str:
    return " ".join(str(m) for m in get_messages(response.wsgi_request))


def html(response) -> str:
    return response.content.decode()


def desk_action(opinion, action):
    return reverse("opinions:desk_action", args=[opinion.pk, action])


def dept_detail(forwarding):
    return reverse("opinions:dept_detail", args=[forwarding.pk])


def review_url(reply):
    return reverse("opinions:reply_review", args=[reply.pk])


def lead_of(opinion):
    return opinion.forwardings.exclude(status="withdrawn").get(role="lead")


def track(client, opinion):
    return client.post(
        reverse("opinions:track"), {"code": opinion.tracking_code, "key": opinion.lookup_key}
    )


def rating_token(response) -> str:
    match = re.search(r'name="token" value="([^"]+)"', html(response))
    assert match, "no rating form on the page"
    return match.group(1)


def forward_data(lead=None, co=(), due=None, comment="请研究办理。", expected="adopted"):
    due = due or (timezone.localdate() + datetime.timedelta(days=30))
    data = {
        "forward-lead": lead.pk if lead else "",
        "forward-due_date": due.isoformat(),
        "forward-comment": comment,
        "forward-expected_status": expected,
    }
    if co:
        data["forward-co"] = [d.pk for d in co]
    return data


# --- the whole path through the pages ------------------------------------------------------------
def test_whole_path_through_the_pages(
    client,
    distinct_adopted,
    staff_dalate,
    dept_lead,
    dept_co,
    dept_lead_user,
    dept_co_user,
    leader_dalate,
):
    opinion = distinct_adopted
    staff = client
    staff.force_login(staff_dalate)

    # compile a bulletin, edit the item, sign it off
    response = staff.post(reverse("opinions:bulletin_create"))
    bulletin = Bulletin.objects.get()
    assert response.status_code == 302 and bulletin.committee == opinion.committee
    detail = reverse("opinions:bulletin_detail", args=[bulletin.pk])
    assert opinion.tracking_code in html(staff.get(detail))  # offered for compiling
    staff.post(reverse("opinions:bulletin_add", args=[bulletin.pk]), {"opinion": opinion.pk})
    item = BulletinItem.objects.get(bulletin=bulletin)
    item_url = reverse("opinions:bulletin_item", args=[bulletin.pk, item.pk])
    assert staff.get(item_url).status_code == 200
    staff.post(
        item_url,
        {
            "action": "save",
            "editorial_title": "关于改造排水管网的建议",
            "editorial_body": "编辑后的正文。",
        },
    )
    # the compiler sends it for sign-off and cannot sign it off; the committee's leader does
    response = staff.post(reverse("opinions:bulletin_submit", args=[bulletin.pk]))
    assert "已送签" in messages_of(response)
    assert 'id="sign-off-form"' not in html(staff.get(detail))
    assert staff.post(reverse("opinions:bulletin_issue", args=[bulletin.pk])).status_code == 403
    signer = client.__class__()
    signer.force_login(leader_dalate)
    assert 'id="sign-off-form"' in html(signer.get(detail))
    response = signer.post(
        reverse("opinions:bulletin_issue", args=[bulletin.pk]), {"action": "issue"}
    )
    assert "已签发" in messages_of(response)
    bulletin.refresh_from_db()
    assert bulletin.is_issued and bulletin.number == 1 and bulletin.signed_by == leader_dalate
    page = html(staff.get(detail))
    assert "关于改造排水管网的建议" in page and "内容不可再修改" in page
    opinion.refresh_from_db()
    assert opinion.status == Status.COMPILED

    # forward: lead + co
    response = staff.post(
        desk_action(opinion, "forward"), forward_data(dept_lead, [dept_co], expected="compiled")
    )
    assert response.status_code == 302, html(response)
    opinion.refresh_from_db()
    assert opinion.status == Status.FORWARDED
    lead = Forwarding.objects.get(opinion=opinion, role="lead")
    co = Forwarding.objects.get(opinion=opinion, role="co")
    assert (lead.department, co.department) == (dept_lead, dept_co)

    # the departments sign; the co-handler sends its views
    dept = client.__class__()
    dept.force_login(dept_lead_user)
    inbox = html(dept.get(reverse("opinions:dept_inbox")))
    assert opinion.title in inbox and "待签收" in inbox
    assert dept.post(dept_detail(lead), {"action": "sign"}).status_code == 302
    co_client = client.__class__()
    co_client.force_login(dept_co_user)
    co_client.post(dept_detail(co), {"action": "sign"})
    page = html(co_client.get(dept_detail(co)))
    assert 'id="co-opinion-form"' in page and 'id="reply-form"' not in page
    co_client.post(dept_detail(co), {"action": "opinion", "text": "建议同步修复路面。"})
    co.refresh_from_db()
    assert co.status == Forwarding.Status.OPINION_GIVEN
    assert "建议同步修复路面。" in html(dept.get(dept_detail(lead)))  # the lead sees the views

    # the lead replies; staff reject with a reason
    dept.post(
        dept_detail(lead),
        {
            "action": "reply",
            "text": "正在研究。",
            "resolution": "planned",
            "contact_person": "王科长",
        },
    )
    first = Reply.objects.get(forwarding=lead)
    desk = html(staff.get(reverse("opinions:desk_detail", args=[opinion.pk])))
    assert "正在研究。" in desk and f'name="rev{first.pk}-decision"' in desk
    response = staff.post(
        review_url(first),
        {f"rev{first.pk}-decision": "reject", f"rev{first.pk}-comment": "请写明完成时限。"},
    )
    assert "已审核答复" in messages_of(response)
    lead.refresh_from_db()
    assert lead.status == Forwarding.Status.REJECTED
    page = html(dept.get(dept_detail(lead)))
    assert "请写明完成时限。" in page and 'value="reply"' in page

    # the lead replies again; staff accept with an edited public reply
    dept.post(
        dept_detail(lead),
        {"action": "reply", "resolution": "solved", "text": "已于10月完成改造。内部联系人王科长。"},
    )
    second = Reply.objects.filter(forwarding=lead).latest("pk")
    staff.post(
        review_url(second),
        {
            f"rev{second.pk}-decision": "accept",
            f"rev{second.pk}-public_reply": "已于10月完成改造。",
        },
    )
    opinion.refresh_from_db()
    assert opinion.status == Status.REPLIED and opinion.public_reply == "已于10月完成改造。"

    # the citizen sees the (edited) reply and rates it
    citizen = client.__class__()
    response = track(citizen, opinion)
    page = html(response)
    assert "已答复" in page and "已于10月完成改造。" in page and "王科长" not in page
    response = citizen.post(
        reverse("opinions:rate"),
        {"token": rating_token(response), "satisfaction": "satisfied", "comment": "谢谢！"},
    )
    assert response.status_code == 200 and "感谢您的评价" in messages_of(response)
    assert "已办结" in html(response) and 'name="token"' not in html(response)
    opinion.refresh_from_db()
    assert opinion.status == Status.CLOSED and opinion.satisfaction == "satisfied"
    assert "已办结" in html(track(citizen, opinion))
    # staff see the rating on the desk
    assert "满意" in html(staff.get(reverse("opinions:desk_detail", args=[opinion.pk])))


def test_return_to_sender_through_the_pages(
    client, distinct_forwarded, staff_dalate, dept_alt, dept_lead_user, dept_alt_user
):
    lead = lead_of(distinct_forwarded)
    dept = client.__class__()
    dept.force_login(dept_lead_user)
    response = dept.post(dept_detail(lead), {"action": "return", "reason": ""})
    assert response.status_code == 400 and "is-invalid" in html(response)
    dept.post(dept_detail(lead), {"action": "return", "reason": "应由自然资源局办理。"})
    lead.refresh_from_db()
    assert lead.status == Forwarding.Status.RETURN_REQUESTED
    client.force_login(staff_dalate)
    desk = html(client.get(reverse("opinions:desk_detail", args=[distinct_forwarded.pk])))
    assert "应由自然资源局办理。" in desk
    decide = reverse("opinions:return_decision", args=[lead.pk])
    response = client.post(decide, {f"ret{lead.pk}-decision": "maybe"})
    lead.refresh_from_db()
    assert response.status_code == 302 and lead.status == Forwarding.Status.RETURN_REQUESTED
    assert messages_of(response)
    client.post(decide, {f"ret{lead.pk}-decision": "accept", f"ret{lead.pk}-comment": "同意"})
    lead.refresh_from_db()
    assert lead.status == Forwarding.Status.WITHDRAWN
    # the withdrawn forwarding is no longer actionable for the department
    page = html(dept.get(dept_detail(lead)))
    assert 'value="reply"' not in page and 'value="sign"' not in page
    # re-route
    response = client.post(
        desk_action(distinct_forwarded, "forward"), forward_data(dept_alt, expected="forwarded")
    )
    assert response.status_code == 302
    assert lead_of(distinct_forwarded).department == dept_alt


def test_rehandle_through_the_tracking_page(
    client, distinct_forwarded, staff_dalate, dept_lead_user, co_opinion_given
):
    opinion = distinct_forwarded
    lead = lead_of(opinion)
    services.forwarding_sign(forwarding=lead, by=dept_lead_user)
    reply = services.forwarding_reply(
        forwarding=lead, by=dept_lead_user, text="答复一", resolution="limited"
    )
    services.reply_review(reply=reply, by=staff_dalate, accept=True)
    response = track(client, opinion)
    assert "申请重新办理" in html(response)
    response = client.post(
        reverse("opinions:rate"),
        {
            "token": rating_token(response),
            "satisfaction": "unsatisfied",
            "rehandle": "on",
            "comment": "问题依旧。",
        },
    )
    opinion.refresh_from_db()
    assert opinion.status == Status.FORWARDED and opinion.rehandle_requested_at
    assert "申请重新办理，已转原承办单位" in html(response)
    assert "已转有关部门办理" in html(response)
    lead.refresh_from_db()
    assert lead.status == Forwarding.Status.SIGNED
    # no rating form while it is being handled again; a replayed request is refused
    assert 'name="token"' not in html(track(client, opinion))


def test_rehandle_from_closed_and_only_once(
    client, distinct_forwarded, staff_dalate, dept_lead_user, co_opinion_given
):
    opinion = distinct_forwarded
    lead = lead_of(opinion)
    services.forwarding_sign(forwarding=lead, by=dept_lead_user)
    reply = services.forwarding_reply(
        forwarding=lead, by=dept_lead_user, text="答复一", resolution="limited"
    )
    services.reply_review(reply=reply, by=staff_dalate, accept=True)
    response = track(client, opinion)
    token = rating_token(response)
    client.post(reverse("opinions:rate"), {"token": token, "satisfaction": "unsatisfied"})
    opinion.refresh_from_db()
    assert opinion.status == Status.CLOSED
    response = track(client, opinion)  # closed, unsatisfied: may still ask once
    token = rating_token(response)
    response = client.post(
        reverse("opinions:rate"), {"token": token, "satisfaction": "unsatisfied", "rehandle": "on"}
    )
    opinion.refresh_from_db()
    assert opinion.status == Status.FORWARDED
    # replaying the same token: refused with a message
    response = client.post(
        reverse("opinions:rate"), {"token": token, "satisfaction": "unsatisfied", "rehandle": "on"}
    )
    assert response.status_code == 200 and "不能申请重新办理" in messages_of(response)
    assert opinion.events.filter(kind=Kind.REHANDLE).count() == 1


# --- bad input on every new form -----------------------------------------------------------------
class TestBadInput:
    def test_forward_form(
        self, client, distinct_adopted, staff_dalate, dept_lead, dept_co, zhungeer
    ):
        foreign = DepartmentFactory(committee=zhungeer, name="准格尔旗住建局")
        client.force_login(staff_dalate)
        url = desk_action(distinct_adopted, "forward")
        today = timezone.localdate()
        cases = [
            (forward_data(None), "请选择主办单位"),
            (forward_data(None, [dept_co]), "请选择主办单位"),
            (forward_data(dept_lead, due=today), "办理期限须晚于今天"),
            (forward_data(dept_lead, due=today - datetime.timedelta(days=1)), "办理期限须晚于今天"),
            ({**forward_data(dept_lead), "forward-due_date": "2026-02-30"}, "有效的日期"),
            ({**forward_data(dept_lead), "forward-due_date": "x" * 5000}, "有效的日期"),
            (forward_data(foreign), "选择一个有效的选项"),
            (forward_data(dept_lead, [foreign]), "有效"),
            ({**forward_data(dept_lead), "forward-lead": "9" * 30}, "选择一个有效的选项"),
            ({**forward_data(dept_lead), "forward-lead": "abc"}, "选择一个有效的选项"),
            (forward_data(dept_lead, comment="说" * 1001), "1000"),
        ]
        for data, message in cases:
            response = client.post(url, data)
            assert response.status_code == 400, (data, response.status_code)
            assert message in html(response), (data, message)
        assert not Forwarding.objects.exists()
        distinct_adopted.refresh_from_db()
        assert distinct_adopted.status == Status.ADOPTED
        assert not distinct_adopted.events.filter(kind=Kind.FORWARDED).exists()
        # control characters are dropped from the cover note
        response = client.post(url, forward_data(dept_lead, comment="请\x00研究。"))
        assert response.status_code == 400 and not Forwarding.objects.exists()
        client.post(url, forward_data(dept_lead, comment="请研究\u202e办理\x07。"))
        assert Forwarding.objects.get().cover_note == "请研究办理。"

    def test_department_reply_form(self, client, distinct_forwarded, dept_lead_user):
        lead = lead_of(distinct_forwarded)
        services.forwarding_sign(forwarding=lead, by=dept_lead_user)
        client.force_login(dept_lead_user)
        url = dept_detail(lead)
        cases = [
            {"text": "", "resolution": "solved"},
            {"text": "\x00\x07 \u202e ", "resolution": "solved"},
            {"text": "答复", "resolution": ""},
            {"text": "答复", "resolution": "bogus"},
            {"text": "答" * 5001, "resolution": "solved"},
            {"text": "答复", "resolution": "solved", "contact_person": "人" * 41},
        ]
        for data in cases:
            response = client.post(url, {"action": "reply", **data})
            assert response.status_code == 400, data
            assert 'class="invalid-feedback' in html(response) or "is-invalid" in html(response)
        assert client.post(url, {"action": "dance"}).status_code == 404
        assert not Reply.objects.exists()
        lead.refresh_from_db()
        assert lead.status == Forwarding.Status.SIGNED
        # replying to a forwarding not signed for yet: a message, not a 500
        co = distinct_forwarded.forwardings.get(role="co")
        assert co.status == Forwarding.Status.NEW

    def test_reply_before_signing_is_refused_with_a_message(
        self, client, distinct_forwarded, dept_lead_user
    ):
        lead = lead_of(distinct_forwarded)
        client.force_login(dept_lead_user)
        response = client.post(
            dept_detail(lead), {"action": "reply", "text": "答复", "resolution": "solved"}
        )
        assert response.status_code == 302 and "不能答复" in messages_of(response)
        assert not Reply.objects.exists()
        client.post(dept_detail(lead), {"action": "sign"})
        response = client.post(dept_detail(lead), {"action": "sign"})  # twice
        assert "不能签收" in messages_of(response)

    def test_reply_review_form(
        self, client, distinct_forwarded, staff_dalate, dept_lead_user, co_opinion_given
    ):
        lead = lead_of(distinct_forwarded)
        services.forwarding_sign(forwarding=lead, by=dept_lead_user)
        reply = services.forwarding_reply(
            forwarding=lead, by=dept_lead_user, text="答复", resolution="solved"
        )
        client.force_login(staff_dalate)
        p = f"rev{reply.pk}"
        for data in (
            {f"{p}-decision": "reject"},
            {f"{p}-decision": "reject", f"{p}-comment": " "},
            {f"{p}-decision": ""},
            {f"{p}-decision": "accept", f"{p}-public_reply": "答" * 5001},
        ):
            response = client.post(review_url(reply), data)
            assert response.status_code == 302 and messages_of(response), data
        reply.refresh_from_db()
        distinct_forwarded.refresh_from_db()
        assert reply.review == "pending" and distinct_forwarded.status == Status.FORWARDED
        # an empty public reply falls back to the department's text
        client.post(review_url(reply), {f"{p}-decision": "accept", f"{p}-public_reply": ""})
        distinct_forwarded.refresh_from_db()
        assert distinct_forwarded.public_reply == "答复"
        # reviewing twice: a message
        response = client.post(
            review_url(reply), {f"{p}-decision": "reject", f"{p}-comment": "再看看"}
        )
        assert "不能审核答复" in messages_of(response)

    def test_instruction_form(self, client, distinct_adopted, staff_dalate):
        client.force_login(staff_dalate)
        url = desk_action(distinct_adopted, "instruction")
        good = {
            "instruction-leader_name": "王某某",
            "instruction-leader_title": "旗委书记",
            "instruction-level": "banner",
            "instruction-instructed_on": timezone.localdate().isoformat(),
            "instruction-comment": "请研究。",
            "instruction-expected_status": "adopted",
        }
        tomorrow = (timezone.localdate() + datetime.timedelta(days=1)).isoformat()
        cases = [
            ({"instruction-instructed_on": tomorrow}, "批示日期不能晚于今天"),
            ({"instruction-instructed_on": "not a date"}, "有效的日期"),
            ({"instruction-level": "cosmic"}, "选择一个有效的选项"),
            ({"instruction-comment": ""}, "字段是必填项"),
            ({"instruction-comment": "批" * 2001}, "2000"),
            ({"instruction-leader_name": "王" * 41}, "40"),
            ({"instruction-leader_title": ""}, "字段是必填项"),
        ]
        for change, message in cases:
            response = client.post(url, {**good, **change})
            assert response.status_code == 400, change
            assert message in html(response), (change, message)
        assert not LeaderInstruction.objects.exists()
        assert not distinct_adopted.events.filter(kind=Kind.INSTRUCTION).exists()
        response = client.post(url, {**good, "instruction-leader_name": "王\x00某某"})
        assert response.status_code == 400 and not LeaderInstruction.objects.exists()
        response = client.post(
            url,
            {
                **good,
                "instruction-leader_name": "王\x07某\u202e某",
                "instruction-comment": "请\u202e研究。",
            },
        )
        assert response.status_code == 302
        assert LeaderInstruction.objects.get().text == "请研究。"
        assert LeaderInstruction.objects.get().leader_name == "王某某"

    def test_rating_form(
        self, client, distinct_forwarded, staff_dalate, dept_lead_user, co_opinion_given
    ):
        opinion = distinct_forwarded
        lead = lead_of(opinion)
        services.forwarding_sign(forwarding=lead, by=dept_lead_user)
        reply = services.forwarding_reply(
            forwarding=lead, by=dept_lead_user, text="答复", resolution="solved"
        )
        services.reply_review(reply=reply, by=staff_dalate, accept=True)
        token = rating_token(track(client, opinion))
        url = reverse("opinions:rate")
        # bad or forged tokens, another opinion's token
        other = OpinionFactory(committee=opinion.committee, status=Status.REPLIED)
        from opinions.views import rating_token as make_token

        for bad in ("", "garbage", token[:-2] + "xx", "x" * 5000):
            response = client.post(url, {"token": bad, "satisfaction": "satisfied"})
            assert response.status_code == 302 and response["Location"].endswith("/track/")
            assert "页面已过期" in messages_of(response) or bad == "x" * 5000
        # an expired token (issued three hours ago)
        with mock.patch("time.time", return_value=time.time() - 3 * 3600):
            old = make_token(opinion)
        response = client.post(url, {"token": old, "satisfaction": "satisfied"})
        assert response.status_code == 302 and "页面已过期" in messages_of(response)
        # missing or bad satisfaction, huge comment: the form again with a message
        for data in (
            {},
            {"satisfaction": "great"},
            {"satisfaction": "satisfied", "comment": "评" * 501},
        ):
            response = client.post(url, {"token": token, **data})
            assert response.status_code == 400, data
            assert "is-invalid" in html(response) or "invalid-feedback" in html(response)
        opinion.refresh_from_db()
        other.refresh_from_db()
        assert opinion.status == Status.REPLIED and not opinion.rated_at
        assert other.status == Status.REPLIED and not other.rated_at
        assert not opinion.events.filter(kind=Kind.RATED).exists()
        # control characters in the comment are dropped
        response = client.post(
            url, {"token": token, "satisfaction": "basically", "comment": "还\x00行"}
        )
        assert response.status_code == 400
        client.post(url, {"token": token, "satisfaction": "basically", "comment": "还\x07行\u202e"})
        opinion.refresh_from_db()
        assert opinion.status == Status.CLOSED and opinion.satisfaction_comment == "还行"

    def test_bulletin_forms(self, client, dalate, zhungeer, staff_dalate):
        mine = OpinionFactory(committee=dalate, status=Status.ADOPTED)
        theirs = OpinionFactory(committee=zhungeer, status=Status.ADOPTED)
        submitted = OpinionFactory(committee=dalate, status=Status.SUBMITTED)
        client.force_login(staff_dalate)
        client.post(reverse("opinions:bulletin_create"))
        bulletin = Bulletin.objects.get()
        add = reverse("opinions:bulletin_add", args=[bulletin.pk])
        for value in ("", "abc", "9" * 30, theirs.pk, submitted.pk):
            response = client.post(add, {"opinion": value})
            assert response.status_code == 302 and messages_of(response), value
        assert not BulletinItem.objects.exists()
        # sending an empty bulletin for sign-off
        response = client.post(reverse("opinions:bulletin_submit", args=[bulletin.pk]))
        assert "还没有编入任何信息" in messages_of(response)
        bulletin.refresh_from_db()
        assert bulletin.number is None
        client.post(add, {"opinion": mine.pk})
        item = BulletinItem.objects.get()
        url = reverse("opinions:bulletin_item", args=[bulletin.pk, item.pk])
        for data in (
            {"editorial_title": "", "editorial_body": "正文"},
            {"editorial_title": "\x00\x07", "editorial_body": "正文"},
            {"editorial_title": "标" * 81, "editorial_body": "正文"},
            {"editorial_title": "标题", "editorial_body": "文" * 6001},
        ):
            response = client.post(url, {"action": "save", **data})
            assert response.status_code == 400, data
        item.refresh_from_db()
        assert item.editorial_title == mine.title
        # an item of another bulletin, a bulletin of another committee: 404
        other = services.bulletin_create(by=staff_dalate, committee=dalate)
        assert (
            client.get(reverse("opinions:bulletin_item", args=[other.pk, item.pk])).status_code
            == 404
        )

    def test_issued_bulletin_refuses_edits_with_a_message(
        self, client, dalate, staff_dalate, leader_dalate
    ):
        first, extra = (OpinionFactory(committee=dalate, status=Status.ADOPTED) for _ in "ab")
        client.force_login(staff_dalate)
        client.post(reverse("opinions:bulletin_create"))
        bulletin = Bulletin.objects.get()
        client.post(reverse("opinions:bulletin_add", args=[bulletin.pk]), {"opinion": first.pk})
        client.post(reverse("opinions:bulletin_submit", args=[bulletin.pk]))
        services.bulletin_issue(bulletin=bulletin, by=leader_dalate)
        bulletin.refresh_from_db()
        item = bulletin.items.get()
        url = reverse("opinions:bulletin_item", args=[bulletin.pk, item.pk])
        page = html(client.get(reverse("opinions:bulletin_detail", args=[bulletin.pk])))
        assert "移出本期" not in page and "编入本期" not in page
        posts = [
            (url, {"action": "save", "editorial_title": "改", "editorial_body": "改"}),
            (url, {"action": "up"}),
            (url, {"action": "down"}),
            (url, {"action": "remove"}),
            (reverse("opinions:bulletin_add", args=[bulletin.pk]), {"opinion": extra.pk}),
            (reverse("opinions:bulletin_submit", args=[bulletin.pk]), {}),
        ]
        for target, data in posts:
            response = client.post(target, data)
            assert response.status_code == 302, data
            text = messages_of(response)
            assert "已签发" in text or "选择一个有效的选项" in text, (data, text)
        item.refresh_from_db()
        bulletin.refresh_from_db()
        assert item.editorial_title == first.title and bulletin.items.count() == 1
        assert bulletin.number == 1 and Bulletin.objects.filter(number=2).count() == 0


# --- who may open what --------------------------------------------------------------------------
@pytest.fixture
def pages(distinct_forwarded, staff_dalate, dept_lead_user):
    """One of each part-2 object (dalate), and the URLs of every new page."""
    opinion = distinct_forwarded
    other = OpinionFactory(committee=opinion.committee, status=Status.ADOPTED)
    bulletin = services.bulletin_create(by=staff_dalate, committee=opinion.committee)
    item = services.bulletin_add_item(bulletin=bulletin, opinion=other, by=staff_dalate)
    lead = lead_of(opinion)
    services.forwarding_sign(forwarding=lead, by=dept_lead_user)
    reply = services.forwarding_reply(
        forwarding=lead, by=dept_lead_user, text="答复", resolution="solved"
    )
    b = bulletin.pk
    return {
        "opinion": opinion,
        "bulletin": bulletin,
        "lead": lead,
        "reply": reply,
        "get": {
            "bulletins": reverse("opinions:bulletins"),
            "bulletin_detail": reverse("opinions:bulletin_detail", args=[b]),
            "bulletin_item": reverse("opinions:bulletin_item", args=[b, item.pk]),
            "bulletin_docx": reverse("opinions:bulletin_docx", args=[b]),
            "bulletin_print": reverse("opinions:bulletin_print", args=[b]),
            "overdue": reverse("opinions:overdue"),
            "department_stats": reverse("opinions:department_stats"),
            "dept_inbox": reverse("opinions:dept_inbox"),
            "dept_detail": reverse("opinions:dept_detail", args=[lead.pk]),
        },
        "post": {
            "bulletin_create": (reverse("opinions:bulletin_create"), {}),
            "bulletin_add": (reverse("opinions:bulletin_add", args=[b]), {"opinion": other.pk}),
            "bulletin_item": (
                reverse("opinions:bulletin_item", args=[b, item.pk]),
                {"action": "remove"},
            ),
            "bulletin_issue": (reverse("opinions:bulletin_issue", args=[b]), {}),
            "return_decision": (
                reverse("opinions:return_decision", args=[lead.pk]),
                {f"ret{lead.pk}-decision": "accept"},
            ),
            "reply_review": (
                reverse("opinions:reply_review", args=[reply.pk]),
                {f"rev{reply.pk}-decision": "accept"},
            ),
            "forward": (desk_action(opinion, "forward"), {}),
            "instruction": (desk_action(opinion, "instruction"), {}),
            "dept_detail": (
                reverse("opinions:dept_detail", args=[lead.pk]),
                {"action": "reply", "text": "x", "resolution": "solved"},
            ),
        },
    }


STAFF_READ = {
    "bulletins",
    "bulletin_detail",
    "bulletin_item",
    "bulletin_docx",
    "bulletin_print",
    "overdue",
    "department_stats",
}
LEADER_READ = {
    "bulletins",
    "bulletin_detail",
    "bulletin_docx",
    "bulletin_print",
    "overdue",
    "department_stats",
}
DEPT_READ = {"dept_inbox", "dept_detail"}


def assert_nothing_changed(pages):
    reply, lead, bulletin = pages["reply"], pages["lead"], pages["bulletin"]
    reply.refresh_from_db()
    lead.refresh_from_db()
    bulletin.refresh_from_db()
    assert reply.review == "pending" and lead.status == Forwarding.Status.REPLIED
    assert not bulletin.is_issued and bulletin.items.count() == 1
    assert Bulletin.objects.count() == 1 and Reply.objects.count() == 1
    assert not LeaderInstruction.objects.exists()


class TestPermissions:
    def test_anonymous(self, client, pages):
        for name, url in pages["get"].items():
            response = client.get(url)
            if response.status_code == 302:
                assert "/accounts/login/" in response["Location"], name
            else:  # object pages do not confirm the object exists
                assert response.status_code == 404, (name, response.status_code)
        for name, (url, data) in pages["post"].items():
            response = client.post(url, data)
            assert response.status_code in (302, 404), name
            if response.status_code == 302:
                assert "/accounts/login/" in response["Location"], name
        for name in ("bulletins", "overdue", "department_stats", "dept_inbox"):
            assert client.get(pages["get"][name]).status_code == 302
        assert_nothing_changed(pages)

    @pytest.mark.parametrize("who", ["staff", "leader", "department", "citizen", "member"])
    def test_roles(self, client, request, pages, who, make_user, dalate):
        users = {
            "staff": "staff_dalate",
            "leader": None,
            "department": "dept_lead_user",
            "citizen": "citizen",
            "member": "member_user",
        }
        user = (
            make_user("leader", dalate, username="leader_dalate")
            if who == "leader"
            else request.getfixturevalue(users[who])
        )
        client.force_login(user)
        allowed = {"staff": STAFF_READ, "leader": LEADER_READ, "department": DEPT_READ}.get(
            who, set()
        )
        for name, url in pages["get"].items():
            status = client.get(url).status_code
            if name in allowed:
                assert status == 200, (who, name, status)
            else:
                assert status in (403, 404), (who, name, status)
        if who == "staff":
            return
        for name, (url, data) in pages["post"].items():
            if who == "department" and name == "dept_detail":
                continue
            if who == "leader" and name == "bulletin_issue":
                # the leader signs issues off, but a draft is not sent for sign-off yet
                response = client.post(url, data)
                assert response.status_code == 302 and "不能签发" in messages_of(response)
                continue
            status = client.post(url, data).status_code
            assert status in (403, 404), (who, name, status)
        assert_nothing_changed(pages)

    def test_other_banner_staff_get_404(self, client, pages, staff_zhungeer):
        client.force_login(staff_zhungeer)
        for name in ("bulletin_detail", "bulletin_item", "bulletin_docx", "bulletin_print"):
            assert client.get(pages["get"][name]).status_code == 404, name
        for name, (url, data) in pages["post"].items():
            if name == "bulletin_create":
                continue
            assert client.post(url, data).status_code in (403, 404), name
        for name in ("bulletins", "overdue", "department_stats"):
            page = html(client.get(pages["get"][name]))
            assert pages["opinion"].title not in page
        assert_nothing_changed(pages)

    def test_municipal_staff_see_but_cannot_change_a_banner(self, client, pages, staff_municipal):
        client.force_login(staff_municipal)
        for name in (
            "bulletin_detail",
            "bulletin_docx",
            "bulletin_print",
            "overdue",
            "department_stats",
            "bulletins",
        ):
            assert client.get(pages["get"][name]).status_code == 200, name
        assert "移出本期" not in html(client.get(pages["get"]["bulletin_detail"]))
        for name, (url, data) in pages["post"].items():
            if name in ("bulletin_create", "dept_detail", "forward", "instruction"):
                continue
            assert client.post(url, data).status_code in (403, 404), name
        assert_nothing_changed(pages)

    def test_staff_get_403_on_department_desk(self, client, pages, staff_dalate):
        client.force_login(staff_dalate)
        assert client.get(pages["get"]["dept_inbox"]).status_code == 403
        assert client.get(pages["get"]["dept_detail"]).status_code in (403, 404)


def test_overdue_flag_on_pages_with_frozen_clock(
    client, distinct_forwarded, staff_dalate, dept_lead_user
):
    lead = lead_of(distinct_forwarded)
    Forwarding.objects.filter(pk=lead.pk).update(due_date=datetime.date(2026, 6, 14))
    Forwarding.objects.filter(role="co").update(due_date=datetime.date(2026, 6, 15))
    overdue_url = reverse("opinions:overdue")
    with mock.patch(
        "django.utils.timezone.now",
        return_value=datetime.datetime(2026, 6, 15, 10, tzinfo=datetime.UTC),
    ):
        client.force_login(staff_dalate)
        page = html(client.get(overdue_url))
        assert distinct_forwarded.tracking_code in page and "达拉特旗住房和城乡建设局" in page
        assert "达拉特旗交通运输局" not in page  # due today: not yet overdue
        desk = html(client.get(reverse("opinions:desk_detail", args=[distinct_forwarded.pk])))
        assert desk.count("已超期") == 1
        client.force_login(dept_lead_user)
        for show in ("overdue", "open", "all"):
            page = html(client.get(reverse("opinions:dept_inbox"), {"show": show}))
            assert distinct_forwarded.title in page and "badge text-bg-danger" in page, show
        assert "已超期" in html(client.get(dept_detail(lead)))
        home = html(client.get(reverse("dashboards:department")))
        assert 'data-tile="overdue" data-count="1"' in home
        # once answered, it leaves the overdue lists
        services.forwarding_sign(forwarding=lead, by=dept_lead_user)
        services.forwarding_reply(
            forwarding=lead, by=dept_lead_user, text="答复", resolution="solved"
        )
        page = html(client.get(reverse("opinions:dept_inbox"), {"show": "overdue"}))
        assert distinct_forwarded.title not in page and "没有转办件" in page
        client.force_login(staff_dalate)
        assert distinct_forwarded.tracking_code not in html(client.get(overdue_url))
    # bad filter values do not break the inbox
    client.force_login(dept_lead_user)
    assert client.get(reverse("opinions:dept_inbox"), {"show": "x" * 3000}).status_code == 200
    assert client.get(reverse("opinions:dept_inbox"), {"page": "999"}).status_code in (200, 404)


def test_date_inputs_carry_iso_values(client, distinct_adopted, staff_dalate):
    """<input type=date> only shows a YYYY-MM-DD value: the default due date must be visible."""
    client.force_login(staff_dalate)
    page = html(client.get(reverse("opinions:desk_detail", args=[distinct_adopted.pk])))
    due = services.default_due_date().isoformat()
    assert re.search(
        rf'value="{due}"[^>]*name="forward-due_date"|name="forward-due_date"'
        rf'[^>]*value="{due}"',
        page,
    )
