"""The transactional outbox: every e-mail and in-app notice is first a row here, written in the
same transaction as the change that causes it, then delivered by a task that carries only the
row's id (notifications.delivery)."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.fields import optional_fk


class NoticeKind(models.TextChoices):
    """What a notice is about: the list's filter and the unit of the e-mail opt-out. The apps
    that write notices pick one; ``ACCOUNT`` (security notices) cannot be opted out of."""

    OPINION = "opinion", _("建言办理进度")
    REVIEW = "review", _("待审核事项")
    FORWARDING = "forwarding", _("转办件")
    ACTIVITY = "activity", _("履职活动")
    DUTY = "duty", _("值班安排")
    EXPORT = "export", _("导出任务")
    ACCOUNT = "account", _("账号安全")
    OTHER = "other", _("其他")


# Kinds a user may turn e-mail off for (security notices always go out).
OPTIONAL_EMAIL_KINDS = [kind for kind in NoticeKind if kind != NoticeKind.ACCOUNT]


class OutboxMessage(models.Model):
    class Channel(models.TextChoices):
        EMAIL = "email", _("电子邮件")
        IN_APP = "in_app", _("站内通知")

    class Status(models.TextChoices):
        PENDING = "pending", _("待发送")
        SENT = "sent", _("已发送")
        FAILED = "failed", _("发送失败")

    channel = models.CharField(_("渠道"), max_length=10, choices=Channel.choices)
    user = optional_fk(settings.AUTH_USER_MODEL, _("接收人"), on_delete=models.CASCADE)
    address = models.EmailField(_("邮箱地址"), blank=True)
    # "user:<id>" or the lower-cased address: one column for the uniqueness rule below.
    recipient = models.CharField(_("收件人"), max_length=260, editable=False)
    cause = models.CharField(_("起因"), max_length=120)
    subject = models.CharField(_("标题"), max_length=200, blank=True)
    body = models.TextField(_("内容"), blank=True)
    link = models.CharField(_("链接"), max_length=200, blank=True)
    kind = models.CharField(
        _("类别"), max_length=16, choices=NoticeKind.choices, default=NoticeKind.OTHER
    )
    # The body holds a secret (the citizen's lookup key, a password-reset link): it is blanked
    # once delivered, and the admin never shows it.
    sensitive = models.BooleanField(_("含敏感内容"), default=False)
    status = models.CharField(
        _("状态"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    attempts = models.PositiveSmallIntegerField(_("尝试次数"), default=0)
    next_attempt_at = models.DateTimeField(_("下次尝试"))
    locked_until = models.DateTimeField(_("处理租约至"), null=True, blank=True)
    sent_at = models.DateTimeField(_("发送时间"), null=True, blank=True)
    last_error = models.TextField(_("最近错误"), blank=True)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["status", "next_attempt_at"])]
        constraints = [
            models.UniqueConstraint(
                fields=["channel", "recipient", "cause"], name="uniq_outbox_recipient_cause"
            ),
            models.CheckConstraint(
                condition=models.Q(status__in=["pending", "sent", "failed"]),
                name="outbox_status_valid",
            ),
            models.CheckConstraint(
                condition=(models.Q(channel="email", user__isnull=True) & ~models.Q(address=""))
                | models.Q(channel="in_app", user__isnull=False, address=""),
                name="outbox_recipient_matches_channel",
            ),
        ]
        verbose_name = _("待发消息")
        verbose_name_plural = _("发件箱")

    def __str__(self) -> str:
        return f"{self.get_channel_display()} → {self.recipient} ({self.cause})"


class Notification(models.Model):
    """An in-app notice for a user (a member author whose item was returned, adopted…)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("接收人"),
        on_delete=models.CASCADE,
        related_name="notifications",
    )
    text = models.CharField(_("内容"), max_length=300)
    link = models.CharField(_("链接"), max_length=200, blank=True)
    kind = models.CharField(
        _("类别"), max_length=16, choices=NoticeKind.choices, default=NoticeKind.OTHER
    )
    source = models.CharField(_("来源"), max_length=80, blank=True)
    created_at = models.DateTimeField(_("时间"), auto_now_add=True)
    read_at = models.DateTimeField(_("已读时间"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["user", "read_at"]),
            models.Index(fields=["user", "kind", "created_at"]),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "source"],
                condition=~models.Q(source=""),
                name="uniq_notification_source",
            ),
        ]
        verbose_name = _("站内通知")
        verbose_name_plural = _("站内通知")

    def __str__(self) -> str:
        return self.text


class EmailOptOut(models.Model):
    """A user does not want e-mail for one kind of notice (the in-app notice still comes)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("用户"),
        on_delete=models.CASCADE,
        related_name="email_opt_outs",
    )
    kind = models.CharField(_("类别"), max_length=16, choices=NoticeKind.choices)
    created_at = models.DateTimeField(_("时间"), auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "kind"], name="uniq_email_opt_out"),
            models.CheckConstraint(
                condition=models.Q(kind__in=[k.value for k in OPTIONAL_EMAIL_KINDS]),
                name="email_opt_out_kind_valid",
            ),
        ]
        verbose_name = _("邮件退订")
        verbose_name_plural = _("邮件退订")

    def __str__(self) -> str:
        return f"{self.user_id}: {self.kind}"


class Reminder(models.Model):
    """A scheduled reminder that went out: its key names the thing and the period it was about
    ("review-late:42:20260622" — opinion 42 past its review deadline of 22 June). The key is
    unique, and it is written in the same transaction as the reminder's notices, so a reminder
    job that runs twice, or on two beat processes at once, tells nobody twice; the next period
    has another key. Unlike the outbox rows (deleted OUTBOX_KEEP_DAYS after delivery) these
    rows are kept: they hold no recipient, and a reminder of something that stays overdue for
    months must not be sent again when its outbox rows are gone (notifications.services
    ``reminders_claim`` / ``reminders_send``)."""

    key = models.CharField(_("提醒键"), max_length=100, unique=True)
    sent_at = models.DateTimeField(_("发送时间"), default=timezone.now)

    class Meta:
        ordering = ["-sent_at", "-pk"]
        permissions = [
            # Held (directly or through a group such as 办公室负责人) by a committee's office
            # head: the escalations of the reminders (an opinion still not reviewed a working
            # day after its handler was reminded) go to them.
            ("receive_escalations", _("接收超期督办提醒（办公室负责人）")),
        ]
        verbose_name = _("已发提醒")
        verbose_name_plural = _("已发提醒")

    def __str__(self) -> str:
        return self.key
