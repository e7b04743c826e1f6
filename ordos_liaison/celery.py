"""The Celery application. Configuration comes from Django settings (CELERY_* names)."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ordos_liaison.settings")

# Every task retries in place on a locked database (core.celery.RetryOnLockedTask).
app = Celery("ordos_liaison", task_cls="core.celery:RetryOnLockedTask")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
