"""Forwarding to departments (承办单位): forwardings, their replies and reply documents, and leaders' instructions."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.models import StoredFile
from org.scope import ScopedQuerySet

from .opinion import Opinion


class ForwardingQuerySet(ScopedQuerySet):
    scope_lookup = "opinion__committee"

    def overdue(self, today=None):
        today = today or timezone.localdate()
        return self.filter(status__in=Forwarding.OPEN_STATUSES, due_date__lt=today)

    def for_department(self, department_id):
        return self.filter(department_id=department_id)


class Forwarding(models.Model):
    class Role(models.TextChoices):
        LEAD = "lead", _("主办")
        CO = "co", _("协办")

    class Status(models.TextChoices):
        NEW = "new", _("待签收")
        SIGNED = "signed", _("办理中")
        RETURN_REQUESTED = "return_requested", _("申请退回")
        WITHDRAWN = "withdrawn", _("已退回")
        REPLIED = "replied", _("已答复待审核")
        REJECTED = "rejected", _("答复退回重办")
        ACCEPTED = "accepted", _("答复已通过")
        # a co-handling department (协办) gives its 协办意见 to the lead department
        OPINION_GIVEN = "opinion_given", _("已提交协办意见")
        # …or the office records that the lead's reply goes out without it (with a reason)
        WAIVED = "waived", _("免予协办意见")

    OPEN_STATUSES = ("new", "signed", "return_requested", "rejected")
    # A co-handler whose part is done: the lead department's reply may be released.
    CO_DONE_STATUSES = ("opinion_given", "waived", "withdrawn", "accepted")

    opinion = models.ForeignKey(Opinion, on_delete=models.PROTECT, related_name="forwardings")
    department = models.ForeignKey(
        "org.Department",
        verbose_name=_("承办单位"),
        on_delete=models.PROTECT,
        related_name="forwardings",
    )
    role = models.CharField(_("承办方式"), max_length=8, choices=Role.choices)
    status = models.CharField(_("状态"), max_length=20, choices=Status.choices, default=Status.NEW)
    due_date = models.DateField(_("办理期限"))
    cover_note = models.TextField(_("转办说明"), max_length=1000, blank=True)
    return_reason = models.TextField(_("申请退回理由"), max_length=1000, blank=True)
    co_opinion = models.TextField(_("协办意见"), max_length=3000, blank=True)
    co_opinion_at = models.DateTimeField(_("协办意见提交时间"), null=True, blank=True)
    waiver_reason = models.TextField(_("免予协办意见的理由"), max_length=1000, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("转办时间"), default=timezone.now)
    signed_at = models.DateTimeField(_("签收时间"), null=True, blank=True)
    first_replied_at = models.DateTimeField(_("首次答复时间"), null=True, blank=True)
    accepted_at = models.DateTimeField(_("答复通过时间"), null=True, blank=True)
    last_reminded_on = models.DateField(null=True, blank=True, editable=False)

    objects = ForwardingQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "pk"]
        indexes = [
            models.Index(fields=["department", "status"]),
            models.Index(fields=["status", "due_date"]),
            # the cockpit's refresh and the periodic reports: the lead forwardings made, and
            # first replied, in a date range (docs/adr/0016)
            models.Index(
                fields=["created_at"],
                include=["id", "opinion", "status", "department"],
                condition=models.Q(role="lead"),
                name="forwarding_lead_created_idx",
            ),
            models.Index(
                fields=["first_replied_at"],
                include=["id", "opinion", "status", "department", "due_date"],
                condition=models.Q(role="lead", first_replied_at__isnull=False),
                name="forwarding_lead_replied_idx",
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(
                    status__in=[
                        "new",
                        "signed",
                        "return_requested",
                        "withdrawn",
                        "replied",
                        "rejected",
                        "accepted",
                        "opinion_given",
                        "waived",
                    ]
                ),
                name="forwarding_status_valid",
            ),
            models.UniqueConstraint(
                fields=["opinion", "department"],
                condition=~models.Q(status="withdrawn"),
                name="uniq_open_forwarding_per_department",
            ),
        ]
        verbose_name = _("转办")
        verbose_name_plural = _("转办")

    def __str__(self):
        return f"{self.opinion.tracking_code} → {self.department}"

    @property
    def is_open(self) -> bool:
        return self.status in self.OPEN_STATUSES

    @property
    def is_overdue(self) -> bool:
        return self.is_open and self.due_date < timezone.localdate()

    @property
    def is_co(self) -> bool:
        return self.role == self.Role.CO


class Reply(models.Model):
    class Resolution(models.TextChoices):
        SOLVED = "solved", _("已解决")
        PLANNED = "planned", _("列入计划解决")
        LIMITED = "limited", _("因条件所限暂不能解决")
        REFERENCE = "reference", _("留作参考")

    class Review(models.TextChoices):
        PENDING = "pending", _("待审核")
        ACCEPTED = "accepted", _("通过")
        REJECTED = "rejected", _("退回重办")

    forwarding = models.ForeignKey(Forwarding, on_delete=models.CASCADE, related_name="replies")
    text = models.TextField(_("答复内容"), max_length=5000)
    resolution = models.CharField(_("办理结果"), max_length=12, choices=Resolution.choices)
    contact_person = models.CharField(_("经办人"), max_length=40, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("答复时间"), default=timezone.now)
    review = models.CharField(
        _("审核"), max_length=10, choices=Review.choices, default=Review.PENDING
    )
    review_comment = models.TextField(_("审核意见"), max_length=1000, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=models.Q(review__in=["pending", "accepted", "rejected"]),
                name="reply_review_valid",
            ),
        ]
        ordering = ["created_at", "pk"]
        verbose_name = _("答复")
        verbose_name_plural = _("答复")

    def __str__(self):
        return f"{self.forwarding} {self.get_resolution_display()}"


def reply_document_path(instance, filename):
    today = timezone.localdate()
    return f"private/replies/{today:%Y/%m}/{instance.token}{instance.extension}"


class ReplyDocument(StoredFile):
    """A reply letter (答复函) a department attaches to its reply: a PDF, a DOCX or an image,
    checked by content like a citizen's upload (``core.uploads``). Served only through
    ``opinions:reply_document`` to the department and the office in scope."""

    DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    EXTENSIONS = {**StoredFile.EXTENSIONS, "application/pdf": ".pdf", DOCX: ".docx"}

    reply = models.ForeignKey(Reply, on_delete=models.CASCADE, related_name="documents")
    content_type = models.CharField(max_length=100)
    file = models.FileField(upload_to=reply_document_path, max_length=200)

    class Meta(StoredFile.Meta):
        verbose_name = _("答复附件")
        verbose_name_plural = _("答复附件")

    @property
    def is_image(self) -> bool:
        return self.content_type.startswith("image/")


class LeaderInstruction(models.Model):
    """领导批示 on an opinion (or the bulletin item carrying it)."""

    class Level(models.TextChoices):
        BANNER = "banner", _("旗区领导")
        MUNICIPAL = "municipal", _("市领导")
        REGION = "region", _("自治区领导")
        NATIONAL = "national", _("国家领导")

    opinion = models.ForeignKey(Opinion, on_delete=models.PROTECT, related_name="instructions")
    leader_name = models.CharField(_("批示领导"), max_length=40)
    leader_title = models.CharField(_("职务"), max_length=60)
    level = models.CharField(_("层级"), max_length=12, choices=Level.choices)
    instructed_on = models.DateField(_("批示日期"))
    text = models.TextField(_("批示内容"), max_length=2000)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-instructed_on", "-pk"]
        verbose_name = _("领导批示")
        verbose_name_plural = _("领导批示")

    def __str__(self):
        return f"{self.leader_name}：{self.text[:20]}"
