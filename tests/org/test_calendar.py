"""The working-day calendar (org.calendar): weekends, public holidays and make-up working days
from the CalendarDay rows staff keep — the official 2025 and 2026 schedules as loaded by
load_reference_data — and an edit in the admin counts at once."""

import datetime

import pytest
from django.core.management import call_command
from django.urls import reverse

from org import calendar
from org.models import CalendarDay
from org.reference import calendar_days_load

pytestmark = pytest.mark.django_db
D = datetime.date


@pytest.fixture
def official():
    """The State Council's 2025 and 2026 schedules, as a deployment has them."""
    calendar_days_load()


def test_plain_weeks_without_rows():
    assert calendar.is_working_day(D(2026, 6, 19))  # a Friday
    assert not calendar.is_working_day(D(2026, 6, 20))  # a Saturday
    assert calendar.add_working_days(D(2026, 6, 15), 5) == D(2026, 6, 22)


def test_holidays_and_make_up_days(official):
    assert not calendar.is_working_day(D(2026, 10, 1))  # 国庆节, a Thursday
    assert not calendar.is_working_day(D(2026, 6, 19))  # 端午节, a Friday
    assert not calendar.is_working_day(D(2025, 10, 6))  # 中秋节 inside 国庆, a Monday
    assert calendar.is_working_day(D(2026, 10, 10))  # 调休上班, a Saturday
    assert calendar.is_working_day(D(2025, 9, 28))  # 调休上班, a Sunday
    assert calendar.is_working_day(D(2026, 1, 4))  # 元旦调休, a Sunday
    assert not calendar.is_working_day(D(2026, 10, 11))  # an ordinary Sunday
    # 端午节 2026: five working days from Monday 15 June skip Friday the 19th
    assert calendar.add_working_days(D(2026, 6, 15), 5) == D(2026, 6, 23)


def test_spanning_the_spring_festival(official):
    # 2026 春节: 15–23 February off, Saturdays 14 and 28 February worked.
    assert calendar.is_working_day(D(2026, 2, 14))
    assert [calendar.is_working_day(D(2026, 2, d)) for d in range(15, 24)] == [False] * 9
    # Thursday 12 Feb + 5 working days: Fri 13, Sat 14 (调休), Tue 24, Wed 25, Thu 26
    assert calendar.add_working_days(D(2026, 2, 12), 5) == D(2026, 2, 26)
    assert calendar.next_working_day(D(2026, 2, 14)) == D(2026, 2, 24)
    # 2025 春节 (28 Jan – 4 Feb; Sunday 26 Jan and Saturday 8 Feb worked)
    assert calendar.add_working_days(D(2025, 1, 24), 2) == D(2025, 1, 27)
    assert calendar.add_working_days(D(2025, 1, 27), 1) == D(2025, 2, 5)
    assert calendar.add_working_days(D(2025, 2, 7), 1) == D(2025, 2, 8)


def test_official_schedules_are_complete(official):
    days = CalendarDay.objects.filter(date__year=2026)
    assert days.filter(kind="holiday").count() == 33  # 3 + 9 + 3 + 5 + 3 + 3 + 7
    assert sorted(days.filter(kind="workday").values_list("date", flat=True)) == [
        D(2026, 1, 4),
        D(2026, 2, 14),
        D(2026, 2, 28),
        D(2026, 5, 9),
        D(2026, 9, 20),
        D(2026, 10, 10),
    ]
    assert sorted(
        CalendarDay.objects.filter(date__year=2025, kind="workday").values_list("date", flat=True)
    ) == [D(2025, 1, 26), D(2025, 2, 8), D(2025, 4, 27), D(2025, 9, 28), D(2025, 10, 11)]
    # every make-up day is a weekend day, every holiday row a day of its own break
    assert all(
        d.weekday() >= 5 for d in CalendarDay.objects.filter(kind="workday").dates("date", "day")
    )


def test_loading_is_idempotent_and_keeps_staff_edits(official):
    edited = CalendarDay.objects.get(date=D(2026, 10, 10))
    edited.name = "国庆节调休"
    edited.save()
    assert calendar_days_load() == 0
    call_command("load_reference_data", verbosity=0)
    assert CalendarDay.objects.get(date=D(2026, 10, 10)).name == "国庆节调休"
    assert CalendarDay.objects.filter(date__year=2026).count() == 39


def test_editing_a_row_changes_the_answer_at_once(official):
    assert calendar.is_working_day(D(2026, 10, 10))  # read (and kept) once
    day = CalendarDay.objects.get(date=D(2026, 10, 10))
    day.kind = CalendarDay.Kind.HOLIDAY  # staff correct the row in the admin
    day.save()
    assert not calendar.is_working_day(D(2026, 10, 10))
    day.delete()
    assert not calendar.is_working_day(D(2026, 10, 10))  # a plain Saturday again
    CalendarDay.objects.create(date=D(2026, 12, 31), kind="holiday", name="测试")
    assert not calendar.is_working_day(D(2026, 12, 31))


def test_read_once_per_process(official, django_assert_num_queries):
    calendar.is_working_day(D(2026, 1, 1))
    with django_assert_num_queries(0):
        assert calendar.add_working_days(D(2026, 9, 30), 1) == D(2026, 10, 8)


def test_admin_lists_a_year(admin_client, official):
    url = reverse("admin:org_calendarday_changelist")
    response = admin_client.get(url, {"year": "2025"})
    assert response.status_code == 200
    shown = response.context["cl"].result_list
    assert {day.date.year for day in shown} == {2025}
    assert "2026" in response.content.decode()  # the filter offers the other year
    response = admin_client.get(url, {"year": "x"})
    assert response.status_code == 200
