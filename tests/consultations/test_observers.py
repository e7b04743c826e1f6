"""Public observers: capacity, the waiting list that moves up when a place frees, optional staff
approval, entry codes (unguessable, single use, on the day only), cancellation by the private
link — and no overbooking under concurrent sign-ups on PostgreSQL."""

import datetime
import threading

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.utils import timezone

from consultations import services
from consultations.models import Consultation, Observer
from core.workflow import TransitionError
from tests.consultations.factories import ConsultationFactory

pytestmark = pytest.mark.usefixtures("frozen_now")
S = Observer.Status


def _open(consultation, by):
    return services.consultation_step(consultation=consultation, by=by, action="open")


def _sign(consultation, n):
    return services.observer_sign_up(
        consultation=consultation, name=f"群众{n}", phone=f"1390000{n:04d}", consent=True
    )


def test_capacity_then_waitlist_then_moving_up(event, office):
    _open(event, office)
    first, second, third, fourth, fifth = (_sign(event, n) for n in range(5))
    assert [o.status for o in (first, second, third)] == [S.CONFIRMED] * 3
    assert [o.status for o in (fourth, fifth)] == [S.WAITLISTED] * 2
    assert fourth.entry_code is None
    codes = {first.entry_code, second.entry_code, third.entry_code}
    assert len(codes) == 3 and all(len(code) >= 12 for code in codes)
    services.observer_cancel(observer=second)
    second.refresh_from_db()
    fourth.refresh_from_db()
    fifth.refresh_from_db()
    assert (second.status, second.entry_code) == (S.CANCELLED, None)
    assert fourth.status == S.CONFIRMED and fourth.entry_code
    assert fifth.status == S.WAITLISTED
    # a waitlisted registration cancelling frees no place
    services.observer_cancel(observer=fifth)
    assert event.observers.holding_places().count() == 3
    kinds = list(event.events.filter(observer=fourth).values_list("kind", flat=True))
    assert kinds == ["signed_up", "promoted"]


def test_cancelling_twice_is_refused(event, office):
    _open(event, office)
    observer = _sign(event, 1)
    services.observer_cancel(observer=observer)
    with pytest.raises(TransitionError):
        services.observer_cancel(observer=observer)


def test_sign_up_refused_when_not_open_or_started(event, office):
    with pytest.raises(TransitionError):
        _sign(event, 1)  # still planned
    _open(event, office)
    Consultation.objects.filter(pk=event.pk).update(starts_at=timezone.now())
    with pytest.raises(TransitionError, match="截止"):
        _sign(event, 1)
    assert not event.observers.exists()


def test_one_live_registration_per_phone_and_consent_required(event, office):
    _open(event, office)
    _sign(event, 7)
    with pytest.raises(ValidationError) as caught:
        _sign(event, 7)
    assert "phone" in caught.value.message_dict
    with pytest.raises(ValidationError):
        services.observer_sign_up(
            consultation=event, name="张三", phone="13900001111", consent=False
        )


def test_approval_holds_the_place_and_rejection_moves_the_list_up(dalate, office, office_out):
    event = ConsultationFactory(committee=dalate, capacity=1, needs_approval=True)
    _open(event, office)
    pending = _sign(event, 1)
    waiting = _sign(event, 2)
    assert (pending.status, pending.entry_code, waiting.status) == (S.PENDING, None, S.WAITLISTED)
    with pytest.raises(PermissionDenied):
        services.observer_decide(observer=pending, by=office_out, approve=False)
    services.observer_decide(observer=pending, by=office, approve=False)
    waiting.refresh_from_db()
    assert waiting.status == S.PENDING  # moved up, still to be approved
    services.observer_decide(observer=waiting, by=office, approve=True)
    waiting.refresh_from_db()
    assert waiting.status == S.CONFIRMED and waiting.entry_code


def test_entry_code_single_use_on_the_day(dalate, office, office_out, time_machine):
    event = ConsultationFactory(
        committee=dalate, starts_at=timezone.now() + datetime.timedelta(days=1)
    )
    _open(event, office)
    observer = _sign(event, 1)
    with pytest.raises(TransitionError, match="当天"):
        services.observer_check_in(observer=observer, by=office)
    time_machine.move_to(event.starts_at - datetime.timedelta(minutes=20))
    assert services.observer_by_code(code=observer.entry_code) == observer
    assert services.observer_by_code(code=observer.entry_code.upper() + "x") is None
    with pytest.raises(PermissionDenied):
        services.observer_check_in(observer=observer, by=office_out)
    services.observer_check_in(observer=observer, by=office)
    observer.refresh_from_db()
    assert observer.status == S.CHECKED_IN and observer.checked_in_at
    with pytest.raises(TransitionError, match="使用过"):
        services.observer_check_in(observer=observer, by=office)


@pytest.mark.django_db(transaction=True)
def test_no_overbooking_under_concurrent_sign_ups_on_postgresql(ref):
    """Threads sign up at once for the last places: exactly ``capacity`` get one, the rest wait."""
    if connection.vendor != "postgresql":
        pytest.skip("row locks are only exercised on PostgreSQL")
    from tests.members.factories import UserFactory

    dalate = ref["dalate"]
    staff = UserFactory(username="staff_dalate_obs", role="staff", committee=dalate)
    event = ConsultationFactory(committee=dalate, capacity=5)
    _open(event, staff)
    n = 12
    barrier = threading.Barrier(n)
    errors = []

    def sign(i):
        from django.db import connection as thread_connection

        try:
            barrier.wait(timeout=10)
            _sign(event, i)
        except Exception as exc:  # noqa: BLE001 — reported below
            errors.append(exc)
        finally:
            thread_connection.close()

    threads = [threading.Thread(target=sign, args=(i,)) for i in range(n)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not errors, errors
    statuses = list(event.observers.values_list("status", flat=True))
    assert statuses.count(S.CONFIRMED) == 5
    assert statuses.count(S.WAITLISTED) == n - 5


def test_observers_personal_data_blanked_after_the_retention_period(
    dalate, office, settings, time_machine
):
    from audit.models import AuditLog

    settings.OBSERVER_DATA_RETENTION_DAYS = 90
    event = ConsultationFactory(committee=dalate)
    _open(event, office)
    observer = _sign(event, 1)
    assert services.observers_anonymise_expired() == 0
    later = event.ends_at + datetime.timedelta(days=91)
    assert services.observers_anonymise_expired(now=later) == 1
    observer.refresh_from_db()
    assert (observer.name, observer.phone, observer.masked_phone) == ("", "", "")
    assert services.observers_anonymise_expired(now=later) == 0
    assert AuditLog.objects.filter(action="retention_anonymise").count() == 1
