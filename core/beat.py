"""Celery beat's scheduler: django-celery-beat's table, editable in the admin (周期任务).

django-celery-beat's own ``DatabaseScheduler`` writes every entry of ``CELERY_BEAT_SCHEDULE``
back over the row of the same name each time beat starts, so a time changed in the admin lasts
only until the next restart. This scheduler installs an entry of the settings only when its row
is missing: the settings give the documented defaults of a new installation, and from then on
the admin's table is what runs. Deleting a row in the admin restores its default at the next
start."""

from __future__ import annotations

from typing import Any

from django_celery_beat.models import PeriodicTask
from django_celery_beat.schedulers import DatabaseScheduler


class KeepAdminEditsScheduler(DatabaseScheduler):  # type: ignore[misc]  # untyped library
    def update_from_dict(self, mapping: dict[str, dict[str, Any]]) -> None:
        existing = set(
            PeriodicTask.objects.filter(name__in=list(mapping)).values_list("name", flat=True)
        )
        super().update_from_dict(
            {name: entry for name, entry in mapping.items() if name not in existing}
        )
