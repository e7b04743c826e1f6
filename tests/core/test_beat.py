"""The beat schedule: the settings' defaults are installed once; an edit in the admin survives
the next start of beat, and a deleted row comes back with its default."""

import datetime
from zoneinfo import ZoneInfo

import django_celery_beat.schedulers
import pytest
from django.conf import settings
from django_celery_beat.models import CrontabSchedule, PeriodicTask

from core.beat import KeepAdminEditsScheduler
from ordos_liaison.celery import app as celery_app

pytestmark = pytest.mark.django_db(transaction=True)

NAME = "reports-monthly"


@pytest.fixture(autouse=True)
def _at_ten_in_the_morning(monkeypatch):
    """django-celery-beat reads only the crontab rows due within two hours of now into its
    schedule; the test looks at a 10:15 row, so beat's clock reads 10:00 local time."""
    ten = datetime.datetime.now(ZoneInfo(settings.TIME_ZONE)).replace(hour=10, minute=0)
    monkeypatch.setattr(django_celery_beat.schedulers, "aware_now", lambda: ten)


def _start_beat():
    return KeepAdminEditsScheduler(app=celery_app)


def test_the_settings_are_installed_once_and_admin_edits_survive_a_restart():
    assert settings.CELERY_BEAT_SCHEDULER == "core.beat:KeepAdminEditsScheduler"
    _start_beat()
    names = set(PeriodicTask.objects.values_list("name", flat=True))
    assert set(settings.CELERY_BEAT_SCHEDULE) <= names

    # staff move the monthly reports to 10:15 and switch the weekly brief off
    edited, _ = CrontabSchedule.objects.get_or_create(
        minute="15",
        hour="10",
        day_of_month="1",
        month_of_year="*",
        day_of_week="*",
        timezone=settings.TIME_ZONE,
    )
    PeriodicTask.objects.filter(name=NAME).update(crontab=edited)
    PeriodicTask.objects.filter(name="reports-weekly").update(enabled=False)

    scheduler = _start_beat()  # beat restarts
    task = PeriodicTask.objects.get(name=NAME)
    assert (task.crontab.hour, task.crontab.minute) == ("10", "15")
    assert not PeriodicTask.objects.get(name="reports-weekly").enabled
    assert "reports-weekly" not in scheduler.schedule
    assert scheduler.schedule[NAME].schedule.hour == {10}


def test_a_deleted_row_comes_back_with_its_default():
    _start_beat()
    PeriodicTask.objects.filter(name=NAME).delete()
    _start_beat()
    task = PeriodicTask.objects.get(name=NAME)
    assert (task.crontab.hour, task.crontab.minute) == ("7", "30")
