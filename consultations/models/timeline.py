"""The events' timeline: every step writes a :class:`ConsultationEvent`; a step of an
invitation, an observer or an outcome is a row of its event's timeline that also points at it."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from core.fields import optional_fk
from core.models import Event

from .events import Consultation, Invitation
from .observers import Observer
from .records import Outcome


class ConsultationEvent(Event):
    """What happened to an event (core.models.Event: actor, from/to, comment, data): created,
    opened, held, minutes published, closed, cancelled, members invited, attendance recorded…
    A step of one invitation, observer or outcome is a row of its event's timeline that also
    points at it; its from/to are that record's states."""

    class Kind(models.TextChoices):
        CREATED = "created", _("创建活动")
        EDITED = "edited", _("修改活动信息")
        OPENED = "opened", _("开放报名")
        HELD = "held", _("召开")
        MINUTES_SAVED = "minutes_saved", _("保存纪要")
        MINUTES_PUBLISHED = "minutes_published", _("发布纪要")
        CLOSED = "closed", _("结束")
        CANCELLED = "cancelled", _("取消活动")
        INVITED = "invited", _("邀请委员")
        ACCEPTED = "accepted", _("委员确认参加")
        DECLINED = "declined", _("委员请假")
        ATTENDANCE = "attendance", _("登记出席和发言")
        SIGNED_UP = "signed_up", _("群众报名旁听")
        APPROVED = "approved", _("通过旁听报名")
        REJECTED = "rejected", _("不通过旁听报名")
        PROMOTED = "promoted", _("候补转正")
        OBSERVER_CANCELLED = "obs_cancelled", _("取消旁听报名")
        CHECKED_IN = "checked_in", _("旁听入场")
        OUTCOME_ADDED = "outcome_added", _("登记协商成果")
        FOLLOW_UP = "follow_up", _("成果跟踪")
        MATERIAL_ADDED = "material_added", _("上传会议材料")
        MATERIAL_CHANGED = "material_changed", _("更改会议材料公开范围")
        MATERIAL_REMOVED = "material_removed", _("删除会议材料")

    consultation = models.ForeignKey(Consultation, on_delete=models.CASCADE, related_name="events")
    invitation = optional_fk(
        Invitation, _("参会邀请"), on_delete=models.CASCADE, related_name="events"
    )
    observer = optional_fk(Observer, _("旁听报名"), on_delete=models.CASCADE, related_name="events")
    outcome = optional_fk(Outcome, _("协商成果"), on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(_("事件"), max_length=20, choices=Kind.choices)

    class Meta(Event.Meta):
        verbose_name = _("协商活动记录")
        verbose_name_plural = _("协商活动记录")

    def __str__(self):
        return f"{self.consultation_id} {self.kind}"
