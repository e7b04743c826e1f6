"""Workstations (委员之家, 委员工作室, 协商议事室, 界别委员之家, 界别群众联系点, 线上委员之家), the members
assigned to them, and their duty rotas (委员值班室 / 委员会客厅 shifts) with swaps and events."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.fields import committee_fk, member_fk, optional_fk, unique_while_null
from core.models import Event
from org.scope import ScopedQuerySet


class WorkstationQuerySet(ScopedQuerySet):
    def open(self):
        return self.filter(status=Workstation.Status.ACTIVE)


class Workstation(models.Model):
    class Kind(models.TextChoices):
        HOME = "home", _("委员之家")
        STUDIO = "studio", _("委员工作室")
        ROOM = "room", _("协商议事室")
        SECTOR_HOME = "sector_home", _("界别委员之家")
        SECTOR_POINT = "sector_point", _("界别群众联系点")
        ONLINE = "online", _("线上委员之家")

    # What staff fill in (WorkstationForm, workstation_create/update), in the form's order.
    EDITABLE_FIELDS = (
        "committee",
        "kind",
        "name",
        "region",
        "sector",
        "host_organisation",
        "address",
        "contact_name",
        "contact_phone",
        "online_url",
        "opening_hours",
        "rules",
        "is_pilot",
        "established_on",
        "status",
    )
    SECTOR_KINDS = (Kind.SECTOR_HOME, Kind.SECTOR_POINT)
    PLACE_KINDS = (Kind.HOME, Kind.STUDIO, Kind.ROOM)

    class Status(models.TextChoices):
        ACTIVE = "active", _("运行中")
        PREPARING = "preparing", _("筹建中")
        SUSPENDED = "suspended", _("暂停")
        CLOSED = "closed", _("已撤销")

    committee = committee_fk("workstations")
    kind = models.CharField(_("类型"), max_length=16, choices=Kind.choices)
    name = models.CharField(_("名称"), max_length=80)
    region = models.ForeignKey(
        "org.Region",
        verbose_name=_("所在地区"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="workstations",
        help_text=_("苏木乡镇（街道）或嘎查村（社区）。"),
    )
    sector = optional_fk(
        "org.Sector", _("界别"), on_delete=models.PROTECT, related_name="workstations"
    )
    host_organisation = models.CharField(_("所在党组织"), max_length=100, blank=True)
    address = models.CharField(_("地址"), max_length=150, blank=True)
    contact_name = models.CharField(_("联系人"), max_length=40, blank=True)
    contact_phone = models.CharField(_("联系电话"), max_length=20, blank=True)
    online_url = models.URLField(_("线上入口"), blank=True)
    opening_hours = models.CharField(
        _("开放时间"), max_length=120, blank=True, help_text=_("例如：每周三 9:00-12:00")
    )
    rules = models.TextField(
        _("管理运行制度"),
        blank=True,
        max_length=10000,
        help_text=_("纯文本，空行分段；页面显示时会自动转义，不执行任何代码。"),
    )
    is_pilot = models.BooleanField(_("试点"), default=False)
    established_on = models.DateField(_("成立日期"), null=True, blank=True)
    status = models.CharField(
        _("状态"), max_length=16, choices=Status.choices, default=Status.ACTIVE
    )
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    objects = WorkstationQuerySet.as_manager()

    class Meta:
        ordering = ["committee__order", "kind", "name", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(status__in=["active", "preparing", "suspended", "closed"]),
                name="workstation_status_valid",
            ),
            models.UniqueConstraint(fields=["committee", "name"], name="uniq_workstation_name"),
        ]
        indexes = [
            models.Index(fields=["committee", "kind", "status"]),
            models.Index(fields=["region"]),
            models.Index(fields=["sector"]),
        ]
        verbose_name = _("委员之家")
        verbose_name_plural = _("委员之家")

    def __str__(self):
        return self.name

    def clean(self):
        errors = {}
        if self.region_id and self.committee_id and self.region.committee_id != self.committee_id:
            errors["region"] = _("所在地区不属于该政协组织。")
        if self.sector_id and self.committee_id and self.sector.committee_id != self.committee_id:
            errors["sector"] = _("所选界别不属于该政协组织。")
        if self.kind in self.SECTOR_KINDS and not self.sector_id:
            errors["sector"] = _("界别委员之家和界别群众联系点须选择界别。")
        if self.kind == self.Kind.ONLINE and not self.online_url:
            errors["online_url"] = _("线上委员之家须填写线上入口地址。")
        if self.established_on and self.established_on > timezone.localdate():
            errors["established_on"] = _("成立日期不能晚于今天。")
        if errors:
            raise ValidationError(errors)


class AssignmentQuerySet(ScopedQuerySet):
    scope_lookup = "workstation__committee"

    def current(self):
        return self.filter(ended_on__isnull=True)


class WorkstationMember(models.Model):
    """A member serving at a workstation. Members of other committees (national, autonomous-region
    or municipal members invited to a banner's 委员之家) may be assigned too."""

    class Role(models.TextChoices):
        CONVENER = "convener", _("召集人")
        LIAISON = "liaison", _("联络员")
        MEMBER = "member", _("成员")

    workstation = models.ForeignKey(
        Workstation,
        verbose_name=_("委员之家"),
        on_delete=models.CASCADE,
        related_name="assignments",
    )
    member = member_fk("workstation_assignments")
    role = models.CharField(_("职责"), max_length=16, choices=Role.choices, default=Role.MEMBER)
    is_invited = models.BooleanField(_("特邀（上级委员）"), default=False)
    joined_on = models.DateField(_("加入日期"), default=datetime.date.today)
    ended_on = models.DateField(_("退出日期"), null=True, blank=True)

    objects = AssignmentQuerySet.as_manager()

    class Meta:
        ordering = ["role", "member__sort_key", "member__name", "pk"]
        constraints = [
            unique_while_null(["workstation", "member"], "ended_on", "uniq_current_assignment"),
        ]
        verbose_name = _("委员之家成员")
        verbose_name_plural = _("委员之家成员")

    def __str__(self):
        return f"{self.workstation} — {self.member}（{self.get_role_display()}）"


class ShiftQuerySet(ScopedQuerySet):
    scope_lookup = "workstation__committee"

    def upcoming(self, today=None):
        today = today or timezone.localdate()
        return self.filter(date__gte=today, status=DutyShift.Status.PLANNED)


class DutyShift(models.Model):
    class Kind(models.TextChoices):
        DUTY = "duty", _("委员值班室")
        RECEPTION = "reception", _("委员会客厅")

    class Status(models.TextChoices):
        PLANNED = "planned", _("待值班")
        SERVED = "served", _("已值班")
        MISSED = "missed", _("缺勤")
        EXCUSED = "excused", _("请假")
        CANCELLED = "cancelled", _("已取消")

    workstation = models.ForeignKey(
        Workstation, verbose_name=_("委员之家"), on_delete=models.CASCADE, related_name="shifts"
    )
    member = member_fk("duty_shifts", _("值班委员"), on_delete=models.PROTECT)
    kind = models.CharField(_("值班形式"), max_length=16, choices=Kind.choices, default=Kind.DUTY)
    date = models.DateField(_("日期"))
    starts_at = models.TimeField(_("开始时间"))
    ends_at = models.TimeField(_("结束时间"))
    status = models.CharField(
        _("状态"), max_length=16, choices=Status.choices, default=Status.PLANNED
    )
    checked_in_at = models.DateTimeField(_("签到时间"), null=True, blank=True)
    visitors_count = models.PositiveIntegerField(_("接待群众人数"), default=0)
    notes = models.TextField(_("接待情况"), blank=True, max_length=2000)
    opinions = models.ManyToManyField(
        "opinions.Opinion", verbose_name=_("群众反映事项"), blank=True, related_name="duty_shifts"
    )
    created_by = optional_fk(settings.AUTH_USER_MODEL, _("排班人"))
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)

    objects = ShiftQuerySet.as_manager()

    class Meta:
        ordering = ["date", "starts_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(
                    status__in=["planned", "served", "missed", "excused", "cancelled"]
                ),
                name="shift_status_valid",
            ),
            models.UniqueConstraint(
                fields=["workstation", "member", "date", "starts_at"],
                name="uniq_shift_member_slot",
            ),
        ]
        indexes = [
            models.Index(fields=["workstation", "date"]),
            models.Index(fields=["member", "date"]),
            models.Index(fields=["status", "date"]),
        ]
        verbose_name = _("值班")
        verbose_name_plural = _("值班")

    def __str__(self):
        return f"{self.date} {self.starts_at:%H:%M} {self.member}"

    def clean(self):
        if self.starts_at and self.ends_at and self.ends_at <= self.starts_at:
            raise ValidationError({"ends_at": _("结束时间须晚于开始时间。")})

    # What may happen to a shift, and who may do it: workstations.workflows.SHIFT.


class ShiftSwapQuerySet(ScopedQuerySet):
    scope_lookup = "shift__workstation__committee"


class ShiftSwap(models.Model):
    """A member asks a colleague to take their shift; staff approve or reject."""

    class Status(models.TextChoices):
        PENDING = "pending", _("待审批")
        APPROVED = "approved", _("已同意")
        REJECTED = "rejected", _("未同意")
        WITHDRAWN = "withdrawn", _("已撤回")

    shift = models.ForeignKey(
        DutyShift, verbose_name=_("值班"), on_delete=models.CASCADE, related_name="swaps"
    )
    from_member = member_fk("+", _("申请人"))
    to_member = member_fk("+", _("替班委员"))
    reason = models.CharField(_("原因"), max_length=200)
    status = models.CharField(
        _("状态"), max_length=16, choices=Status.choices, default=Status.PENDING
    )
    decided_by = optional_fk(settings.AUTH_USER_MODEL, _("审批人"))
    decided_at = models.DateTimeField(_("审批时间"), null=True, blank=True)
    decision_comment = models.CharField(_("审批意见"), max_length=200, blank=True)
    created_at = models.DateTimeField(_("申请时间"), auto_now_add=True)

    objects = ShiftSwapQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(status__in=["pending", "approved", "rejected", "withdrawn"]),
                name="swap_status_valid",
            ),
            models.UniqueConstraint(
                fields=["shift"], condition=Q(status="pending"), name="uniq_pending_swap"
            ),
        ]
        indexes = [models.Index(fields=["status", "created_at"])]
        verbose_name = _("换班申请")
        verbose_name_plural = _("换班申请")

    def __str__(self):
        return f"{self.shift} → {self.to_member}"


class ShiftEvent(Event):
    """What happened to a shift (core.models.Event: actor, from/to, comment, data): planned,
    checked in, swap asked/approved/rejected, missed… Written by workstations.workflows (SHIFT and
    SWAP), or on planning. A swap decision is a row of the shift's timeline that also points at
    its swap; its from/to are the swap's states."""

    class Kind(models.TextChoices):
        PLANNED = "planned", _("排班")
        CHECKED_IN = "checked_in", _("签到")
        RECORDED = "recorded", _("登记接待情况")
        MATTER = "matter", _("登记群众反映事项")
        SWAP_REQUESTED = "swap_requested", _("申请换班")
        SWAP_APPROVED = "swap_approved", _("同意换班")
        SWAP_REJECTED = "swap_rejected", _("不同意换班")
        SWAP_WITHDRAWN = "swap_withdrawn", _("撤回换班申请")
        STATUS = "status", _("变更状态")

    shift = models.ForeignKey(DutyShift, on_delete=models.CASCADE, related_name="events")
    swap = optional_fk(ShiftSwap, _("换班申请"), on_delete=models.CASCADE, related_name="events")

    class Meta(Event.Meta):
        verbose_name = _("值班记录")

    def __str__(self):
        return f"{self.shift_id} {self.kind}"
