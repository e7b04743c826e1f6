"""What the submitter and a member author are told when something happens to their opinion."""

import datetime

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from members.services import notification_send

from .models import OpinionEvent

Kind = OpinionEvent.Kind

TOLD_TO_SUBMITTER = {
    Kind.SUBMITTED,
    Kind.NOT_ADOPTED,
    Kind.MERGED,
    Kind.ADOPTED,
    Kind.LEVEL_RAISED,
    Kind.FORWARDED,
    Kind.REPLIED,
}
TOLD_TO_AUTHOR = TOLD_TO_SUBMITTER | {Kind.RETURNED, Kind.INSTRUCTION}


def _message(event: OpinionEvent) -> str:
    opinion = event.opinion
    code = opinion.tracking_code or ""
    if event.kind == Kind.SUBMITTED:
        return _("您的建言“%(title)s”已收到，查询码 %(code)s。") % {
            "title": opinion.title,
            "code": code,
        }
    if event.kind == Kind.RETURNED:
        return _("您的社情民意信息“%(title)s”被退回修改：%(comment)s") % {
            "title": opinion.title,
            "comment": event.comment,
        }
    if event.kind == Kind.MERGED:
        return _("您的建言（%(code)s）已与同类建言 %(into)s 合并办理。") % {
            "code": code,
            "into": event.data.get("into_code", ""),
        }
    if event.kind == Kind.INSTRUCTION:
        return _("您的社情民意信息“%(title)s”获得领导批示。") % {"title": opinion.title}
    return _("您的建言（%(code)s）办理状态更新为：%(status)s。") % {
        "code": code,
        "status": opinion.get_public_status_display(),
    }


def notify_event(*, event_id: int, lookup_key: str | None = None) -> None:
    """Idempotent: the event is claimed once (notified_at), so a retried or duplicated task sends
    nothing twice."""
    with transaction.atomic():
        claimed = OpinionEvent.objects.filter(pk=event_id, notified_at__isnull=True).update(
            notified_at=timezone.now()
        )
        if not claimed:
            return
        event = OpinionEvent.objects.select_related("opinion", "opinion__author__user").get(
            pk=event_id
        )
    opinion = event.opinion
    with translation.override(settings.LANGUAGE_CODE):
        text = _message(event)
        author_user = opinion.author.user if opinion.author_id else None
        if (
            author_user is not None
            and event.kind in TOLD_TO_AUTHOR
            and event.actor_id != author_user.pk
        ):
            notification_send(
                user=author_user,
                text=text,
                link=reverse("opinions:mine_detail", args=[opinion.pk]),
                source=f"opinion-event:{event.pk}",
            )
        if opinion.submitter_email and not opinion.is_anonymous and event.kind in TOLD_TO_SUBMITTER:
            body = [text]
            if lookup_key:
                body.append(
                    _("查询密码：%(key)s（请妥善保存，仅发送这一次）") % {"key": lookup_key}
                )
            body.append(_("凭查询码和查询密码可在“办理查询”页面查看办理进度。"))
            send_mail(
                subject=_("【鄂尔多斯政协】建言办理进度 %(code)s")
                % {"code": opinion.tracking_code},
                message="\n".join(body),
                from_email=None,
                recipient_list=[opinion.submitter_email],
            )


def notify_pending(*, older_than_minutes: int = 10, limit: int = 500) -> int:
    cutoff = timezone.now() - datetime.timedelta(minutes=older_than_minutes)
    ids = list(
        OpinionEvent.objects.filter(notified_at__isnull=True, created_at__lt=cutoff).values_list(
            "pk", flat=True
        )[:limit]
    )
    for event_id in ids:
        notify_event(event_id=event_id)
    return len(ids)
