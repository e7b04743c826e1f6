"""Part 2 of the lifecycle through the services: bulletin → sign-off → forwarding → department
steps → reply review → public reply → rating → closed; return-to-sender, re-handling,
auto-close, overdue flagging and reminders with a frozen clock, leader instructions and the
ledger. A forbidden step raises (TransitionError / PermissionDenied / ValidationError) and
changes nothing."""

import datetime
from unittest import mock

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from ledger.models import LedgerEntry
from notifications.models import Notification
from opinions import services
from opinions.models import (
    Bulletin,
    Forwarding,
    LeaderInstruction,
    Opinion,
    OpinionEvent,
    Reply,
    Satisfaction,
    Status,
)
from opinions.services import TransitionError
from opinions.workflows import OPINION
from tests.conftest import TZ
from tests.members.factories import MemberFactory
from tests.opinions.conftest import DISTINCT_EMAIL
from tests.utils import issue_bulletin

Kind = OpinionEvent.Kind
pytestmark = pytest.mark.django_db


def kinds(opinion) -> list[str]:
    return list(opinion.events.order_by("created_at", "pk").values_list("kind", flat=True))


def event_count(opinion) -> int:
    return OpinionEvent.objects.filter(opinion=opinion).count()


def at(year, month, day, hour=10):
    return datetime.datetime(year, month, day, hour, tzinfo=TZ)


def frozen(when):
    return mock.patch("django.utils.timezone.now", return_value=when)


def lead_of(opinion) -> Forwarding:
    return opinion.forwardings.exclude(status="withdrawn").get(role=Forwarding.Role.LEAD)


def co_of(opinion) -> Forwarding:
    return opinion.forwardings.exclude(status="withdrawn").get(role=Forwarding.Role.CO)


@pytest.fixture
def replied(distinct_adopted, staff_dalate, dept_lead, dept_lead_user):
    """Forwarded to the lead only, signed, answered and accepted: 已答复."""
    (lead,) = services.opinion_forward(
        opinion=distinct_adopted,
        by=staff_dalate,
        lead=dept_lead,
        due_date=services.default_due_date(),
    )
    services.forwarding_sign(forwarding=lead, by=dept_lead_user)
    reply = services.forwarding_reply(
        forwarding=lead,
        by=dept_lead_user,
        text="已列入明年计划。",
        resolution=Reply.Resolution.PLANNED,
    )
    services.reply_review(reply=reply, by=staff_dalate, accept=True)
    distinct_adopted.refresh_from_db()
    assert distinct_adopted.status == Status.REPLIED
    return distinct_adopted


# --- the whole path ----------------------------------------------------------------------------
def test_whole_path_from_adoption_to_closing(
    distinct_adopted,
    dalate,
    staff_dalate,
    dept_lead,
    dept_co,
    dept_lead_user,
    dept_co_user,
    django_capture_on_commit_callbacks,
    mailoutbox,
):
    opinion = distinct_adopted
    original_title, original_content = opinion.title, opinion.content

    # bulletin: compile, edit the issue's text (the original stays), sign off
    bulletin = services.bulletin_create(by=staff_dalate, committee=dalate)
    assert "鄂尔多斯市政协" in bulletin.recipients  # a 旗区 reports upward too
    item = services.bulletin_add_item(bulletin=bulletin, opinion=opinion, by=staff_dalate)
    assert item.position == 1 and item.editorial_title == original_title
    services.bulletin_update_item(
        item=item,
        by=staff_dalate,
        editorial_title="关于排水管网的建议",
        editorial_body="编辑后的正文。",
    )
    bulletin = issue_bulletin(bulletin, by=staff_dalate)
    assert bulletin.is_issued and bulletin.number == 1 and bulletin.signed_by.role == "leader"
    opinion.refresh_from_db()
    assert opinion.status == Status.COMPILED
    assert (opinion.title, opinion.content) == (original_title, original_content)

    # forward: lead + co, each department's users told after commit
    with django_capture_on_commit_callbacks(execute=True):
        created = services.opinion_forward(
            opinion=opinion,
            by=staff_dalate,
            lead=dept_lead,
            co=[dept_co],
            due_date=services.default_due_date(),
            cover_note="请按期答复。",
            expected_status=Status.COMPILED,
        )
    assert [(f.department, f.role) for f in created] == [(dept_lead, "lead"), (dept_co, "co")]
    assert all(f.due_date == timezone.localdate() + datetime.timedelta(days=30) for f in created)
    opinion.refresh_from_db()
    assert opinion.status == Status.FORWARDED
    for user, forwarding in ((dept_lead_user, created[0]), (dept_co_user, created[1])):
        notice = Notification.objects.get(user=user)
        assert notice.link == f"/opinions/dept/{forwarding.pk}/"
    lead, co = created

    # departments sign; the co-handling department sends its views; staff accept them
    services.forwarding_sign(forwarding=lead, by=dept_lead_user)
    services.forwarding_sign(forwarding=co, by=dept_co_user)
    co = services.forwarding_give_opinion(forwarding=co, by=dept_co_user, text="建议同步改造道路。")
    co.refresh_from_db()
    opinion.refresh_from_db()
    assert co.status == Forwarding.Status.OPINION_GIVEN and co.co_opinion == "建议同步改造道路。"
    assert opinion.status == Status.FORWARDED  # only the lead's answer replies to the citizen

    # the lead replies; staff reject with a reason; the lead replies again
    first = services.forwarding_reply(
        forwarding=lead, by=dept_lead_user, text="正在研究。", resolution=Reply.Resolution.PLANNED
    )
    services.reply_review(reply=first, by=staff_dalate, accept=False, comment="答复过于笼统。")
    lead.refresh_from_db()
    first.refresh_from_db()
    assert lead.status == Forwarding.Status.REJECTED and first.review == Reply.Review.REJECTED
    assert first.review_comment == "答复过于笼统。"
    first_replied_at = lead.first_replied_at
    second = services.forwarding_reply(
        forwarding=lead,
        by=dept_lead_user,
        resolution=Reply.Resolution.SOLVED,
        text="已完成排水管网改造。内部联系人：王科长 0477-1234567。",
    )
    lead.refresh_from_db()
    assert lead.status == Forwarding.Status.REPLIED and lead.first_replied_at == first_replied_at

    # staff accept with an edited public reply; the submitter is e-mailed
    with django_capture_on_commit_callbacks(execute=True):
        services.reply_review(
            reply=second, by=staff_dalate, accept=True, public_reply="已完成排水管网改造。"
        )
    opinion.refresh_from_db()
    assert opinion.status == Status.REPLIED and opinion.public_reply == "已完成排水管网改造。"
    assert opinion.replied_at is not None
    assert any(DISTINCT_EMAIL in m.to for m in mailoutbox)

    # the citizen rates: closed
    services.opinion_rate(opinion=opinion, satisfaction=Satisfaction.SATISFIED, comment="谢谢")
    opinion.refresh_from_db()
    assert opinion.status == Status.CLOSED and opinion.closed_at and opinion.rated_at
    assert opinion.satisfaction == Satisfaction.SATISFIED
    assert kinds(opinion) == [
        Kind.SUBMITTED,
        Kind.ADOPTED,
        Kind.COMPILED,
        Kind.FORWARDED,
        Kind.SIGNED,
        Kind.SIGNED,
        Kind.CO_OPINION,
        Kind.REPLY_SUBMITTED,
        Kind.REPLY_REJECTED,
        Kind.REPLY_SUBMITTED,
        Kind.REPLY_ACCEPTED,
        Kind.REPLIED,
        Kind.RATED,
        Kind.CLOSED,
    ]
    # rating twice is refused
    with pytest.raises(TransitionError):
        services.opinion_rate(opinion=opinion, satisfaction=Satisfaction.UNSATISFIED)


def test_forbidden_steps_change_nothing(
    distinct_forwarded,
    co_opinion_given,
    staff_dalate,
    staff_zhungeer,
    dept_lead_user,
    dept_co_user,
    dept_alt_user,
):
    opinion = distinct_forwarded
    lead = lead_of(opinion)
    before = event_count(opinion)
    # another department, a staff user, another 旗区's staff
    for user in (dept_co_user, dept_alt_user, staff_dalate):
        with pytest.raises(PermissionDenied):
            services.forwarding_sign(forwarding=lead, by=user)
    with pytest.raises(PermissionDenied):
        services.forwarding_decide_return(forwarding=lead, by=dept_lead_user, accept=True)
    # reply before signing; review before any reply
    with pytest.raises(TransitionError):
        services.forwarding_reply(
            forwarding=lead, by=dept_lead_user, text="答复", resolution="solved"
        )
    services.forwarding_sign(forwarding=lead, by=dept_lead_user)
    with pytest.raises(TransitionError):
        services.forwarding_sign(forwarding=lead, by=dept_lead_user)
    before = event_count(opinion)
    # empty text, unknown resolution: refused, nothing stored
    for text, resolution in (("", "solved"), ("答复", "whatever"), ("答复", "")):
        with pytest.raises(ValidationError):
            services.forwarding_reply(
                forwarding=lead, by=dept_lead_user, text=text, resolution=resolution
            )
    assert not Reply.objects.exists()
    lead.refresh_from_db()
    assert lead.status == Forwarding.Status.SIGNED and lead.first_replied_at is None
    reply = services.forwarding_reply(
        forwarding=lead, by=dept_lead_user, text="答复", resolution="solved"
    )
    before = event_count(opinion)
    with pytest.raises(ValidationError):  # rejecting needs a reason
        services.reply_review(reply=reply, by=staff_dalate, accept=False, comment="  ")
    with pytest.raises(PermissionDenied):
        services.reply_review(reply=reply, by=staff_zhungeer, accept=True)
    with pytest.raises(ValidationError):  # an empty public reply is not published
        services.reply_review(reply=reply, by=staff_dalate, accept=True, public_reply="   ")
    reply.refresh_from_db()
    lead.refresh_from_db()
    opinion.refresh_from_db()
    assert reply.review == Reply.Review.PENDING and lead.status == Forwarding.Status.REPLIED
    assert opinion.status == Status.FORWARDED and opinion.public_reply == ""
    assert event_count(opinion) == before


# --- forwarding input --------------------------------------------------------------------------
class TestForwardInput:
    def test_bad_input_is_refused_and_nothing_stored(
        self,
        distinct_adopted,
        staff_dalate,
        staff_zhungeer,
        dept_lead,
        dept_co,
        zhungeer,
    ):
        from tests.opinions.factories import DepartmentFactory

        foreign = DepartmentFactory(committee=zhungeer, name="准格尔旗交通运输局")
        inactive = DepartmentFactory(
            committee=distinct_adopted.committee, name="已撤销的局", is_active=False
        )
        opinion, due = distinct_adopted, services.default_due_date()
        before = event_count(opinion)
        cases = [
            dict(lead=None, co=[]),  # no lead
            dict(lead=None, co=[dept_co]),  # co only, no lead yet
            dict(lead=dept_lead, due_date=timezone.localdate()),  # due today
            dict(lead=dept_lead, due_date=timezone.localdate() - datetime.timedelta(days=3)),
            dict(lead=foreign),  # another committee's department
            dict(lead=dept_lead, co=[foreign]),
            dict(lead=inactive),
        ]
        for case in cases:
            case.setdefault("due_date", due)
            with pytest.raises(ValidationError):
                services.opinion_forward(opinion=opinion, by=staff_dalate, **case)
        with pytest.raises(PermissionDenied):
            services.opinion_forward(
                opinion=opinion, by=staff_zhungeer, lead=dept_lead, due_date=due
            )
        with pytest.raises(TransitionError):  # someone else changed it meanwhile
            services.opinion_forward(
                opinion=opinion,
                by=staff_dalate,
                lead=dept_lead,
                due_date=due,
                expected_status=Status.COMPILED,
            )
        opinion.refresh_from_db()
        assert opinion.status == Status.ADOPTED and event_count(opinion) == before
        assert not Forwarding.objects.exists()

    def test_not_adopted_opinion_cannot_be_forwarded(self, public_opinion, staff_dalate, dept_lead):
        with pytest.raises(TransitionError):
            services.opinion_forward(
                opinion=public_opinion,
                by=staff_dalate,
                lead=dept_lead,
                due_date=services.default_due_date(),
            )
        assert not Forwarding.objects.exists()

    def test_second_lead_and_duplicate_department_are_refused(
        self,
        distinct_forwarded,
        staff_dalate,
        dept_alt,
        dept_co,
    ):
        due = services.default_due_date()
        with pytest.raises(ValidationError):
            services.opinion_forward(
                opinion=distinct_forwarded, by=staff_dalate, lead=dept_alt, due_date=due
            )
        with pytest.raises(ValidationError):
            services.opinion_forward(
                opinion=distinct_forwarded, by=staff_dalate, lead=None, co=[dept_co], due_date=due
            )
        # another co-handling department may be added later
        (added,) = services.opinion_forward(
            opinion=distinct_forwarded, by=staff_dalate, lead=None, co=[dept_alt], due_date=due
        )
        assert added.role == Forwarding.Role.CO
        assert distinct_forwarded.forwardings.count() == 3


# --- return to sender (申退) ---------------------------------------------------------------------
class TestReturnToSender:
    def test_accepted_then_rerouted(
        self, distinct_forwarded, staff_dalate, dept_lead, dept_lead_user, dept_alt, dept_alt_user
    ):
        opinion = distinct_forwarded
        lead = lead_of(opinion)
        services.forwarding_sign(forwarding=lead, by=dept_lead_user)
        with pytest.raises(ValidationError):
            services.forwarding_request_return(forwarding=lead, by=dept_lead_user, reason="  ")
        services.forwarding_request_return(
            forwarding=lead, by=dept_lead_user, reason="排水管网属自然资源局职责。"
        )
        lead.refresh_from_db()
        assert lead.status == Forwarding.Status.RETURN_REQUESTED and lead.is_open
        with pytest.raises(TransitionError):  # no reply while the return is pending
            services.forwarding_reply(
                forwarding=lead, by=dept_lead_user, text="x", resolution="solved"
            )
        services.forwarding_decide_return(
            forwarding=lead, by=staff_dalate, accept=True, comment="同意，改派。"
        )
        lead.refresh_from_db()
        assert lead.status == Forwarding.Status.WITHDRAWN and not lead.is_open
        # re-route to another department as the new lead
        (new_lead,) = services.opinion_forward(
            opinion=opinion, by=staff_dalate, lead=dept_alt, due_date=services.default_due_date()
        )
        assert new_lead.role == Forwarding.Role.LEAD and new_lead.status == Forwarding.Status.NEW
        assert lead_of(opinion) == new_lead
        services.forwarding_sign(forwarding=new_lead, by=dept_alt_user)
        # the withdrawn department can no longer act on it
        with pytest.raises(TransitionError):
            services.forwarding_reply(
                forwarding=lead, by=dept_lead_user, text="x", resolution="solved"
            )
        assert [k for k in kinds(opinion) if k.startswith("return")] == [
            Kind.RETURN_REQUESTED,
            Kind.RETURN_ACCEPTED,
        ]
        # a withdrawn department may even be asked again later (as a co-handler)
        (again,) = services.opinion_forward(
            opinion=opinion,
            by=staff_dalate,
            lead=None,
            co=[dept_lead],
            due_date=services.default_due_date(),
        )
        assert again.department == dept_lead and again.role == Forwarding.Role.CO

    @pytest.mark.parametrize("signed", [True, False])
    def test_refused_goes_back(self, distinct_forwarded, staff_dalate, dept_lead_user, signed):
        lead = lead_of(distinct_forwarded)
        if signed:
            services.forwarding_sign(forwarding=lead, by=dept_lead_user)
        services.forwarding_request_return(forwarding=lead, by=dept_lead_user, reason="不属本单位")
        services.forwarding_decide_return(
            forwarding=lead, by=staff_dalate, accept=False, comment="属于贵单位职责，请继续办理。"
        )
        lead.refresh_from_db()
        assert lead.status == (Forwarding.Status.SIGNED if signed else Forwarding.Status.NEW)
        with pytest.raises(TransitionError):  # decided once
            services.forwarding_decide_return(forwarding=lead, by=staff_dalate, accept=True)
        assert Kind.RETURN_REFUSED in kinds(distinct_forwarded)


# --- re-handling ---------------------------------------------------------------------------------
class TestRehandle:
    def test_unsatisfied_reopens_the_lead_once(
        self, replied, dept_lead_user, staff_dalate, frozen_now
    ):
        opinion = replied
        lead = lead_of(opinion)
        lead.due_date = datetime.date(2026, 1, 1)
        lead.save()
        services.opinion_rate(
            opinion=opinion,
            satisfaction=Satisfaction.UNSATISFIED,
            comment="没有解决。",
            rehandle=True,
        )
        opinion.refresh_from_db()
        lead.refresh_from_db()
        assert opinion.status == Status.FORWARDED and opinion.rehandle_requested_at
        assert lead.status == Forwarding.Status.SIGNED and lead.is_open
        assert lead.due_date == datetime.date(2026, 7, 15)  # frozen today + 30 days
        event = opinion.events.get(kind=Kind.REHANDLE)
        assert event.comment == "没有解决。" and event.data["forwarding"] == lead.pk
        # a second request is refused
        with pytest.raises(TransitionError):
            services.opinion_request_rehandle(opinion=opinion)
        # the department answers again; staff accept; the citizen may rate the new answer
        reply = services.forwarding_reply(
            forwarding=lead, by=dept_lead_user, text="已彻底解决。", resolution="solved"
        )
        services.reply_review(reply=reply, by=staff_dalate, accept=True)
        opinion.refresh_from_db()
        assert opinion.status == Status.REPLIED and opinion.public_reply == "已彻底解决。"
        assert OPINION.can(opinion, "rate") and not OPINION.can(opinion, "rehandle")
        services.opinion_rate(
            opinion=opinion, satisfaction=Satisfaction.UNSATISFIED, rehandle=True
        )  # no second re-handling: it closes
        opinion.refresh_from_db()
        assert opinion.status == Status.CLOSED
        assert opinion.events.filter(kind=Kind.REHANDLE).count() == 1

    def test_from_a_closed_opinion(self, replied):
        services.opinion_rate(opinion=replied, satisfaction=Satisfaction.UNSATISFIED)
        replied.refresh_from_db()
        assert replied.status == Status.CLOSED and OPINION.can(replied, "rehandle")
        services.opinion_request_rehandle(opinion=replied, comment="仍未解决")
        replied.refresh_from_db()
        assert replied.status == Status.FORWARDED
        assert lead_of(replied).status == Forwarding.Status.SIGNED
        with pytest.raises(TransitionError):
            services.opinion_request_rehandle(opinion=replied)

    @pytest.mark.parametrize("satisfaction", [Satisfaction.SATISFIED, Satisfaction.BASICALLY])
    def test_only_when_unsatisfied(self, replied, satisfaction):
        services.opinion_rate(opinion=replied, satisfaction=satisfaction, rehandle=True)
        replied.refresh_from_db()
        assert replied.status == Status.CLOSED and replied.rehandle_requested_at is None
        with pytest.raises(TransitionError):
            services.opinion_request_rehandle(opinion=replied)

    def test_bad_rating_changes_nothing(self, replied):
        before = event_count(replied)
        with pytest.raises(ValidationError):
            services.opinion_rate(opinion=replied, satisfaction="great")
        replied.refresh_from_db()
        assert replied.status == Status.REPLIED and not replied.rated_at
        assert event_count(replied) == before

    def test_cannot_rate_before_reply(self, distinct_forwarded):
        with pytest.raises(TransitionError):
            services.opinion_rate(opinion=distinct_forwarded, satisfaction="satisfied")

    def test_give_feedback_decides_for_the_tracking_page_and_the_api(self, replied):
        """opinion_give_feedback (the tracking page's and the API's rating): a rating while the
        reply awaits one; rated and closed, only a request for re-handling is still taken, once."""
        services.opinion_give_feedback(opinion=replied, satisfaction="unsatisfied")
        closed = Opinion.objects.get(pk=replied.pk)
        assert closed.status == Status.CLOSED and closed.satisfaction == "unsatisfied"
        with pytest.raises(TransitionError, match="这条建言已经评价过了。"):
            services.opinion_give_feedback(opinion=closed, satisfaction="satisfied")
        again = services.opinion_give_feedback(opinion=closed, satisfaction="", rehandle=True)
        assert again.status == Status.FORWARDED and again.rehandle_requested_at is not None
        with pytest.raises(TransitionError):
            services.opinion_give_feedback(
                opinion=Opinion.objects.get(pk=replied.pk), satisfaction="", rehandle=True
            )


# --- auto-close ----------------------------------------------------------------------------------
def test_auto_close_after_configured_days(replied, settings, make_public, dalate):
    settings.OPINION_AUTO_CLOSE_DAYS = 15
    replied_at = replied.replied_at
    assert services.opinions_auto_close(now=replied_at + datetime.timedelta(days=14)) == 0
    replied.refresh_from_db()
    assert replied.status == Status.REPLIED
    later = replied_at + datetime.timedelta(days=15, minutes=1)
    assert services.opinions_auto_close(now=later) == 1
    replied.refresh_from_db()
    assert replied.status == Status.CLOSED and not replied.satisfaction
    assert replied.events.get(kind=Kind.CLOSED).data == {"reason": "no_rating"}
    assert services.opinions_auto_close(now=later) == 0  # idempotent
    assert replied.events.filter(kind=Kind.CLOSED).count() == 1
    # a shorter setting closes sooner
    settings.OPINION_AUTO_CLOSE_DAYS = 1
    other, _ = make_public(dalate, title="另一条建言")
    Opinion.objects.filter(pk=other.pk).update(status=Status.REPLIED, replied_at=replied_at)
    assert services.opinions_auto_close(now=replied_at + datetime.timedelta(days=2)) == 1


def test_auto_close_task_runs(replied, settings):
    from opinions.tasks import opinions_auto_close_task

    Opinion.objects.filter(pk=replied.pk).update(
        replied_at=timezone.now() - datetime.timedelta(days=settings.OPINION_AUTO_CLOSE_DAYS + 1)
    )
    opinions_auto_close_task.delay()
    replied.refresh_from_db()
    assert replied.status == Status.CLOSED


# --- overdue --------------------------------------------------------------------------------------
class TestOverdue:
    def test_flag_with_a_frozen_clock(
        self, distinct_adopted, staff_dalate, dept_lead, dept_lead_user
    ):
        with frozen(at(2026, 6, 15)):
            (lead,) = services.opinion_forward(
                opinion=distinct_adopted,
                by=staff_dalate,
                lead=dept_lead,
                due_date=datetime.date(2026, 6, 20),
            )
            assert not lead.is_overdue and not Forwarding.objects.overdue().exists()
        with frozen(at(2026, 6, 20, 23)):  # the due day itself is still in time
            assert not lead.is_overdue
        with frozen(at(2026, 6, 21, 0)):
            assert lead.is_overdue
            assert list(Forwarding.objects.overdue()) == [lead]
            services.forwarding_sign(forwarding=lead, by=dept_lead_user)
            lead.refresh_from_db()
            assert lead.is_overdue  # signed but not answered: still overdue
            services.forwarding_reply(
                forwarding=lead, by=dept_lead_user, text="答复", resolution="solved"
            )
            lead.refresh_from_db()
            assert not lead.is_overdue and not Forwarding.objects.overdue().exists()

    def test_reminders_once_per_user_per_day(
        self,
        distinct_forwarded,
        make_user,
        dalate,
        dept_lead,
        dept_lead_user,
        dept_co_user,
        django_capture_on_commit_callbacks,
    ):
        def remind(today):  # the notices are delivered after commit
            with django_capture_on_commit_callbacks(execute=True):
                return services.forwardings_remind_overdue(today=today)

        second = make_user("department", dalate, department=dept_lead, username="dept_lead2")
        make_user("department", dalate, department=dept_lead, username="gone", is_active=False)
        lead, co = lead_of(distinct_forwarded), co_of(distinct_forwarded)
        Forwarding.objects.filter(pk=lead.pk).update(due_date=datetime.date(2026, 6, 10))
        day = datetime.date(2026, 6, 15)
        assert remind(day) == 1
        notices = Notification.objects.filter(source__startswith="overdue:")
        assert sorted(n.user_id for n in notices) == sorted([dept_lead_user.pk, second.pk])
        assert not Notification.objects.filter(
            user=dept_co_user, source__startswith="overdue:"
        ).exists()
        assert all(n.link == f"/opinions/dept/{lead.pk}/" for n in notices)
        # idempotent within the day, even if the marker were lost
        assert remind(day) == 0
        Forwarding.objects.filter(pk=lead.pk).update(last_reminded_on=None)
        remind(day)
        assert Notification.objects.filter(source__startswith="overdue:").count() == 2
        # the next day: once more
        assert remind(day + datetime.timedelta(days=1)) == 1
        assert Notification.objects.filter(source__startswith="overdue:").count() == 4
        assert distinct_forwarded.events.filter(kind=Kind.OVERDUE_REMINDER).count() == 3
        # an answered forwarding is not reminded
        co.refresh_from_db()
        assert co.due_date > day

    def test_task_uses_today(
        self, distinct_forwarded, dept_lead_user, frozen_now, django_capture_on_commit_callbacks
    ):
        from opinions.tasks import forwardings_overdue_task

        lead = lead_of(distinct_forwarded)
        Forwarding.objects.filter(pk=lead.pk).update(due_date=datetime.date(2026, 6, 14))
        with django_capture_on_commit_callbacks(execute=True):
            forwardings_overdue_task.delay()
            forwardings_overdue_task.delay()
        assert (
            Notification.objects.filter(
                user=dept_lead_user, source=f"overdue:{lead.pk}:2026-06-15:{dept_lead_user.pk}"
            ).count()
            == 1
        )


# --- leader instructions -------------------------------------------------------------------------
class TestInstruction:
    @pytest.fixture
    def member_adopted(self, make_member_item, member_user, staff_dalate, dalate):
        co_author = MemberFactory(committee=dalate, name="联名委员")
        opinion = make_member_item(member_user)
        opinion.co_authors.add(co_author)
        opinion = services.opinion_adopt(opinion=opinion, by=staff_dalate, level="banner")
        opinion.co_author = co_author
        return opinion

    def test_recorded_as_event_and_ledger_entries(self, member_adopted, staff_dalate, member_user):
        instruction = services.instruction_record(
            opinion=member_adopted,
            by=staff_dalate,
            leader_name="王某某",
            leader_title="达拉特旗委书记",
            level=LeaderInstruction.Level.BANNER,
            instructed_on=timezone.localdate(),
            text="请住建局抓紧研究。",
        )
        event = member_adopted.events.get(kind=Kind.INSTRUCTION)
        assert event.data["instruction"] == instruction.pk
        assert event.data["leader"] == "达拉特旗委书记 王某某" and event.actor == staff_dalate
        key = f"instruction:{instruction.pk}"
        entries = LedgerEntry.objects.filter(source_key=key)
        assert {e.member_id for e in entries} == {
            member_user.member.pk,
            member_adopted.co_author.pk,
        }
        assert all(e.source_type == LedgerEntry.Source.INSTRUCTION for e in entries)

    def test_public_opinion_has_no_ledger_entry(self, distinct_adopted, staff_dalate):
        instruction = services.instruction_record(
            opinion=distinct_adopted,
            by=staff_dalate,
            leader_name="李某",
            leader_title="旗长",
            level="banner",
            instructed_on=timezone.localdate(),
            text="阅。",
        )
        assert distinct_adopted.events.filter(kind=Kind.INSTRUCTION).count() == 1
        assert not LedgerEntry.objects.filter(source_key=f"instruction:{instruction.pk}").exists()

    def test_bad_input(self, member_adopted, staff_dalate, staff_zhungeer, public_opinion):
        good = dict(
            leader_name="王某某",
            leader_title="旗委书记",
            level="banner",
            instructed_on=timezone.localdate(),
            text="请研究。",
        )
        bad = [
            {"instructed_on": timezone.localdate() + datetime.timedelta(days=1)},
            {"level": "galactic"},
            {"text": ""},
            {"leader_name": "王" * 41},
        ]
        for change in bad:
            with pytest.raises(ValidationError):
                services.instruction_record(
                    opinion=member_adopted, by=staff_dalate, **{**good, **change}
                )
        with pytest.raises(PermissionDenied):
            services.instruction_record(opinion=member_adopted, by=staff_zhungeer, **good)
        with pytest.raises(TransitionError):  # not adopted yet
            services.instruction_record(opinion=public_opinion, by=staff_dalate, **good)
        assert not LeaderInstruction.objects.exists()
        assert not LedgerEntry.objects.filter(source_type=LedgerEntry.Source.INSTRUCTION).exists()
        assert not member_adopted.events.filter(kind=Kind.INSTRUCTION).exists()


# --- bulletins -------------------------------------------------------------------------------------
def adopted_rows(committee, n, **fields):
    from tests.opinions.factories import OpinionFactory

    return [
        OpinionFactory(
            committee=committee, status=Status.ADOPTED, adoption_level="banner", **fields
        )
        for _ in range(n)
    ]


def issue_one(committee, staff, opinion):
    bulletin = services.bulletin_create(by=staff, committee=committee)
    services.bulletin_add_item(bulletin=bulletin, opinion=opinion, by=staff)
    return issue_bulletin(bulletin, by=staff)


class TestBulletinNumbers:
    def test_consecutive_per_committee_and_year(
        self, dalate, zhungeer, municipal, staff_dalate, staff_zhungeer, staff_municipal
    ):
        numbers = {"dalate": [], "zhungeer": [], "ordos": []}
        pairs = [(dalate, staff_dalate), (zhungeer, staff_zhungeer), (municipal, staff_municipal)]
        opinions = {c.code: adopted_rows(c, 4) for c, _ in pairs}
        # interleaved sign-offs, and a draft that is never issued leaves no gap
        services.bulletin_create(by=staff_dalate, committee=dalate)
        for i in range(4):
            for committee, staff in pairs:
                if committee.code == "ordos" and i > 1:
                    continue
                bulletin = issue_one(committee, staff, opinions[committee.code][i])
                numbers[committee.code].append(bulletin.number)
        assert numbers == {"dalate": [1, 2, 3, 4], "zhungeer": [1, 2, 3, 4], "ordos": [1, 2]}
        issued = Bulletin.objects.filter(status="issued")
        pairs_seen = list(issued.values_list("committee_id", "year", "number"))
        assert len(pairs_seen) == len(set(pairs_seen)) == 10

    def test_restart_each_year(self, dalate, staff_dalate):
        first, second = adopted_rows(dalate, 2)
        with frozen(at(2026, 12, 31, 23)):
            assert issue_one(dalate, staff_dalate, first).number == 1
        with frozen(at(2027, 1, 1, 9)):
            bulletin = issue_one(dalate, staff_dalate, second)
        assert (bulletin.year, bulletin.number) == (2027, 1)

    def test_empty_issue_is_refused(self, dalate, staff_dalate):
        bulletin = services.bulletin_create(by=staff_dalate, committee=dalate)
        with pytest.raises(TransitionError, match="没有编入"):
            services.bulletin_submit(bulletin=bulletin, by=staff_dalate)
        bulletin.refresh_from_db()
        assert bulletin.number is None and not bulletin.is_issued

    def test_issued_bulletin_is_read_only(self, dalate, staff_dalate):
        opinion, extra = adopted_rows(dalate, 2)
        bulletin = issue_one(dalate, staff_dalate, opinion)
        item = bulletin.items.get()
        for call in (
            lambda: services.bulletin_add_item(bulletin=bulletin, opinion=extra, by=staff_dalate),
            lambda: services.bulletin_update_item(
                item=item, by=staff_dalate, editorial_title="改", editorial_body="改"
            ),
            lambda: services.bulletin_move_item(item=item, by=staff_dalate, up=True),
            lambda: services.bulletin_remove_item(item=item, by=staff_dalate),
            lambda: services.bulletin_submit(bulletin=bulletin, by=staff_dalate),
        ):
            with pytest.raises(TransitionError, match="已签发"):
                call()
        item.refresh_from_db()
        bulletin.refresh_from_db()
        assert item.editorial_title == opinion.title and bulletin.number == 1
        assert bulletin.items.count() == 1

    def test_editing_rules(self, dalate, zhungeer, staff_dalate, staff_zhungeer):
        mine = adopted_rows(dalate, 3)
        theirs = adopted_rows(zhungeer, 1)[0]
        bulletin = services.bulletin_create(by=staff_dalate, committee=dalate)
        with pytest.raises(PermissionDenied):
            services.bulletin_create(by=staff_zhungeer, committee=dalate)
        with pytest.raises(ValidationError):  # another committee's opinion
            services.bulletin_add_item(bulletin=bulletin, opinion=theirs, by=staff_dalate)
        items = [
            services.bulletin_add_item(bulletin=bulletin, opinion=o, by=staff_dalate) for o in mine
        ]
        other = services.bulletin_create(by=staff_dalate, committee=dalate)
        with pytest.raises(ValidationError):  # already in a draft issue
            services.bulletin_add_item(bulletin=other, opinion=mine[0], by=staff_dalate)
        with pytest.raises(PermissionDenied):
            services.bulletin_move_item(item=items[0], by=staff_zhungeer, up=False)
        services.bulletin_move_item(item=items[2], by=staff_dalate, up=True)
        services.bulletin_move_item(item=items[0], by=staff_dalate, up=True)  # already first
        order = list(bulletin.items.order_by("position").values_list("opinion_id", flat=True))
        assert order == [mine[0].pk, mine[2].pk, mine[1].pk]
        with pytest.raises(ValidationError):
            services.bulletin_update_item(
                item=items[1], by=staff_dalate, editorial_title="", editorial_body="正文"
            )
        services.bulletin_remove_item(item=items[1], by=staff_dalate)
        assert bulletin.items.count() == 2
        # the removed opinion can go into another issue
        services.bulletin_add_item(bulletin=other, opinion=mine[1], by=staff_dalate)


@pytest.mark.django_db(transaction=True)
def test_concurrent_sign_off_on_postgresql(ref):
    """Threads sign off bulletins of one committee at once: 期号 1..N, no gaps, no duplicates."""
    import threading

    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip("row locks are only exercised on PostgreSQL")
    from tests.members.factories import UserFactory
    from tests.opinions.factories import categories_ensure

    categories_ensure()
    dalate = ref["dalate"]
    staff = UserFactory(username="staff_dalate_threads", role="staff", committee=dalate)
    n = 8
    bulletins = []
    for opinion in adopted_rows(dalate, n):
        bulletin = services.bulletin_create(by=staff, committee=dalate)
        services.bulletin_add_item(bulletin=bulletin, opinion=opinion, by=staff)
        services.bulletin_submit(bulletin=bulletin, by=staff)
        bulletins.append(bulletin)
    signer = UserFactory(username="leader_dalate_threads", role="leader", committee=dalate)
    barrier = threading.Barrier(n)
    errors = []

    def sign(bulletin):
        from django.db import connection as thread_connection

        try:
            barrier.wait(timeout=10)
            services.bulletin_issue(bulletin=bulletin, by=signer)
        except Exception as exc:  # noqa: BLE001 — reported below
            errors.append(exc)
        finally:
            thread_connection.close()

    threads = [threading.Thread(target=sign, args=(b,)) for b in bulletins]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not errors, errors
    numbers = sorted(Bulletin.objects.filter(committee=dalate).values_list("number", flat=True))
    assert numbers == list(range(1, n + 1))
    assert Opinion.objects.filter(committee=dalate, status=Status.COMPILED).count() == n
