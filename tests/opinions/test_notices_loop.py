"""The full loop citizen → staff → department (lead and co-handler) → staff → citizen, through
the services: every person concerned by a step gets one notice in the portal (the bell) and one
e-mail (console backend in the demo; locmem here), nobody is told of their own step, and
nothing arrives twice — not when a step's delivery runs again either."""

import collections

import pytest

from accounts.models import User
from notifications import delivery
from notifications.models import EmailOptOut, NoticeKind, Notification, OutboxMessage
from opinions import services
from opinions.models import Channel, Forwarding, Reply, Satisfaction, Status
from tests.opinions.factories import DepartmentFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def people(make_user, dalate, dept_lead, dept_co):
    citizen = make_user(User.Role.CITIZEN, None, username="zhaomin", email="zhaomin@example.org")
    staff = make_user(User.Role.STAFF, dalate, username="staff_loop", email="staff@example.org")
    colleague = make_user(User.Role.STAFF, dalate, username="staff_two", email="two@example.org")
    lead = make_user(
        User.Role.DEPARTMENT, dalate, department=dept_lead, username="d1", email="d1@example.org"
    )
    co = make_user(
        User.Role.DEPARTMENT, dalate, department=dept_co, username="d2", email="d2@example.org"
    )
    return {"citizen": citizen, "staff": staff, "colleague": colleague, "lead": lead, "co": co}


class Tally:
    """Notices and e-mails per person since the last look."""

    def __init__(self, people, mailoutbox):
        self.people, self.mailoutbox = people, mailoutbox
        self.seen_notices: set[int] = set()
        self.seen_mail = 0

    def step(self) -> dict[str, tuple[int, int]]:
        new = Notification.objects.exclude(pk__in=self.seen_notices)
        self.seen_notices |= set(Notification.objects.values_list("pk", flat=True))
        mails = self.mailoutbox[self.seen_mail :]
        self.seen_mail = len(self.mailoutbox)
        result = {}
        for name, user in self.people.items():
            notices = new.filter(user=user).count()
            emails = sum(1 for m in mails if m.to == [user.email])
            if notices or emails:
                result[name] = (notices, emails)
        return result


def test_every_person_is_told_once_at_every_step(
    people, dalate, category, dept_lead, dept_co, django_capture_on_commit_callbacks, mailoutbox
):
    citizen, staff = people["citizen"], people["staff"]
    tally = Tally(people, mailoutbox)
    run = django_capture_on_commit_callbacks

    # 1. the citizen, signed in, submits: their receipt (bell + the e-mail with the key); the
    #    committee's staff (nobody assigned yet) are told a new item waits
    with run(execute=True):
        opinion, key = services.opinion_submit_public(
            channel=Channel.WEB,
            committee=dalate,
            title="村口路灯不亮",
            content="情况：村口路灯坏了三个月。建议：尽快修复。",
            category=category,
            submitter_name="赵敏",
            submitter_phone="13900001111",
            submitter_email=citizen.email,
            consent=True,
            user=citizen,
        )
    assert tally.step() == {"citizen": (1, 1), "staff": (1, 1), "colleague": (1, 1)}
    assert key in mailoutbox[0].body and mailoutbox[0].to == [citizen.email]
    receipt = Notification.objects.get(user=citizen)
    assert receipt.kind == NoticeKind.OPINION and key not in receipt.text

    # 2. staff adopt it (and take it on: from now on only they are told of it)
    with run(execute=True):
        services.opinion_assign(opinion=opinion, by=staff, assignee=staff)
        opinion = services.opinion_adopt(opinion=opinion, by=staff, level="banner")
    assert tally.step() == {"citizen": (1, 1)}

    # 3. forwarded to a lead and a co-handling department: both departments and the citizen
    with run(execute=True):
        lead_f, co_f = services.opinion_forward(
            opinion=opinion,
            by=staff,
            lead=dept_lead,
            co=[dept_co],
            due_date=services.default_due_date(),
        )
    assert tally.step() == {"citizen": (1, 1), "lead": (1, 1), "co": (1, 1)}
    assert {n.link for n in Notification.objects.filter(kind=NoticeKind.FORWARDING)} == {
        f"/opinions/dept/{lead_f.pk}/",
        f"/opinions/dept/{co_f.pk}/",
    }

    # 4. both sign (nobody waits on a signature); the co-handler gives its 协办意见 to the lead
    #    department, which is told; the lead answers and the assigned staff member is told
    with run(execute=True):
        services.forwarding_sign(forwarding=lead_f, by=people["lead"])
        services.forwarding_sign(forwarding=co_f, by=people["co"])
    assert tally.step() == {}
    with run(execute=True):
        services.forwarding_give_opinion(
            forwarding=co_f, by=people["co"], text="协办意见：配合维修。"
        )
    assert tally.step() == {"lead": (1, 1)}
    with run(execute=True):
        lead_reply = services.forwarding_reply(
            forwarding=lead_f, by=people["lead"], text="已修复路灯。", resolution="solved"
        )
    assert tally.step() == {"staff": (1, 1)}

    # 5. staff accept the lead's reply: the lead department hears of it, and the opinion is
    #    已答复, which the citizen hears of
    with run(execute=True):
        services.reply_review(reply=lead_reply, by=staff, accept=True)
    assert tally.step() == {"lead": (1, 1), "citizen": (1, 1)}
    opinion.refresh_from_db()
    assert opinion.status == Status.REPLIED

    # 6. the citizen rates the answer: the assigned staff member is told
    with run(execute=True):
        services.opinion_rate(opinion=opinion, satisfaction=Satisfaction.SATISFIED)
    assert tally.step() == {"staff": (1, 1)}

    # nothing twice: one notice per person and cause, one e-mail per address and subject+body
    pairs = collections.Counter(Notification.objects.values_list("user_id", "source"))
    assert max(pairs.values()) == 1
    mails = collections.Counter((tuple(m.to), m.subject, m.body) for m in mailoutbox)
    assert max(mails.values()) == 1
    # … and delivering every row again sends and stores nothing more
    sent, stored = len(mailoutbox), Notification.objects.count()
    for pk in OutboxMessage.objects.values_list("pk", flat=True):
        assert delivery.outbox_deliver(message_id=pk) == "skipped"
    assert (len(mailoutbox), Notification.objects.count()) == (sent, stored)
    # every e-mail names the portal and says where to turn it off (the receipt aside)
    for message in mailoutbox[1:]:
        assert "鄂尔多斯政协委员联系群众平台" in message.body
        assert "/notifications/settings/" in message.body


def test_return_request_and_decision_reach_staff_and_department(
    people, distinct_adopted, dalate, dept_lead, django_capture_on_commit_callbacks, mailoutbox
):
    staff = people["staff"]
    (lead_f,) = services.opinion_forward(
        opinion=distinct_adopted, by=staff, lead=dept_lead, due_date=services.default_due_date()
    )
    Notification.objects.all().delete()
    with django_capture_on_commit_callbacks(execute=True):
        services.forwarding_request_return(
            forwarding=lead_f, by=people["lead"], reason="不属于本单位职责。"
        )
    told = set(Notification.objects.values_list("user__username", flat=True))
    # the opinion was adopted by staff_dalate (the fixture), who thereby became its 经办人
    assert told == {"staff_dalate"}
    Notification.objects.all().delete()
    with django_capture_on_commit_callbacks(execute=True):
        services.forwarding_decide_return(forwarding=lead_f, by=staff, accept=True)
    assert list(Notification.objects.values_list("user__username", "kind")) == [
        ("d1", NoticeKind.FORWARDING)
    ]
    assert "退回申请已同意" in Notification.objects.get().text


def test_a_department_without_accounts_is_mailed_at_its_contact_address(
    distinct_adopted, staff_dalate, dalate, django_capture_on_commit_callbacks, mailoutbox
):
    nobody = DepartmentFactory(
        committee=dalate, name="达拉特旗水利局", contact_email="shuili@example.gov.cn"
    )
    silent = DepartmentFactory(committee=dalate, name="达拉特旗林草局")  # no address: nothing
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.opinion_forward(
            opinion=distinct_adopted,
            by=staff_dalate,
            lead=nobody,
            co=[silent],
            due_date=services.default_due_date(),
        )
    to_departments = [m for m in mailoutbox if m.to == ["shuili@example.gov.cn"]]
    assert len(to_departments) == 1
    assert "新的转办件" in to_departments[0].subject
    assert "鄂尔多斯政协委员联系群众平台" in to_departments[0].body
    assert not Notification.objects.filter(kind=NoticeKind.FORWARDING).exists()
    assert Forwarding.objects.filter(department=silent).exists()


def test_a_department_user_who_opted_out_gets_the_notice_but_no_email(
    people, distinct_adopted, dept_lead, django_capture_on_commit_callbacks, mailoutbox
):
    EmailOptOut.objects.create(user=people["lead"], kind=NoticeKind.FORWARDING)
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.opinion_forward(
            opinion=distinct_adopted,
            by=people["staff"],
            lead=dept_lead,
            due_date=services.default_due_date(),
        )
    assert Notification.objects.filter(user=people["lead"]).count() == 1
    assert not [m for m in mailoutbox if m.to == [people["lead"].email]]


def test_the_reply_review_rejection_tells_the_department_why(
    people, distinct_adopted, dept_lead, django_capture_on_commit_callbacks
):
    staff = people["staff"]
    (lead_f,) = services.opinion_forward(
        opinion=distinct_adopted, by=staff, lead=dept_lead, due_date=services.default_due_date()
    )
    services.forwarding_sign(forwarding=lead_f, by=people["lead"])
    reply = services.forwarding_reply(
        forwarding=lead_f, by=people["lead"], text="已研究。", resolution=Reply.Resolution.SOLVED
    )
    with django_capture_on_commit_callbacks(execute=True):
        services.reply_review(reply=reply, by=staff, accept=False, comment="请写明完成时间。")
    notice = Notification.objects.filter(user=people["lead"]).latest("pk")
    assert "退回重办" in notice.text and "请写明完成时间" in notice.text
