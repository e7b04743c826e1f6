"""Opinions (社情民意): submissions from citizens, members and staff, their review, and the event
log that is both the audit trail and the timeline. The states cover the whole lifecycle in
DESIGN.md; forwarding to departments and replies build on them."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import mask_phone
from core.fields import committee_fk, optional_fk
from core.models import Event, StoredFile
from org.scope import ScopedQuerySet

MAX_CONTENT_LENGTH = 1500


class Category(models.Model):
    name = models.CharField(_("类别"), max_length=20, unique=True)
    order = models.PositiveSmallIntegerField(_("排序"), default=0)
    is_active = models.BooleanField(_("启用"), default=True)

    class Meta:
        ordering = ["order", "pk"]
        verbose_name = _("建言类别")
        verbose_name_plural = _("建言类别")

    def __str__(self):
        return self.name


class SensitiveWord(models.Model):
    """An editable list: a submission containing one of these words is flagged for staff
    attention (never dropped)."""

    word = models.CharField(_("敏感词"), max_length=30, unique=True)
    is_active = models.BooleanField(_("启用"), default=True)
    note = models.CharField(_("说明"), max_length=100, blank=True)

    class Meta:
        ordering = ["word"]
        verbose_name = _("敏感词")
        verbose_name_plural = _("敏感词")

    def __str__(self):
        return self.word


class TrackingSequence(models.Model):
    """Per-year counter for tracking codes; the row is locked while a number is taken."""

    year = models.PositiveSmallIntegerField(primary_key=True)
    last = models.PositiveIntegerField(default=0)

    def __str__(self):
        return f"{self.year}: {self.last}"


class Channel(models.TextChoices):
    WEB = "web", _("我要建言")
    MAILBOX = "mailbox", _("政协信箱")
    MEMBER = "member", _("委员收集")
    GRID = "grid", _("网格员反映")
    DUTY = "duty", _("委员值班/会客厅")
    MEETING = "meeting", _("协商会议")
    PHONE = "phone", _("来电")
    LETTER = "letter", _("来信")
    WECHAT = "wechat", _("微信群")


STAFF_ENTRY_CHANNELS = [
    Channel.PHONE,
    Channel.LETTER,
    Channel.WECHAT,
    Channel.DUTY,
    Channel.GRID,
    Channel.MEETING,
]
PUBLIC_CHANNELS = [Channel.WEB, Channel.MAILBOX]


class Status(models.TextChoices):
    DRAFT = "draft", _("草稿")
    SUBMITTED = "submitted", _("已提交")
    UNDER_REVIEW = "under_review", _("审核中")
    RETURNED = "returned", _("退回修改")
    NOT_ADOPTED = "not_adopted", _("未采用")
    MERGED = "merged", _("已并案")
    ADOPTED = "adopted", _("已采用")
    COMPILED = "compiled", _("已编发")
    FORWARDED = "forwarded", _("已转办")
    REPLIED = "replied", _("已答复")
    CLOSED = "closed", _("已办结")


class PublicStatus(models.TextChoices):
    RECEIVED = "received", _("已收到")
    REVIEWING = "reviewing", _("审核中")
    ADOPTED = "adopted", _("已采用")
    NOT_ADOPTED = "not_adopted", _("未采用")
    MERGED = "merged", _("已并案")
    FORWARDED = "forwarded", _("已转有关部门办理")
    REPLIED = "replied", _("已答复")
    CLOSED = "closed", _("已办结")


PUBLIC_STATUS = {
    Status.DRAFT: None,
    Status.SUBMITTED: PublicStatus.RECEIVED,
    Status.UNDER_REVIEW: PublicStatus.REVIEWING,
    Status.RETURNED: PublicStatus.REVIEWING,
    Status.NOT_ADOPTED: PublicStatus.NOT_ADOPTED,
    Status.MERGED: PublicStatus.MERGED,
    Status.ADOPTED: PublicStatus.ADOPTED,
    Status.COMPILED: PublicStatus.ADOPTED,
    Status.FORWARDED: PublicStatus.FORWARDED,
    Status.REPLIED: PublicStatus.REPLIED,
    Status.CLOSED: PublicStatus.CLOSED,
}

UNDECIDED = (Status.SUBMITTED, Status.UNDER_REVIEW)


class AdoptionLevel(models.TextChoices):
    BANNER = "banner", _("旗区级")
    MUNICIPAL = "municipal", _("市级")
    REGION = "region", _("自治区级")
    NATIONAL = "national", _("全国")


ADOPTION_RANK = {level: rank for rank, level in enumerate(AdoptionLevel.values)}


class Satisfaction(models.TextChoices):
    SATISFIED = "satisfied", _("满意")
    BASICALLY = "basically", _("基本满意")
    UNSATISFIED = "unsatisfied", _("不满意")


class NotAdoptedReason(models.TextChoices):
    PETITION = "petition", _("属信访投诉事项")
    LITIGATION = "litigation", _("属涉诉涉法事项")
    PERSONNEL = "personnel", _("属人事问题")
    SECRET = "secret", _("涉及国家秘密")
    PRIVACY = "privacy", _("涉及他人隐私")
    UNCLEAR = "unclear", _("内容不清、缺乏可行建议")
    DUPLICATE = "duplicate", _("已有相同建议")
    OTHER = "other", _("其他")


class OpinionQuerySet(ScopedQuerySet):
    def review_overdue(self, now=None):
        now = now or timezone.now()
        return self.filter(status__in=UNDECIDED, review_due_at__lt=now)

    def search(self, text: str):
        text = text.strip()[:60]
        if not text:
            return self
        return self.filter(
            Q(title__icontains=text) | Q(content__icontains=text) | Q(tracking_code__iexact=text)
        )


class Opinion(models.Model):
    tracking_code = models.CharField(_("查询码"), max_length=20, unique=True, null=True, blank=True)
    lookup_key_hash = models.CharField(max_length=200, blank=True, editable=False)
    committee = committee_fk("opinions", _("受理政协"))
    channel = models.CharField(_("来源渠道"), max_length=16, choices=Channel.choices)
    category = optional_fk(Category, _("类别"), on_delete=models.PROTECT, related_name="opinions")
    region = optional_fk(
        "org.Region", _("涉及地区"), on_delete=models.PROTECT, related_name="opinions"
    )
    workstation = optional_fk(
        "workstations.Workstation", _("收信的委员之家"), related_name="letters"
    )
    title = models.CharField(_("标题"), max_length=60)
    content = models.TextField(_("内容"), max_length=MAX_CONTENT_LENGTH)
    analysis = models.TextField(_("原因分析"), max_length=MAX_CONTENT_LENGTH, blank=True)
    suggestion = models.TextField(_("意见建议"), max_length=MAX_CONTENT_LENGTH, blank=True)

    # Who raised it. Citizens' details are personal information: shown masked except to the
    # handler after a logged reveal, never to departments.
    submitter_name = models.CharField(_("姓名"), max_length=40, blank=True)
    submitter_phone = models.CharField(_("手机号码"), max_length=11, blank=True)
    submitter_email = models.EmailField(_("电子邮箱"), blank=True)
    is_anonymous = models.BooleanField(_("匿名"), default=False)
    consent_version = models.CharField(_("同意的告知书版本"), max_length=20, blank=True)
    consent_at = models.DateTimeField(_("同意时间"), null=True, blank=True)
    created_by = optional_fk(settings.AUTH_USER_MODEL, _("录入人"), related_name="opinions_created")
    author = optional_fk(
        "members.Member", _("委员作者"), on_delete=models.PROTECT, related_name="opinions"
    )
    co_authors = models.ManyToManyField(
        "members.Member", verbose_name=_("联名委员"), blank=True, related_name="co_opinions"
    )

    status = models.CharField(
        _("状态"), max_length=16, choices=Status.choices, default=Status.SUBMITTED
    )
    assignee = optional_fk(settings.AUTH_USER_MODEL, _("经办人"), related_name="opinions_assigned")
    adoption_level = models.CharField(
        _("采用层级"), max_length=16, choices=AdoptionLevel.choices, blank=True
    )
    not_adopted_reason = models.CharField(
        _("未采用原因"), max_length=16, choices=NotAdoptedReason.choices, blank=True
    )
    decision_comment = models.TextField(_("审核意见"), blank=True)
    merged_into = optional_fk(
        "self", _("并入"), on_delete=models.PROTECT, related_name="merged_opinions"
    )
    proposal_reference = models.CharField(_("转提案编号"), max_length=60, blank=True)
    topic_reference = models.CharField(_("转协商议题"), max_length=120, blank=True)
    public_reply = models.TextField(_("公开答复"), blank=True)
    replied_at = models.DateTimeField(_("答复时间"), null=True, blank=True)
    satisfaction = models.CharField(
        _("满意度"), max_length=16, choices=Satisfaction.choices, blank=True
    )
    satisfaction_comment = models.TextField(_("评价意见"), max_length=500, blank=True)
    rated_at = models.DateTimeField(_("评价时间"), null=True, blank=True)
    rehandle_requested_at = models.DateTimeField(_("申请重新办理时间"), null=True, blank=True)
    closed_at = models.DateTimeField(_("办结时间"), null=True, blank=True)

    is_spam = models.BooleanField(_("疑似垃圾信息"), default=False)
    needs_attention = models.BooleanField(_("含敏感词待关注"), default=False, db_index=True)
    anonymised_at = models.DateTimeField(_("个人信息匿名化时间"), null=True, blank=True)
    flag_reasons = models.JSONField(_("标记原因"), default=list, blank=True)
    dedupe_token = models.CharField(
        max_length=64, null=True, blank=True, unique=True, editable=False
    )

    submitted_at = models.DateTimeField(_("提交时间"), null=True, blank=True)
    review_due_at = models.DateTimeField(_("审核期限"), null=True, blank=True)
    decided_at = models.DateTimeField(_("审核时间"), null=True, blank=True)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    objects = OpinionQuerySet.as_manager()

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=models.Q(status__in=Status.values),
                name="opinion_status_valid",
            ),
        ]
        ordering = ["-submitted_at", "-pk"]
        indexes = [
            models.Index(fields=["committee", "status", "submitted_at"]),
            models.Index(fields=["committee", "is_spam", "submitted_at"]),
            models.Index(fields=["committee", "channel"]),
            models.Index(fields=["committee", "category"]),
            models.Index(fields=["committee", "region"]),
            models.Index(fields=["assignee", "status"]),
            models.Index(fields=["status", "review_due_at"]),
            models.Index(fields=["author", "status"]),
        ]
        verbose_name = _("社情民意")
        verbose_name_plural = _("社情民意")

    def __str__(self):
        return f"{self.tracking_code or _('草稿')} {self.title}"

    # --- what the public and the handlers see ---------------------------------------------
    @property
    def public_status(self):
        return PUBLIC_STATUS.get(self.status)

    def get_public_status_display(self):
        status = self.public_status
        return PublicStatus(status).label if status else ""

    @property
    def masked_phone(self) -> str:
        return mask_phone(self.submitter_phone)

    @property
    def masked_name(self) -> str:
        name = self.submitter_name
        if not name:
            return ""
        return name[0] + "*" * max(1, len(name) - 1)

    @property
    def is_member_item(self) -> bool:
        return self.author_id is not None

    @property
    def is_review_overdue(self) -> bool:
        return (
            self.status in UNDECIDED
            and self.review_due_at is not None
            and self.review_due_at < timezone.now()
        )


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
    kind = models.CharField(_("事件"), max_length=20, choices=Kind.choices)
    notified_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta(Event.Meta):
        indexes = [models.Index(fields=["opinion", "created_at"])]
        verbose_name = _("办理记录")
        verbose_name_plural = _("办理记录")

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


def attachment_path(instance, filename):
    today = datetime.date.today()
    return f"private/opinions/{today:%Y/%m}/{instance.token}{instance.extension}"


class Attachment(StoredFile):
    """An uploaded image (re-encoded, metadata stripped) or PDF (core.models.StoredFile)."""

    EXTENSIONS = {**StoredFile.EXTENSIONS, "application/pdf": ".pdf"}

    opinion = models.ForeignKey(Opinion, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(upload_to=attachment_path, max_length=200)

    class Meta(StoredFile.Meta):
        verbose_name = _("附件")
        verbose_name_plural = _("附件")

    @property
    def is_image(self) -> bool:
        return self.content_type.startswith("image/")


# --- 《社情民意信息》 bulletins -------------------------------------------------------------------
class BulletinQuerySet(ScopedQuerySet):
    pass


class Bulletin(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("编辑中")
        ISSUED = "issued", _("已签发")

    committee = committee_fk("bulletins", _("编发政协"))
    year = models.PositiveSmallIntegerField(_("年度"))
    number = models.PositiveSmallIntegerField(_("期号"), null=True, blank=True)
    title = models.CharField(_("刊名"), max_length=40, default="社情民意信息")
    status = models.CharField(
        _("状态"), max_length=12, choices=Status.choices, default=Status.DRAFT
    )
    recipients = models.TextField(_("报送单位"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("编辑人"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    signed_by = optional_fk(settings.AUTH_USER_MODEL, _("签发人"))
    issued_at = models.DateTimeField(_("签发时间"), null=True, blank=True)

    objects = BulletinQuerySet.as_manager()

    class Meta:
        ordering = ["-year", "-number", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(status__in=["draft", "issued"]),
                name="bulletin_status_valid",
            ),
            models.UniqueConstraint(
                fields=["committee", "year", "number"], name="uniq_bulletin_number"
            ),
        ]
        verbose_name = _("社情民意信息")
        verbose_name_plural = _("社情民意信息")

    def __str__(self):
        from django.utils.translation import gettext

        if self.number:
            issue = gettext("%(y)s年第%(n)s期") % {"y": self.year, "n": self.number}
            return f"{self.title} {issue}"
        return f"{self.title}（{gettext('编辑中')}）"

    @property
    def is_issued(self) -> bool:
        return self.status == self.Status.ISSUED


class BulletinSequence(models.Model):
    """Per committee and year: the last 期号 issued. Locked while a number is taken."""

    committee = models.ForeignKey("org.Committee", on_delete=models.CASCADE)
    year = models.PositiveSmallIntegerField()
    last = models.PositiveSmallIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["committee", "year"], name="uniq_bulletin_sequence"),
        ]

    def __str__(self):
        return f"{self.committee_id} {self.year}: {self.last}"


class BulletinEvent(Event):
    """One row per edit and the sign-off of a bulletin (``opinions.workflows.BULLETIN``)."""

    class Kind(models.TextChoices):
        ITEM_ADDED = "item_added", _("编入信息")
        ITEM_EDITED = "item_edited", _("修改信息")
        ITEM_MOVED = "item_moved", _("调整顺序")
        ITEM_REMOVED = "item_removed", _("移出信息")
        ISSUED = "issued", _("签发")

    bulletin = models.ForeignKey(Bulletin, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(_("事件"), max_length=20, choices=Kind.choices)

    class Meta(Event.Meta):
        verbose_name = _("编发记录")
        verbose_name_plural = _("编发记录")

    def __str__(self):
        return f"{self.bulletin_id} {self.kind}"


class BulletinItem(models.Model):
    bulletin = models.ForeignKey(Bulletin, on_delete=models.CASCADE, related_name="items")
    opinion = models.OneToOneField(Opinion, on_delete=models.PROTECT, related_name="bulletin_item")
    position = models.PositiveSmallIntegerField(_("顺序"), default=0)
    editorial_title = models.CharField(_("编辑标题"), max_length=80)
    editorial_body = models.TextField(_("编辑正文"), max_length=6000)

    class Meta:
        ordering = ["position", "pk"]
        verbose_name = _("信息条目")
        verbose_name_plural = _("信息条目")

    def __str__(self):
        return self.editorial_title


# --- forwarding to departments, replies ---------------------------------------------------------
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
        CO = "co", _("会办")

    class Status(models.TextChoices):
        NEW = "new", _("待签收")
        SIGNED = "signed", _("办理中")
        RETURN_REQUESTED = "return_requested", _("申请退回")
        WITHDRAWN = "withdrawn", _("已退回")
        REPLIED = "replied", _("已答复待审核")
        REJECTED = "rejected", _("答复退回重办")
        ACCEPTED = "accepted", _("答复已通过")

    OPEN_STATUSES = ("new", "signed", "return_requested", "rejected")

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
