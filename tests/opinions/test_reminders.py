"""The office's and departments' scheduled reminders (opinions.reminders, run by the beat tasks):
who is told, when (working days from the calendar staff keep), never twice for the same thing in
its period and again in the next, only the item's own committee — and that they arrive in the
bell (the notice list) and the console mail (the outbox delivered after commit)."""

import datetime

import pytest
import time_machine
from django.contrib.auth.models import Group, Permission
from django.core import mail
from django.urls import reverse

from notifications.models import NoticeKind, Notification, Reminder
from opinions import services, tasks
from opinions.models import Forwarding
from org.models import CalendarDay
from tests.conftest import TZ

pytestmark = pytest.mark.django_db


def at(day: datetime.date, hour: int = 9):
    return time_machine.travel(datetime.datetime.combine(day, datetime.time(hour), TZ), tick=False)


@pytest.fixture
def run(django_capture_on_commit_callbacks):
    """Run a beat task on a day at 09:00, delivering its outbox rows as the worker would."""

    def go(task, day: datetime.date):
        with at(day), django_capture_on_commit_callbacks(execute=True):
            task.delay()

    return go


def notices(**filters):
    return Notification.objects.filter(**filters).order_by("pk")


@pytest.fixture
def duanwu():
    """端午节 2026: Friday 19 June off (the weekend follows)."""
    for day in (19, 20, 21):
        CalendarDay.objects.create(date=datetime.date(2026, 6, day), kind="holiday", name="端午节")


@pytest.fixture
def dalate_office(make_user, dalate, staff_dalate):
    """Two staff of 达拉特旗 (with e-mail addresses) and the office head, who holds the
    escalation permission through the 办公室负责人 group."""
    staff_dalate.email = "staff.dalate@example.org"
    staff_dalate.save()
    second = make_user("staff", dalate, username="staff_dalate2", email="s2@example.org")
    head = make_user("staff", dalate, username="head_dalate", email="head@example.org")
    group = Group.objects.create(name="办公室负责人")
    group.permissions.add(Permission.objects.get(codename="receive_escalations"))
    head.groups.add(group)
    return staff_dalate, second, head


@pytest.fixture
def late_item(frozen_now, make_public, dalate, duanwu):
    """Submitted Monday 15 June: five working days skip 端午 — due at the end of Tuesday 23."""
    opinion, _key = make_public(dalate, title="旗区公厕改造")
    return opinion


class TestReviewLate:
    def test_handlers_then_the_office_head_once_each(
        self, run, late_item, dalate_office, staff_zhungeer, staff_municipal, client
    ):
        first, second, head = dalate_office
        run(tasks.review_reminders_task, datetime.date(2026, 6, 23))  # still within the deadline
        assert not notices(source__startswith="review-late:").exists()

        run(tasks.review_reminders_task, datetime.date(2026, 6, 24))
        told = notices(source=f"review-late:{late_item.pk}:20260623")
        # unassigned: the committee's staff (the head is staff too)
        assert {n.user_id for n in told} == {first.pk, second.pk, head.pk}
        assert all(n.kind == NoticeKind.REVIEW for n in told)
        assert "旗区公厕改造" in told[0].text and told[0].link == f"/opinions/desk/{late_item.pk}/"
        # nobody of another 旗区, nor the municipal office (it sees the item, but it is not theirs)
        assert not notices(user__in=[staff_zhungeer, staff_municipal]).exists()
        # the console mail: one e-mail per staff address, in the portal's words
        sent = [m for m in mail.outbox if "旗区公厕改造" in m.subject]
        assert sorted(m.to[0] for m in sent) == sorted(
            ["staff.dalate@example.org", "s2@example.org", "head@example.org"]
        )

        # the same day again: nothing new; no escalation before a working day has passed
        run(tasks.review_reminders_task, datetime.date(2026, 6, 24))
        assert notices().count() == 3 and len(mail.outbox) == len(sent)

        run(tasks.review_reminders_task, datetime.date(2026, 6, 25))
        escalated = notices(source__endswith=":head")
        assert [n.user_id for n in escalated] == [head.pk]
        assert escalated[0].text.startswith("督办")
        run(tasks.review_reminders_task, datetime.date(2026, 6, 26))
        assert notices(source__endswith=":head").count() == 1
        assert notices().count() == 4

        # the bell: the head's notice list shows both
        client.force_login(head)
        page = client.get(reverse("notifications:list")).content.decode()
        assert "督办" in page and "旗区公厕改造" in page

    def test_the_assignee_only_and_the_whole_office_without_a_head(
        self, run, late_item, make_user, dalate, staff_dalate
    ):
        other = make_user("staff", dalate, username="staff_dalate2")
        services.opinion_assign(opinion=late_item, by=staff_dalate, assignee=other)
        run(tasks.review_reminders_task, datetime.date(2026, 6, 24))
        assert [n.user_id for n in notices(source__startswith="review-late:")] == [other.pk]
        # nobody holds the escalation permission: every staff user of the committee
        run(tasks.review_reminders_task, datetime.date(2026, 6, 25))
        assert {n.user_id for n in notices(source__endswith=":head")} == {
            staff_dalate.pk,
            other.pk,
        }

    def test_an_item_left_with_a_closed_account_goes_to_the_office(
        self, run, late_item, make_user, dalate, staff_dalate
    ):
        gone = make_user("staff", dalate, username="staff_gone")
        services.opinion_assign(opinion=late_item, by=staff_dalate, assignee=gone)
        gone.is_active = False
        gone.save()
        run(tasks.review_reminders_task, datetime.date(2026, 6, 24))
        assert [n.user_id for n in notices(source__startswith="review-late:")] == [staff_dalate.pk]

    def test_working_days_from_the_calendar(self, run, late_item, staff_dalate):
        # without the 端午 row the deadline would have been Monday 22 — the calendar moved it
        run(tasks.review_reminders_task, datetime.date(2026, 6, 23))
        assert not notices().filter(source__startswith="review-late:").exists()
        # the head is reminded a *working* day after the handler: Friday's reminder escalates
        # on Monday, not at the weekend (a day off sends nothing at all)
        run(tasks.review_reminders_task, datetime.date(2026, 6, 26))
        assert notices(source__startswith="review-late:").count() == 1
        run(tasks.review_reminders_task, datetime.date(2026, 6, 27))  # Saturday
        run(tasks.review_reminders_task, datetime.date(2026, 6, 28))  # Sunday
        assert not notices(source__endswith=":head").exists()
        run(tasks.review_reminders_task, datetime.date(2026, 6, 29))
        assert notices(source__endswith=":head").count() == 1

    def test_make_up_working_day_counts(self, run, late_item, staff_dalate):
        CalendarDay.objects.create(date=datetime.date(2026, 6, 27), kind="workday", name="调休")
        run(tasks.review_reminders_task, datetime.date(2026, 6, 27))  # a Saturday worked
        assert notices(source__startswith="review-late:").count() == 1

    def test_decided_items_and_spam_are_left_alone(
        self, run, late_item, make_public, dalate, staff_dalate
    ):
        spam, _key = make_public(dalate, title="垃圾")
        services.opinion_set_spam(opinion=spam, by=staff_dalate, spam=True)
        services.opinion_adopt(opinion=late_item, by=staff_dalate, level="banner")
        run(tasks.review_reminders_task, datetime.date(2026, 6, 24))
        assert not Reminder.objects.exists()

    def test_several_items_are_one_notice_each_and_the_next_period_again(
        self, run, late_item, make_public, dalate, staff_dalate, member_user, make_member_item
    ):
        with at(datetime.date(2026, 6, 15)):
            make_public(dalate, title="第二件")
            item = make_member_item(member_user, title="社区停车难")
        run(tasks.review_reminders_task, datetime.date(2026, 6, 24))
        (digest,) = notices(user=staff_dalate)
        assert digest.text.startswith("3 件建言超过审核期限")
        assert digest.link == "/opinions/desk/?queue=overdue"
        assert Reminder.objects.filter(key__startswith="review-late:").count() == 3

        # returned and resubmitted: a new deadline is a new period, reminded again
        with at(datetime.date(2026, 6, 24), 10):
            services.opinion_return(opinion=item, by=staff_dalate, comment="请补充情况")
            item.refresh_from_db()
            services.opinion_submit_member(opinion=item, by=member_user)
        run(tasks.review_reminders_task, datetime.date(2026, 7, 1))  # its deadline: 1 July
        assert not notices(source__startswith=f"review-late:{item.pk}:20260701").exists()
        run(tasks.review_reminders_task, datetime.date(2026, 7, 2))
        item.refresh_from_db()
        assert notices(user=staff_dalate, source__startswith=f"review-late:{item.pk}:").count() == 1
        assert Reminder.objects.filter(key__startswith=f"review-late:{item.pk}:").count() == 2


# --- department replies ------------------------------------------------------------------
def set_due(opinion, day: datetime.date) -> Forwarding:
    Forwarding.objects.filter(opinion=opinion).update(due_date=day)
    return opinion.forwardings.get(role=Forwarding.Role.LEAD)


class TestRepliesDue:
    def test_due_in_three_days_once_per_due_date(
        self,
        run,
        frozen_now,
        distinct_forwarded,
        dept_lead_user,
        dept_co_user,
        staff_dalate,
        staff_zhungeer,
        make_user,
        zhungeer,
    ):
        other_banner_dept = make_user("department", zhungeer, username="dept_zge")
        lead = set_due(distinct_forwarded, datetime.date(2026, 6, 19))
        run(tasks.forwardings_due_soon_task, datetime.date(2026, 6, 15))  # four days before
        assert not notices(source__startswith="reply-due").exists()

        run(tasks.forwardings_due_soon_task, datetime.date(2026, 6, 16))
        department = notices(source__startswith="reply-due:")
        assert {n.user_id for n in department} == {dept_lead_user.pk, dept_co_user.pk}
        assert {n.link for n in department if n.user_id == dept_lead_user.pk} == {
            f"/opinions/dept/{lead.pk}/"
        }
        handler = notices(source__startswith="reply-due-handler:")
        assert {n.user_id for n in handler} == {staff_dalate.pk}  # the 经办人 only
        assert not notices(user__in=[staff_zhungeer, other_banner_dept]).exists()
        count = notices().count()

        run(tasks.forwardings_due_soon_task, datetime.date(2026, 6, 16))
        run(tasks.forwardings_due_soon_task, datetime.date(2026, 6, 17))
        assert notices().count() == count
        # the due date moved: a new period
        set_due(distinct_forwarded, datetime.date(2026, 6, 22))
        run(tasks.forwardings_due_soon_task, datetime.date(2026, 6, 19))
        assert notices(user=dept_lead_user, source__startswith="reply-due:").count() == 2

    def test_overdue_departments_each_working_day_handler_once(
        self, run, frozen_now, distinct_forwarded, dept_lead_user, staff_dalate, duanwu
    ):
        set_due(distinct_forwarded, datetime.date(2026, 6, 10))
        run(tasks.forwardings_overdue_task, datetime.date(2026, 6, 18))
        run(tasks.forwardings_overdue_task, datetime.date(2026, 6, 18))
        assert notices(user=dept_lead_user, source__startswith="overdue:").count() == 1
        handler = notices(user=staff_dalate, source__startswith="reply-late-handler:")
        assert handler.count() == 1 and "已超过办理期限" in handler[0].text
        run(tasks.forwardings_overdue_task, datetime.date(2026, 6, 19))  # 端午: a day off
        assert notices(user=dept_lead_user, source__startswith="overdue:").count() == 1
        run(tasks.forwardings_overdue_task, datetime.date(2026, 6, 22))
        assert notices(user=dept_lead_user, source__startswith="overdue:").count() == 2
        assert notices(user=staff_dalate, source__startswith="reply-late-handler:").count() == 1

    def test_a_department_without_accounts_is_mailed(
        self, run, frozen_now, distinct_forwarded, dept_lead, dept_lead_user
    ):
        dept_lead_user.is_active = False
        dept_lead_user.save()
        dept_lead.contact_email = "zjj@example.org"
        dept_lead.save()
        set_due(distinct_forwarded, datetime.date(2026, 6, 17))
        run(tasks.forwardings_due_soon_task, datetime.date(2026, 6, 15))
        run(tasks.forwardings_due_soon_task, datetime.date(2026, 6, 16))
        to_department = [m for m in mail.outbox if m.to == ["zjj@example.org"]]
        assert len(to_department) == 1 and "到期" in to_department[0].subject
