"""What a department (承办单位) user can and cannot see: only forwardings addressed to their own
department (another department's → 404), never the submitter's name, phone or e-mail (not even
masked) in any page they can reach, and none of the staff pages, bulletins or exports (403)."""

import datetime

import pytest
from django.urls import reverse

from notifications.models import Notification
from opinions import services
from opinions.models import Forwarding, Reply
from tests.opinions.conftest import DISTINCT_EMAIL, DISTINCT_NAME, DISTINCT_PHONE
from tests.opinions.factories import DepartmentFactory

pytestmark = pytest.mark.django_db

IDENTITY = [
    DISTINCT_NAME,
    DISTINCT_PHONE,
    DISTINCT_EMAIL,
    "naren.ouyang",  # the mailbox's local part
    "136****4321",  # the masked phone staff see
    "欧阳",  # the start of the masked name
    "4321",  # the phone's last digits (the tracking key)
]


def assert_no_identity(page: str, where: str):
    for fragment in IDENTITY:
        assert fragment not in page, f"{fragment!r} shown on {where}"


def lead_of(opinion):
    return opinion.forwardings.exclude(status="withdrawn").get(role="lead")


@pytest.fixture
def full_story(distinct_forwarded, staff_dalate, dept_lead_user, dept_co_user):
    """The lead and the co department have signed, replied, been reviewed; a leader instruction
    is recorded; the staff revealed the contact details (so they are in the events)."""
    from opinions import services

    opinion = distinct_forwarded
    lead = lead_of(opinion)
    co = opinion.forwardings.get(role="co")
    services.opinion_reveal_contact(opinion=opinion, by=staff_dalate, request=None)
    services.forwarding_sign(forwarding=co, by=dept_co_user)
    services.forwarding_give_opinion(forwarding=co, by=dept_co_user, text="会办意见。")
    services.forwarding_sign(forwarding=lead, by=dept_lead_user)
    reply = services.forwarding_reply(
        forwarding=lead, by=dept_lead_user, text="主办答复。", resolution="solved"
    )
    services.reply_review(reply=reply, by=staff_dalate, accept=False, comment="请补充。")
    services.instruction_record(
        opinion=opinion,
        by=staff_dalate,
        leader_name="王某某",
        leader_title="旗委书记",
        level="banner",
        instructed_on=datetime.date.today(),
        text="请认真办理。",
    )
    return opinion


def test_department_pages_never_show_the_submitter(
    client, full_story, dept_lead_user, dept_co_user, django_capture_on_commit_callbacks
):
    opinion = full_story
    for user in (dept_lead_user, dept_co_user):
        client.force_login(user)
        forwarding = opinion.forwardings.get(department=user.department)
        pages = {
            "inbox": reverse("opinions:dept_inbox"),
            "inbox all": reverse("opinions:dept_inbox") + "?show=all",
            "inbox overdue": reverse("opinions:dept_inbox") + "?show=overdue",
            "detail": reverse("opinions:dept_detail", args=[forwarding.pk]),
            "home": reverse("dashboards:department"),
            "landing": reverse("home"),
        }
        for where, url in pages.items():
            response = client.get(url, follow=True)
            assert response.status_code == 200, where
            assert_no_identity(response.content.decode(), f"{user.username} {where}")
        detail = client.get(pages["detail"]).content.decode()
        # …but what they need to act on is there
        assert opinion.title in detail and opinion.content in detail
        assert opinion.tracking_code in detail and "请认真办理。" in detail
        assert "为保护反映人隐私" in detail
        # a page re-rendered with a form error shows no identity either
        response = client.post(pages["detail"], {"action": "reply", "text": ""})
        assert_no_identity(response.content.decode(), f"{user.username} detail with errors")
        # their notices carry no identity
        for notice in Notification.objects.filter(user=user):
            assert_no_identity(notice.text + notice.link, "a notification")


def test_only_own_department_forwardings(
    client, full_story, dept_lead_user, dept_co_user, dept_alt_user, zhungeer, make_user
):
    opinion = full_story
    lead, co = lead_of(opinion), opinion.forwardings.get(role="co")
    foreign = make_user(
        "department",
        zhungeer,
        department=DepartmentFactory(committee=zhungeer, name="准格尔旗住建局"),
    )
    # a department with nothing addressed to it sees an empty inbox and 404s
    for user in (dept_alt_user, foreign):
        client.force_login(user)
        assert (
            opinion.title
            not in client.get(reverse("opinions:dept_inbox") + "?show=all").content.decode()
        )
        for forwarding in (lead, co):
            url = reverse("opinions:dept_detail", args=[forwarding.pk])
            assert client.get(url).status_code == 404
            for action in ("sign", "reply", "return"):
                assert (
                    client.post(
                        url, {"action": action, "text": "x", "resolution": "solved", "reason": "x"}
                    ).status_code
                    == 404
                )
    # the co department cannot open the lead's forwarding, nor the reverse
    client.force_login(dept_co_user)
    assert client.get(reverse("opinions:dept_detail", args=[lead.pk])).status_code == 404
    client.force_login(dept_lead_user)
    assert client.get(reverse("opinions:dept_detail", args=[co.pk])).status_code == 404
    # nonsense ids: 404, not 500
    assert client.get("/opinions/dept/99999999999999999999/").status_code == 404
    lead.refresh_from_db()
    co.refresh_from_db()
    assert lead.status == Forwarding.Status.REJECTED
    assert co.status == Forwarding.Status.OPINION_GIVEN
    assert Reply.objects.count() == 1


@pytest.mark.parametrize("department_of", ["dalate", "ordos"])
def test_department_users_get_403_on_staff_pages(
    client, full_story, department_of, make_user, ref, staff_dalate
):
    committee = ref[department_of]
    user = make_user(
        "department", committee, department=DepartmentFactory(committee=committee, name="某局")
    )
    opinion = full_story
    bulletin = services.bulletin_create(by=staff_dalate, committee=opinion.committee)
    client.force_login(user)
    urls = [
        reverse("opinions:inbox"),
        reverse("opinions:export", args=["csv"]),
        reverse("opinions:export", args=["xlsx"]),
        reverse("opinions:entry"),
        reverse("opinions:privacy"),
        reverse("opinions:bulletins"),
        reverse("opinions:bulletin_detail", args=[bulletin.pk]),
        reverse("opinions:bulletin_docx", args=[bulletin.pk]),
        reverse("opinions:bulletin_print", args=[bulletin.pk]),
        reverse("opinions:overdue"),
        reverse("opinions:department_stats"),
        reverse("opinions:desk_detail", args=[opinion.pk]),
    ]
    for url in urls:
        response = client.get(url)
        assert response.status_code in (403, 404), url
        assert_no_identity(response.content.decode(), url)
    for url in urls[:6] + urls[9:11]:  # not object pages: plainly forbidden
        assert client.get(url).status_code == 403, url
    assert client.post(reverse("opinions:reveal", args=[opinion.pk])).status_code in (403, 404)
    assert not opinion.events.filter(kind="reveal", actor=user).exists()
    # attachments are never served to them
    from tests.opinions.factories import AttachmentFactory

    attachment = AttachmentFactory(opinion=opinion)
    assert client.get(reverse("opinions:attachment", args=[attachment.token])).status_code == 404
