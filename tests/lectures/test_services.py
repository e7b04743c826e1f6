"""The 委员讲堂 through its services: the offering and order tables, dispatch and re-dispatch,
delivery into a confirmed activity and one ledger fact, the rating, the 3-day flag."""

from __future__ import annotations

import datetime

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError

from core.workflow import TransitionError, replay
from lectures import selectors as sel
from lectures import services
from lectures.models import LectureField, LectureOffering, LectureOrder
from lectures.workflows import OFFERING, ORDER
from ledger.models import LedgerEntry, LedgerItem, PerformanceFact
from ledger.services import rebuild
from liaison.models import Activity
from liaison.workflows import ACTIVITY
from notifications.models import OutboxMessage
from tests.lectures.factories import order_in, placed_order

pytestmark = pytest.mark.usefixtures("frozen_now")
S = LectureOrder.Status


def test_offering_goes_through_review_into_the_menu(lecturer, staff_dalate):
    offering = services.offering_save(
        by=lecturer.user,
        member=lecturer,
        title="黄河流域生态保护",
        field=LectureField.ECOLOGY,
        audience="中学生",
        length_minutes=45,
        description="讲库布其治沙。",
    )
    assert offering.status == LectureOffering.Status.DRAFT
    assert not sel.public_menu().filter(pk=offering.pk).exists()
    services.offering_submit(offering=offering, by=lecturer.user)
    assert OutboxMessage.objects.filter(cause__startswith="lecture-offering-submitted").exists()
    with pytest.raises(PermissionDenied):  # the author does not approve their own
        services.offering_approve(offering=offering, by=lecturer.user)
    services.offering_reject(offering=offering, by=staff_dalate, reason="请写清适合对象")
    assert offering.status == LectureOffering.Status.REJECTED
    services.offering_submit(offering=offering, by=lecturer.user)
    services.offering_approve(offering=offering, by=staff_dalate)
    assert sel.public_menu(field=LectureField.ECOLOGY).filter(pk=offering.pk).exists()
    assert not sel.public_menu(field=LectureField.LAW).filter(pk=offering.pk).exists()
    services.offering_withdraw(offering=offering, by=lecturer.user)
    assert not sel.public_menu().filter(pk=offering.pk).exists()
    kinds = [e.kind for e in offering.events.all()]
    assert kinds == ["created", "submitted", "rejected", "submitted", "approved", "withdrawn"]
    edges = [(e.from_status, e.to_status) for e in offering.events.all()[1:]]
    assert replay(edges, "draft") == offering.status


def test_other_committee_staff_cannot_review(lecturer, staff_zhungeer):
    offering = services.offering_save(
        by=lecturer.user,
        member=lecturer,
        title="讲题",
        field="law",
        audience="居民",
        length_minutes=60,
        description="内容",
    )
    services.offering_submit(offering=offering, by=lecturer.user)
    with pytest.raises(PermissionDenied):
        services.offering_approve(offering=offering, by=staff_zhungeer)


def test_a_member_edits_only_their_own_offering(lecturer, colleague, offering):
    with pytest.raises(PermissionDenied):
        services.offering_save(
            by=colleague.user,
            member=lecturer,
            offering=offering,
            title="x",
            field="law",
            audience="y",
            length_minutes=60,
            description="z",
        )
    with pytest.raises(TransitionError):  # approved: withdraw first
        services.offering_save(
            by=lecturer.user,
            member=lecturer,
            offering=offering,
            title="x",
            field="law",
            audience="y",
            length_minutes=60,
            description="z",
        )


def test_full_order_flow_confirms_one_activity_and_one_ledger_fact(
    offering, lecturer, staff_dalate, today
):
    order, token = order_in(
        "rated", offering=offering, staff=staff_dalate, member=lecturer, when=today
    )
    order.refresh_from_db()
    assert order.status == S.RATED
    assert order.code.startswith("JT-2026-")
    assert services.order_by_token(token) == order
    activity = order.activity
    assert activity.status == Activity.Status.CONFIRMED
    assert activity.type == "lecture"
    assert activity.reporter == lecturer
    assert activity.people_reached == 55
    assert activity.origin == f"lecture:{order.pk}"
    entries = LedgerEntry.objects.active().filter(member=lecturer)
    assert [e.item for e in entries] == [LedgerItem.LECTURE_DELIVERED]
    # the activity scores nothing of its own: no activity.lecture entry beside the lecture's
    assert not PerformanceFact.objects.filter(source_key=f"activity:{activity.pk}").exists()
    # nor can staff return or unconfirm it on the activity desk
    assert not ACTIVITY.can(activity, "unconfirm", staff_dalate)
    # the event log explains the status
    edges = [(e.from_status, e.to_status) for e in order.events.all()]
    assert replay(edges, "") == S.RATED


def test_delivery_is_awarded_once(offering, lecturer, staff_dalate, today):
    order, _token = order_in(
        "delivered", offering=offering, staff=staff_dalate, member=lecturer, when=today
    )
    with pytest.raises(TransitionError):
        services.order_deliver(
            order=order, by=staff_dalate, delivered_on=today, people_reached=1, summary="again"
        )
    # the hook and the activity are idempotent too, called again directly
    from ledger import services as ledger

    ledger.ledger_on_lecture_delivered(member=lecturer, lecture_key=order.pk, when=today)
    assert LedgerEntry.objects.active().filter(member=lecturer).count() == 1
    assert Activity.objects.filter(origin=f"lecture:{order.pk}").count() == 1
    # a rebuild of the year replays the same single fact
    before = list(LedgerEntry.objects.active().values_list("member_id", "item", "points"))
    rebuild.ledger_rebuild(year=2026)
    after = list(LedgerEntry.objects.active().values_list("member_id", "item", "points"))
    assert before == after


def test_the_lecturer_cannot_record_their_own_delivery(offering, lecturer, staff_dalate, today):
    order, _ = order_in(
        "scheduled", offering=offering, staff=staff_dalate, member=lecturer, when=today
    )
    with pytest.raises(PermissionDenied):
        services.order_deliver(
            order=order, by=lecturer.user, delivered_on=today, people_reached=3, summary="x"
        )


def test_decline_sends_it_back_for_redispatch(offering, lecturer, colleague, staff_dalate):
    order, _ = placed_order(offering)
    services.order_dispatch(order=order, by=staff_dalate, member=lecturer)
    with pytest.raises(PermissionDenied):  # only the member it was dispatched to answers
        services.order_accept(order=order, by=colleague.user)
    with pytest.raises(ValidationError):
        services.order_decline(order=order, by=lecturer.user, reason="  ")
    services.order_decline(order=order, by=lecturer.user, reason="那周出差")
    order.refresh_from_db()
    assert (order.status, order.member_id, order.decline_reason) == (S.NEW, None, "那周出差")
    services.order_dispatch(order=order, by=staff_dalate, member=colleague)
    services.order_accept(order=order, by=colleague.user)
    assert order.status == S.ACCEPTED and order.member == colleague


def test_dispatch_only_to_members_of_the_orders_committee(offering, staff_dalate, zhungeer):
    from tests.members.factories import MemberUserFactory

    outsider = MemberUserFactory(committee=zhungeer)
    order, _ = placed_order(offering)
    with pytest.raises(ValidationError):
        services.order_dispatch(order=order, by=staff_dalate, member=outsider)
    assert order.status == S.NEW


def test_candidates_rank_author_then_matching_expertise(offering, lecturer, colleague, dalate):
    from org.models import Expertise
    from tests.members.factories import MemberUserFactory

    expert = MemberUserFactory(committee=dalate, name="阿教育")
    expert.expertise.add(Expertise.objects.get_or_create(name="教育")[0])
    order, _ = placed_order(offering)
    names = [m.name for m in sel.ranked_candidates(order)]
    assert names[:2] == [lecturer.name, expert.name]
    assert colleague.name in names[2:]


def test_not_accepted_in_three_days_is_flagged(offering, lecturer, staff_dalate):
    order, _ = placed_order(offering)
    services.order_dispatch(order=order, by=staff_dalate, member=lecturer)
    assert not sel.overdue_orders(user=staff_dalate).exists()
    with time_machine.travel(datetime.datetime(2026, 6, 18, 10, 1, tzinfo=datetime.UTC)):
        assert list(sel.overdue_orders(user=staff_dalate)) == [order]
        order.refresh_from_db()
        assert order.is_overdue()
        services.order_accept(order=order, by=lecturer.user)
        assert not sel.overdue_orders(user=staff_dalate).exists()


def test_topic_request_needs_topic_field_and_committee(dalate):
    with pytest.raises(ValidationError) as exc:
        services.order_place(offering=None, consent=True, **_details())
    assert "topic" in exc.value.error_dict
    with pytest.raises(ValidationError):
        services.order_place(offering=None, topic="x", field="law", consent=True, **_details())
    with pytest.raises(ValidationError):
        services.order_place(
            offering=None, committee=dalate, topic="x", consent=False, field="law", **_details()
        )
    order, token = services.order_place(
        offering=None, committee=dalate, topic="防诈骗", field="law", consent=True, **_details()
    )
    assert order.committee == dalate and order.title == "防诈骗" and token


def test_withdrawn_offering_cannot_be_ordered(offering, lecturer):
    services.offering_withdraw(offering=offering, by=lecturer.user)
    with pytest.raises(ValidationError):
        placed_order(offering)


def test_same_form_twice_is_one_order(offering):
    first, token = placed_order(offering, dedupe_token="a" * 32)
    again, none = placed_order(offering, dedupe_token="a" * 32)
    assert again == first and token and none is None


def test_rating_only_after_delivery_and_once(offering, lecturer, staff_dalate, today):
    order, _ = order_in(
        "scheduled", offering=offering, staff=staff_dalate, member=lecturer, when=today
    )
    with pytest.raises(TransitionError):
        services.order_rate(order=order, rating="satisfied")
    services.order_deliver(
        order=order, by=staff_dalate, delivered_on=today, people_reached=9, summary=""
    )
    with pytest.raises(ValidationError):
        services.order_rate(order=order, rating="great")
    services.order_rate(order=order, rating="fairly", comment="还行")
    with pytest.raises(TransitionError):
        services.order_rate(order=order, rating="satisfied")


def test_every_table_row_from_every_state(offering, lecturer, staff_dalate):
    """Outside the table: TransitionError; the table's states are those of the model."""
    assert ORDER.states() == set(S.values) - {""}
    assert OFFERING.states() == set(LectureOffering.Status.values)
    order, _ = placed_order(offering)
    for action in ("accept", "decline", "schedule", "deliver", "rate"):
        assert ORDER.refusal(order, action)


def _details():
    from tests.lectures.factories import ORDER_DETAILS

    return dict(ORDER_DETAILS)
