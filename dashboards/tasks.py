from celery import shared_task
from django.utils import timezone

from .models import Heartbeat

HEARTBEAT_NAME = "celery"


@shared_task(name="dashboards.tasks.heartbeat_task", ignore_result=True)
def heartbeat_task():
    """Beat → broker → worker round trip; the health page shows when it last ran."""
    Heartbeat.objects.update_or_create(name=HEARTBEAT_NAME, defaults={"seen_at": timezone.now()})
