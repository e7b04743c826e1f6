"""委员讲堂: the lecture menu members offer and the orders the public places from it
(群众点单、政协派单、委员接单).

A member publishes an offering (a lecture they can give); staff of its committee approve it into
the public menu. A community, village, enterprise, school or service window orders one (or asks
for a topic); staff dispatch the order to a member, who accepts or declines; a date is agreed;
staff record the delivery (the lecture becomes a confirmed liaison activity and the member's
ledger fact 委员讲堂接单授课); the requester rates it through their private link. What may happen
and who may do it: ``lectures.workflows``.
"""

from __future__ import annotations

import datetime
import hashlib

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import mask_phone, phone_validator
from core.fields import committee_fk, member_fk, optional_fk, optional_one_to_one
from core.models import Event
from org.scope import ScopedQuerySet

# An order dispatched this long ago and not yet accepted is flagged (超时未接单).
ACCEPT_WITHIN = datetime.timedelta(days=3)


class LectureField(models.TextChoices):
    """The fields of the menu; each is also the name of an expertise tag (org.Expertise), which
    is how staff find the members who can take an order of that field."""

    EDUCATION = "education", _("教育")
    SCIENCE = "science", _("科技")
    CULTURE = "culture", _("文化")
    HEALTH = "health", _("卫生")
    LAW = "law", _("法律")
    ECOLOGY = "ecology", _("生态")
    ECONOMY = "economy", _("经济")
    OTHER = "other", _("其他")


class LectureOffering(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("草稿")
        SUBMITTED = "submitted", _("待审核")
        APPROVED = "approved", _("已上架")
        REJECTED = "rejected", _("未通过")
        WITHDRAWN = "withdrawn", _("已下架")

    committee = committee_fk("lecture_offerings")
    member = member_fk("lecture_offerings", _("主讲委员"), on_delete=models.PROTECT)
    title = models.CharField(_("讲题"), max_length=60)
    field = models.CharField(_("领域"), max_length=16, choices=LectureField.choices)
    audience = models.CharField(
        _("适合对象"), max_length=60, help_text=_("例如：社区居民、中小学生、企业职工。")
    )
    length_minutes = models.PositiveSmallIntegerField(_("时长（分钟）"), default=60)
    description = models.TextField(_("内容简介"), max_length=1000)
    status = models.CharField(
        _("状态"), max_length=16, choices=Status.choices, default=Status.DRAFT
    )
    reject_reason = models.CharField(_("未通过原因"), max_length=200, blank=True)
    approved_at = models.DateTimeField(_("上架时间"), null=True, blank=True)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        ordering = ["-approved_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(
                    status__in=["draft", "submitted", "approved", "rejected", "withdrawn"]
                ),
                name="lectureoffering_status_valid",
            ),
            models.CheckConstraint(
                condition=models.Q(length_minutes__gte=15, length_minutes__lte=480),
                name="lectureoffering_length_valid",
            ),
        ]
        indexes = [
            models.Index(fields=["status", "committee", "field"]),
            models.Index(fields=["member", "status"]),
        ]
        verbose_name = _("讲堂菜单")
        verbose_name_plural = _("讲堂菜单")

    def __str__(self):
        return self.title


class LectureOfferingEvent(Event):
    class Kind(models.TextChoices):
        CREATED = "created", _("创建")
        SUBMITTED = "submitted", _("提交审核")
        APPROVED = "approved", _("审核上架")
        REJECTED = "rejected", _("审核未通过")
        WITHDRAWN = "withdrawn", _("下架")

    offering = models.ForeignKey(LectureOffering, on_delete=models.CASCADE, related_name="events")

    class Meta(Event.Meta):
        verbose_name = _("讲堂菜单记录")


class LectureOrderQuerySet(ScopedQuerySet):
    def overdue(self, now: datetime.datetime | None = None):
        """Dispatched and not accepted within ACCEPT_WITHIN (超时未接单)."""
        now = now or timezone.now()
        return self.filter(
            status=LectureOrder.Status.DISPATCHED, dispatched_at__lt=now - ACCEPT_WITHIN
        )


def token_digest(token: str) -> str:
    """What is stored of a requester's private link: its SHA-256 (the link itself is shown
    once, to the requester)."""
    return hashlib.sha256(token.encode()).hexdigest()


class LectureOrder(models.Model):
    class Status(models.TextChoices):
        NEW = "new", _("待派单")
        DISPATCHED = "dispatched", _("待接单")
        ACCEPTED = "accepted", _("已接单")
        SCHEDULED = "scheduled", _("已约定时间")
        DELIVERED = "delivered", _("已授课")
        RATED = "rated", _("已评价")
        CANCELLED = "cancelled", _("已取消")

    class Requester(models.TextChoices):
        COMMUNITY = "community", _("社区")
        VILLAGE = "village", _("嘎查村")
        ENTERPRISE = "enterprise", _("企业")
        SCHOOL = "school", _("学校")
        WINDOW = "window", _("服务窗口")
        OTHER = "other", _("其他")

    class Rating(models.TextChoices):
        SATISFIED = "satisfied", _("满意")
        FAIRLY = "fairly", _("基本满意")
        UNSATISFIED = "unsatisfied", _("不满意")

    committee = committee_fk("lecture_orders", _("受理政协"))
    code = models.CharField(_("订单号"), max_length=20, unique=True)
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    offering = optional_fk(
        LectureOffering, _("所点讲题"), on_delete=models.PROTECT, related_name="orders"
    )
    topic = models.CharField(
        _("希望讲的题目"),
        max_length=60,
        blank=True,
        help_text=_("菜单里没有合适的讲题时填写。"),
    )
    field = models.CharField(_("领域"), max_length=16, choices=LectureField.choices)
    requester_kind = models.CharField(_("单位类型"), max_length=16, choices=Requester.choices)
    organisation = models.CharField(_("单位名称"), max_length=60)
    contact_name = models.CharField(_("联系人"), max_length=40)
    contact_phone = models.CharField(_("联系电话"), max_length=11, validators=[phone_validator])
    place = models.CharField(_("授课地点"), max_length=120)
    audience_size = models.PositiveIntegerField(_("预计听众人数"))
    preferred_dates = models.CharField(
        _("希望的时间"), max_length=100, help_text=_("例如：6月中旬的周末，或 6月18日上午。")
    )
    notes = models.TextField(_("其他说明"), max_length=500, blank=True)
    consent = models.BooleanField(_("同意个人信息处理告知"), default=False)
    flags = models.JSONField(_("风险标记"), default=list, blank=True)
    dedupe_token = models.CharField(
        max_length=64, null=True, blank=True, unique=True, editable=False
    )
    status = models.CharField(_("状态"), max_length=16, choices=Status.choices, default=Status.NEW)
    member = optional_fk(
        "members.Member",
        _("授课委员"),
        on_delete=models.PROTECT,
        related_name="lecture_orders",
    )
    dispatched_at = models.DateTimeField(_("派单时间"), null=True, blank=True)
    accepted_at = models.DateTimeField(_("接单时间"), null=True, blank=True)
    decline_reason = models.CharField(_("婉拒原因"), max_length=200, blank=True)
    agreed_on = models.DateField(_("约定日期"), null=True, blank=True)
    agreed_time = models.CharField(_("约定时间"), max_length=30, blank=True)
    delivered_on = models.DateField(_("授课日期"), null=True, blank=True)
    people_reached = models.PositiveIntegerField(_("实际听众人数"), null=True, blank=True)
    delivery_summary = models.TextField(_("授课情况"), max_length=1000, blank=True)
    activity = optional_one_to_one(
        "liaison.Activity", _("履职活动"), on_delete=models.PROTECT, related_name="lecture_order"
    )
    rating = models.CharField(_("评价"), max_length=16, choices=Rating.choices, blank=True)
    rating_comment = models.CharField(_("评价意见"), max_length=300, blank=True)
    rated_at = models.DateTimeField(_("评价时间"), null=True, blank=True)
    cancel_reason = models.CharField(_("取消原因"), max_length=200, blank=True)
    created_at = models.DateTimeField(_("下单时间"), default=timezone.now)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    objects = LectureOrderQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(
                    status__in=[
                        "new",
                        "dispatched",
                        "accepted",
                        "scheduled",
                        "delivered",
                        "rated",
                        "cancelled",
                    ]
                ),
                name="lectureorder_status_valid",
            ),
            models.CheckConstraint(
                condition=models.Q(rating__in=["", "satisfied", "fairly", "unsatisfied"]),
                name="lectureorder_rating_valid",
            ),
        ]
        indexes = [
            models.Index(fields=["committee", "status", "-created_at"]),
            models.Index(fields=["member", "status"]),
            models.Index(fields=["status", "dispatched_at"]),
        ]
        verbose_name = _("讲堂订单")
        verbose_name_plural = _("讲堂订单")

    def __str__(self):
        return self.code

    @property
    def title(self) -> str:
        return self.offering.title if self.offering_id else self.topic

    @property
    def masked_phone(self) -> str:
        return mask_phone(self.contact_phone)

    def is_overdue(self, now: datetime.datetime | None = None) -> bool:
        now = now or timezone.now()
        return (
            self.status == self.Status.DISPATCHED
            and self.dispatched_at is not None
            and self.dispatched_at < now - ACCEPT_WITHIN
        )


class LectureOrderEvent(Event):
    class Kind(models.TextChoices):
        CREATED = "created", _("下单")
        DISPATCHED = "dispatched", _("派单")
        ACCEPTED = "accepted", _("接单")
        DECLINED = "declined", _("婉拒")
        SCHEDULED = "scheduled", _("约定时间")
        DELIVERED = "delivered", _("授课完成")
        RATED = "rated", _("评价")
        CANCELLED = "cancelled", _("取消")
        WITHDRAWN = "withdrawn", _("群众撤单")

    order = models.ForeignKey(LectureOrder, on_delete=models.CASCADE, related_name="events")

    class Meta(Event.Meta):
        verbose_name = _("讲堂订单记录")


class LectureOrderSequence(models.Model):
    """The last order number of a year, kept in a locked row (as bulletin numbers are)."""

    year = models.PositiveSmallIntegerField(unique=True)
    last = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("讲堂订单编号")
        verbose_name_plural = _("讲堂订单编号")

    def __str__(self):
        return f"{self.year}: {self.last}"
