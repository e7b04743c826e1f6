"""On PostgreSQL, with threads: order numbers from the locked sequence row have no gaps or
duplicates, and two staff recording the same delivery at once make one activity and one
ledger fact (the order's row lock; the second is told someone was faster)."""

from __future__ import annotations

import threading

import pytest
from django.db import connection

from core.workflow import TransitionError
from lectures import services
from lectures.models import LectureOrder
from ledger.models import LedgerEntry
from liaison.models import Activity
from tests.lectures.factories import approved_offering, order_in, placed_order

pytestmark = pytest.mark.django_db(transaction=True)


def _threads(n, work):
    barrier = threading.Barrier(n)
    errors, results = [], []

    def run(i):
        from django.db import connection as thread_connection

        try:
            barrier.wait(timeout=10)
            results.append(work(i))
        except Exception as exc:  # noqa: BLE001 — reported by the caller
            errors.append(exc)
        finally:
            thread_connection.close()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(n)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return results, errors


@pytest.fixture
def on_postgresql():
    if connection.vendor != "postgresql":
        pytest.skip("row locks are only exercised on PostgreSQL")


def test_concurrent_orders_get_consecutive_numbers(on_postgresql, ref, make_user):
    from tests.members.factories import MemberUserFactory

    dalate = ref["dalate"]
    staff = make_user("staff", dalate, username="lect_threads_staff")
    offering = approved_offering(MemberUserFactory(committee=dalate), staff)
    n = 8
    _results, errors = _threads(n, lambda i: placed_order(offering))
    assert not errors, errors
    numbers = sorted(
        int(code.rsplit("-", 1)[1]) for code in LectureOrder.objects.values_list("code", flat=True)
    )
    assert numbers == list(range(1, n + 1))


def test_concurrent_delivery_is_recorded_once(on_postgresql, ref, make_user):
    import datetime

    from django.utils import timezone

    from tests.members.factories import MemberUserFactory

    dalate = ref["dalate"]
    staff = make_user("staff", dalate, username="lect_threads_a")
    other = make_user("staff", dalate, username="lect_threads_b")
    member = MemberUserFactory(committee=dalate)
    offering = approved_offering(member, staff)
    today = timezone.localdate()
    order, _ = order_in("scheduled", offering=offering, staff=staff, member=member, when=today)
    users = [staff, other, staff, other]

    def deliver(i):
        fresh = LectureOrder.objects.get(pk=order.pk)
        return services.order_deliver(
            order=fresh,
            by=users[i],
            delivered_on=today - datetime.timedelta(days=0),
            people_reached=10 + i,
            summary="x",
        )

    results, errors = _threads(len(users), deliver)
    assert len(results) == 1
    assert len(errors) == len(users) - 1 and all(isinstance(e, TransitionError) for e in errors)
    assert Activity.objects.filter(origin=f"lecture:{order.pk}").count() == 1
    assert LedgerEntry.objects.active().filter(member=member).count() == 1
