"""What the submitter and a member author are told when something happens to their opinion:
rendered into outbox rows (notifications app) in the transaction that records the event."""

import datetime

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from notifications import services as outbox

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


def event_notices_add(event: OpinionEvent, *, lookup_key: str | None = None) -> None:
    """Inside the transaction that records ``event``: the submitter's e-mail and the member
    author's in-app notice become outbox rows (notifications), delivered after commit. The
    receipt's lookup key is rendered into the e-mail row here — it never travels through the
    broker — and blanked once the e-mail is delivered."""
    opinion = event.opinion
    with translation.override(settings.LANGUAGE_CODE):
        text = _message(event)
        author_user = opinion.author.user if opinion.author_id else None
        if (
            author_user is not None
            and event.kind in TOLD_TO_AUTHOR
            and event.actor_id != author_user.pk
        ):
            outbox.notice_add(
                user=author_user,
                text=text,
                link=reverse("opinions:mine_detail", args=[opinion.pk]),
                cause=f"opinion-event:{event.pk}",
            )
        if opinion.submitter_email and not opinion.is_anonymous and event.kind in TOLD_TO_SUBMITTER:
            body = [text]
            if lookup_key:
                body.append(
                    _("查询密码：%(key)s（请妥善保存，仅发送这一次）") % {"key": lookup_key}
                )
            body.append(_("凭查询码和查询密码可在“办理查询”页面查看办理进度。"))
            outbox.email_add(
                to=opinion.submitter_email,
                subject=_("【鄂尔多斯政协】建言办理进度 %(code)s")
                % {"code": opinion.tracking_code},
                body="\n".join(body),
                cause=f"opinion-event:{event.pk}",
                sensitive=bool(lookup_key),
            )


def event_notices_backfill(*, event_id: int, lookup_key: str | None = None) -> bool:
    """For events recorded before the outbox existed (notified_at empty): write their outbox rows
    now, once — the event is claimed in the same transaction and the rows are unique per
    recipient and cause, so this never sends anything twice. Every new event is written with
    notified_at set (its rows are in the outbox from the start)."""
    with transaction.atomic():
        event = (
            OpinionEvent.objects.select_for_update()
            .filter(pk=event_id, notified_at__isnull=True)
            .first()
        )
        if event is None:
            return False
        event.notified_at = timezone.now()
        event.save(update_fields=["notified_at"])
        event_notices_add(event, lookup_key=lookup_key)
    return True


def notify_pending(*, older_than_minutes: int = 10, limit: int = 500) -> int:
    """Backfill for events that predate the outbox (see event_notices_backfill)."""
    cutoff = timezone.now() - datetime.timedelta(minutes=older_than_minutes)
    ids = list(
        OpinionEvent.objects.filter(notified_at__isnull=True, created_at__lt=cutoff).values_list(
            "pk", flat=True
        )[:limit]
    )
    return sum(event_notices_backfill(event_id=event_id) for event_id in ids)
