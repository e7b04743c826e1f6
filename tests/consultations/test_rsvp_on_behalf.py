"""Members without an account answer by phone or in person: the office records their answer
(accept, or decline with the reason) and, once the event is held, their attendance; each step
is a row of the event's timeline naming the staff member, and attendance feeds the ledger as
anybody's does. A member with an account answers for themselves."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from consultations import services
from consultations.models import ConsultationEvent, Invitation
from core.workflow import TransitionError
from ledger.models import LedgerEntry
from tests.consultations.factories import InvitationFactory
from tests.members.factories import MemberFactory
from tests.utils import unlabelled_controls

pytestmark = pytest.mark.usefixtures("frozen_now")
R = Invitation.Rsvp


@pytest.fixture
def offline(dalate):
    """A 达拉特旗 member without a login account."""
    return MemberFactory(committee=dalate, name="王无号")


@pytest.fixture
def invitation(event, offline):
    return InvitationFactory(consultation=event, member=offline)


def test_office_records_accept_and_decline(invitation, office):
    services.invitation_record_answer(invitation=invitation, by=office, accept=True)
    invitation.refresh_from_db()
    assert invitation.rsvp == R.ACCEPTED and invitation.responded_at == timezone.now()
    services.invitation_record_answer(
        invitation=invitation, by=office, accept=False, reason="外出开会"
    )
    invitation.refresh_from_db()
    assert invitation.rsvp == R.DECLINED and invitation.decline_reason == "外出开会"
    accepted, declined = invitation.events.order_by("pk")
    assert (accepted.kind, accepted.actor, accepted.to_status) == (
        ConsultationEvent.Kind.ACCEPTED,
        office,
        R.ACCEPTED,
    )
    assert declined.actor == office and "外出开会" in declined.comment
    assert declined.data == {"on_behalf": True}
    assert declined.consultation_id == invitation.consultation_id


def test_decline_needs_a_reason(invitation, office):
    with pytest.raises(ValidationError):
        services.invitation_record_answer(invitation=invitation, by=office, accept=False)
    invitation.refresh_from_db()
    assert invitation.rsvp == R.PENDING and not invitation.events.exists()


def test_a_member_with_an_account_answers_for_themselves(event, office, member_user):
    invitation = InvitationFactory(consultation=event, member=member_user.member)
    with pytest.raises(TransitionError, match="委员本人"):
        services.invitation_record_answer(invitation=invitation, by=office, accept=True)
    invitation.refresh_from_db()
    assert invitation.rsvp == R.PENDING


def test_another_committees_office_may_not_record(invitation, office_out):
    with pytest.raises(PermissionDenied):
        services.invitation_record_answer(invitation=invitation, by=office_out, accept=True)


def test_no_answer_once_the_event_has_taken_place(held_event, office, offline):
    services.consultation_step(consultation=held_event, by=office, action="hold")
    invitation = InvitationFactory(consultation=held_event, member=offline)
    with pytest.raises(TransitionError):
        services.invitation_record_answer(invitation=invitation, by=office, accept=True)


def test_attendance_of_a_member_without_account_feeds_the_ledger_once(held_event, office, offline):
    invitation = InvitationFactory(consultation=held_event, member=offline)
    services.invitation_record_answer(invitation=invitation, by=office, accept=True)
    services.consultation_step(consultation=held_event, by=office, action="hold")
    for _ in range(2):
        services.attendance_record(
            consultation=held_event, by=office, rows={invitation.pk: ("attended", True)}
        )
    entries = LedgerEntry.objects.active().filter(member=offline, source_type="consultation")
    assert entries.count() == 1
    assert held_event.events.filter(kind="attendance").last().actor == office


# --- the office's page ------------------------------------------------------------------------
def test_staff_page_offers_the_answer_for_members_without_account(
    client, office, invitation, member_user, event
):
    InvitationFactory(consultation=event, member=member_user.member)
    client.force_login(office)
    body = client.get(reverse("consultations:detail", args=[event.pk])).content.decode()
    assert not unlabelled_controls(body)
    accept = reverse("consultations:invitation_record", args=[invitation.pk, "accept"])
    assert accept in body and "无账号" in body
    others = Invitation.objects.exclude(pk=invitation.pk).get()
    assert reverse("consultations:invitation_record", args=[others.pk, "accept"]) not in body


def test_staff_record_through_the_page(client, office, invitation, event):
    client.force_login(office)
    url = reverse("consultations:invitation_record", args=[invitation.pk, "decline"])
    response = client.post(url, {"reason": ""}, follow=True)
    assert "请填写请假原因" in response.content.decode()
    response = client.post(url, {"reason": "x" * 201}, follow=True)
    assert "最多 200 字" in response.content.decode()
    invitation.refresh_from_db()
    assert invitation.rsvp == R.PENDING
    response = client.post(url, {"reason": "住院"}, follow=True)
    assert "已代王无号登记：请假" in response.content.decode()
    invitation.refresh_from_db()
    assert invitation.rsvp == R.DECLINED
    bad = reverse("consultations:invitation_record", args=[invitation.pk, "maybe"])
    assert client.post(bad).status_code == 404


def test_the_page_refuses_the_wrong_people(
    client, invitation, office_out, leader_dalate, staff_municipal, member_user
):
    url = reverse("consultations:invitation_record", args=[invitation.pk, "accept"])
    for user, status in (
        (office_out, 404),
        (staff_municipal, 403),
        (leader_dalate, 403),
        (member_user, 403),
    ):
        client.force_login(user)
        assert client.post(url).status_code == status, user
    invitation.refresh_from_db()
    assert invitation.rsvp == R.PENDING


def test_event_over_is_a_message_not_an_error(client, office, offline, dalate):
    from tests.consultations.factories import ConsultationFactory

    start = timezone.now() - datetime.timedelta(hours=3)
    event = ConsultationFactory(committee=dalate, starts_at=start)
    services.consultation_step(consultation=event, by=office, action="hold")
    invitation = InvitationFactory(consultation=event, member=offline)
    client.force_login(office)
    url = reverse("consultations:invitation_record", args=[invitation.pk, "accept"])
    response = client.post(url, follow=True)
    assert response.status_code == 200
    assert "已召开或已取消" in response.content.decode()
