"""The event logs: an opinion's timeline (forwarding steps included) and a bulletin's edits."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from core.fields import optional_fk
from core.models import Event

from .bulletins import Bulletin
from .choices import Status
from .forwarding import Forwarding
from .opinion import Opinion


class OpinionEvent(Event):
    """One row per thing that happened to an opinion: the audit trail and the timeline.

    A forwarding's steps are opinion events too (the timeline shows them); they also point at
    their forwarding and their from/to are the forwarding's states (``Forwarding.Status``), so
    an opinion's own state history is ``opinion.events.filter(forwarding=None)``."""

    class Kind(models.TextChoices):
        CREATED = "created", _("创建草稿")
        SUBMITTED = "submitted", _("提交")
        ASSIGNED = "assigned", _("分派经办人")
        RETURNED = "returned", _("退回修改")
        NOT_ADOPTED = "not_adopted", _("不予采用")
        MERGED = "merged", _("并案")
        MERGE_RECEIVED = "merge_received", _("并入其他建言")
        ADOPTED = "adopted", _("采用")
        LEVEL_RAISED = "level_raised", _("采用层级提升")
        CONVERTED = "converted", _("转为提案/协商议题")
        SPAM = "spam", _("标记为垃圾信息")
        UNSPAM = "unspam", _("取消垃圾信息标记")
        NOTE = "note", _("内部备注")
        REVEAL = "reveal", _("查看联系方式")
        COMPILED = "compiled", _("编入《社情民意信息》")
        FORWARDED = "forwarded", _("转交承办单位")
        SIGNED = "signed", _("承办单位签收")
        RETURN_REQUESTED = "return_requested", _("承办单位申请退回")
        RETURN_ACCEPTED = "return_accepted", _("同意退回")
        RETURN_REFUSED = "return_refused", _("不同意退回")
        REPLY_SUBMITTED = "reply_submitted", _("承办单位答复")
        CO_OPINION = "co_opinion", _("协办单位提交协办意见")
        CO_OPINION_WAIVED = "co_opinion_waived", _("免予协办意见")
        REPLY_ACCEPTED = "reply_accepted", _("答复审核通过")
        REPLY_REJECTED = "reply_rejected", _("答复退回重办")
        REPLIED = "replied", _("已答复")
        INSTRUCTION = "instruction", _("领导批示")
        RATED = "rated", _("群众评价")
        REHANDLE = "rehandle", _("申请重新办理")
        REOPENED = "reopened", _("重新交原承办单位办理")
        CLOSED = "closed", _("办结")
        OVERDUE_REMINDER = "overdue_reminder", _("超期催办")

    # Events whose fact (not comment) the submitter may see on the tracking page.
    PUBLIC_KINDS = {
        "submitted",
        "not_adopted",
        "merged",
        "adopted",
        "level_raised",
        "forwarded",
        "replied",
        "rated",
        "rehandle",
        "closed",
    }

    opinion = models.ForeignKey(Opinion, on_delete=models.CASCADE, related_name="events")
    forwarding = optional_fk(
        "Forwarding", _("转办"), on_delete=models.CASCADE, related_name="events"
    )
    notified_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta(Event.Meta):
        indexes = [models.Index(fields=["opinion", "created_at"])]
        verbose_name = _("办理记录")

    def __str__(self):
        return f"{self.opinion_id} {self.kind}"

    def save(self, *args, **kwargs):
        if self.opinion_id is None and self.forwarding_id is not None:
            # a forwarding's step (FORWARDING.run) is on its opinion's timeline
            self.opinion_id = self.forwarding.opinion_id
        super().save(*args, **kwargs)

    def _status_label(self, value: str) -> str:
        choices = Forwarding.Status if self.forwarding_id else Status
        return str(choices(value).label) if value in choices.values else value

    def get_from_status_display(self) -> str:
        return self._status_label(self.from_status)

    def get_to_status_display(self) -> str:
        return self._status_label(self.to_status)


class BulletinEvent(Event):
    """One row per edit and the sign-off of a bulletin (``opinions.workflows.BULLETIN``)."""

    class Kind(models.TextChoices):
        ITEM_ADDED = "item_added", _("编入信息")
        ITEM_EDITED = "item_edited", _("修改信息")
        ITEM_MOVED = "item_moved", _("调整顺序")
        ITEM_REMOVED = "item_removed", _("移出信息")
        SUBMITTED = "submitted", _("送签")
        SENT_BACK = "sent_back", _("退回修改")
        ISSUED = "issued", _("签发")

    bulletin = models.ForeignKey(Bulletin, on_delete=models.CASCADE, related_name="events")

    class Meta(Event.Meta):
        verbose_name = _("编发记录")

    def __str__(self):
        return f"{self.bulletin_id} {self.kind}"
