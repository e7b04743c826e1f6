from celery import shared_task
from django.core.cache import cache
from django.utils import timezone

HEARTBEAT_KEY = "celery:heartbeat"


@shared_task(name="dashboards.tasks.heartbeat_task", ignore_result=True)
def heartbeat_task():
    """Beat → broker → worker round trip; the health page shows when it last ran."""
    cache.set(HEARTBEAT_KEY, timezone.now().isoformat(), timeout=None)
