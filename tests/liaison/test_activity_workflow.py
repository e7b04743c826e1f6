"""The activity's transition table (liaison.workflows.ACTIVITY), row by row through the services:
from every state outside a row's sources the service refuses with TransitionError and changes
nothing; from every source a permitted actor succeeds and the one event carries from/to/actor; a
refused actor gets PermissionDenied. The buttons and the action page follow the same table."""

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from accounts.models import User
from core.workflow import TransitionError, replay
from liaison import services
from liaison.models import Activity, ActivityEvent
from liaison.services import ActivityTransitionError
from liaison.views import STAFF_ACTIONS
from liaison.workflows import ACTIVITY
from tests.members.factories import MemberUserFactory
from tests.workstations.factories import ActivityFactory

pytestmark = pytest.mark.usefixtures("frozen_now")  # 2026-06-15
STATES = sorted(Activity.Status.values)
ROWS = [(t.action, state) for t in ACTIVITY.transitions for state in STATES]


def _call(action, activity, by):
    """Each row's service, with valid input."""
    return {
        "submit": lambda: services.activity_submit(activity=activity, by=by),
        "confirm": lambda: services.activity_confirm(activity=activity, by=by, comment="属实"),
        "return": lambda: services.activity_return(activity=activity, by=by, reason="请补充照片"),
        "unconfirm": lambda: services.activity_unconfirm(activity=activity, by=by, reason="重复"),
        "publish": lambda: services.activity_set_public(activity=activity, by=by, public=True),
        "unpublish": lambda: services.activity_set_public(activity=activity, by=by, public=False),
        "attendance": lambda: services.activity_set_attendance(
            activity=activity, by=by, attended=[activity.reporter_id]
        ),
    }[action]()


@pytest.fixture
def reporter(dalate):
    return MemberUserFactory(committee=dalate, name="张委员")


def _activity(reporter, action, state):
    # unpublishing changes something only on a public activity
    return ActivityFactory(reporter=reporter, status=state, is_public=action == "unpublish")


def _actor(action, reporter, staff):
    return reporter.user if action == "submit" else staff


def test_the_table_covers_every_state_and_the_old_error_name_is_the_kernels():
    assert ACTIVITY.states() == set(STATES)
    assert ActivityTransitionError is TransitionError
    # the staff's action page runs rows of the table, nothing else
    assert set(STAFF_ACTIONS) <= set(ACTIVITY.actions)


@pytest.mark.parametrize("action, state", ROWS)
def test_each_row_from_each_state(action, state, reporter, staff_dalate):
    activity = _activity(reporter, action, state)
    transition = ACTIVITY[action]
    before = set(ActivityEvent.objects.values_list("pk", flat=True))
    by = _actor(action, reporter, staff_dalate)
    if state not in transition.sources:
        with pytest.raises(TransitionError):
            _call(action, activity, by)
        assert Activity.objects.get(pk=activity.pk).status == state
        assert not ActivityEvent.objects.exclude(pk__in=before).exists()
        return
    _call(action, activity, by)
    activity.refresh_from_db()
    event = ActivityEvent.objects.exclude(pk__in=before).get()
    assert event.kind == transition.kind and event.actor == by
    if transition.target is None:
        assert activity.status == state
        assert (event.from_status, event.to_status) == ("", "")
    else:
        assert activity.status == transition.target
        assert (event.from_status, event.to_status) == (state, transition.target)


@pytest.mark.parametrize("action", ACTIVITY.actions)
def test_a_refused_actor_gets_permission_denied(action, reporter, dalate, staff_zhungeer):
    source = sorted(ACTIVITY[action].sources)[0]
    activity = _activity(reporter, action, source)
    colleague = MemberUserFactory(committee=dalate).user  # neither the reporter nor staff
    for by in (colleague, staff_zhungeer) if action != "submit" else (colleague,):
        with pytest.raises(PermissionDenied):
            _call(action, activity, by)
    assert Activity.objects.get(pk=activity.pk).status == source
    assert activity.events.count() == 0


def test_municipal_staff_see_but_may_not_handle_a_banners_activity(reporter, staff_municipal):
    activity = ActivityFactory(reporter=reporter)
    assert not ACTIVITY.available(activity, staff_municipal)
    with pytest.raises(PermissionDenied):
        services.activity_confirm(activity=activity, by=staff_municipal)


def test_staff_who_took_part_may_not_confirm_but_may_record_attendance(dalate, staff_dalate):
    staff_member = MemberUserFactory(committee=dalate, user__role=User.Role.STAFF)
    activity = ActivityFactory(reporter=None, committee=dalate, participants=[staff_member])
    actions = {t.action for t in ACTIVITY.available(activity, staff_member.user)}
    assert "confirm" not in actions and "attendance" in actions
    assert "confirm" in {t.action for t in ACTIVITY.available(activity, staff_dalate)}


def test_an_organised_activity_is_not_returned_and_a_shift_activity_not_undone(
    dalate, staff_dalate
):
    organised = ActivityFactory(reporter=None, committee=dalate)
    with pytest.raises(TransitionError, match="无需退回"):
        services.activity_return(activity=organised, by=staff_dalate, reason="x")
    assert "return" not in {t.action for t in ACTIVITY.available(organised, staff_dalate)}


def test_the_event_log_replays_to_the_current_status(reporter, staff_dalate):
    activity = services.activity_save(
        by=reporter.user,
        reporter=reporter,
        type="survey",
        title="走访",
        occurred_on=ActivityFactory.occurred_on,
        summary="情况",
    )
    services.activity_submit(activity=activity, by=reporter.user)
    services.activity_return(activity=activity, by=staff_dalate, reason="补充")
    services.activity_submit(activity=activity, by=reporter.user)
    services.activity_confirm(activity=activity, by=staff_dalate)
    services.activity_set_public(activity=activity, by=staff_dalate, public=True)
    services.activity_set_public(activity=activity, by=staff_dalate, public=True)  # no-op
    services.activity_unconfirm(activity=activity, by=staff_dalate, reason="误确认")
    events = list(activity.events.order_by("created_at", "pk"))
    assert [e.kind for e in events] == [
        "created",
        "submitted",
        "returned",
        "submitted",
        "confirmed",
        "published",
        "unconfirmed",
    ]
    edges = [(e.from_status, e.to_status) for e in events[1:]]
    assert replay(edges, events[0].to_status) == Activity.objects.get(pk=activity.pk).status
    assert all(e.actor is not None for e in events)


# --- the pages follow the table -------------------------------------------------------------
@pytest.mark.parametrize("action", sorted(STAFF_ACTIONS))
def test_the_action_page_runs_each_staff_row(client, reporter, staff_dalate, action):
    source = sorted(ACTIVITY[action].sources)[0]
    activity = _activity(reporter, action, source)
    client.force_login(staff_dalate)
    url = reverse("liaison:activity_action", args=[activity.pk, action])
    if action == "attendance":
        url = reverse("liaison:activity_attendance", args=[activity.pk])
    data = {f"{action}-reason": "理由", f"{action}-comment": "", "attended": [reporter.pk]}
    assert client.post(url, data).status_code == 302
    assert activity.events.get().kind == ACTIVITY[action].kind


def test_the_action_page_refuses_an_action_outside_the_table(client, reporter, staff_dalate):
    activity = ActivityFactory(reporter=reporter)
    client.force_login(staff_dalate)
    for action in ("approve", "delete"):  # not rows of the table
        url = reverse("liaison:activity_action", args=[activity.pk, action])
        assert client.post(url).status_code == 404


def test_the_detail_page_shows_the_tables_buttons(client, reporter, staff_dalate):
    activity = ActivityFactory(reporter=reporter)
    client.force_login(staff_dalate)
    body = client.get(reverse("liaison:activity_detail", args=[activity.pk])).content.decode()
    assert "确认活动" in body and "退回修改" in body and "撤销确认" not in body
    client.force_login(reporter.user)
    body = client.get(reverse("liaison:activity_detail", args=[activity.pk])).content.decode()
    assert "确认活动" not in body and "提交确认" not in body
