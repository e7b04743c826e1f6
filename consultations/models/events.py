"""Consultations (协商议事): topics (协商议题), consultation events with their invited members,
and the events' timeline.

What may happen to an event, an invitation, an observer's registration or an outcome, and who
may do it: ``consultations.workflows``. Every step writes a :class:`ConsultationEvent` (the
event's timeline; a step of an invitation, an observer or an outcome also points at it, named
by the model's name: ``observers`` and ``records`` import this module). The public's observers:
``observers``; minutes and outcomes: ``records``; the 会议材料: ``materials``.
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.fields import committee_fk, optional_fk
from core.models import Event
from org.scope import ScopedQuerySet


# --- topics ---------------------------------------------------------------------------------
class TopicQuerySet(ScopedQuerySet):
    pass


class Topic(models.Model):
    """A consultation topic (协商议题): asked for by the party committee or the government (点题),
    proposed by members, turned from the public's opinions (several may feed one topic), or
    taken from a 提案."""

    class Source(models.TextChoices):
        REQUEST = "request", _("党委政府点题")
        MEMBER = "member", _("委员提议")
        OPINIONS = "opinions", _("群众意见转化")
        PROPOSAL = "proposal", _("提案转化")

    committee = committee_fk("consultation_topics")
    source = models.CharField(_("议题来源"), max_length=16, choices=Source.choices)
    title = models.CharField(_("议题名称"), max_length=120)
    description = models.TextField(_("议题说明"), max_length=5000, blank=True)
    proposal_reference = models.CharField(
        _("提案编号"), max_length=60, blank=True, help_text=_("来源为提案时填写提案编号。")
    )
    opinions = models.ManyToManyField(
        "opinions.Opinion",
        verbose_name=_("来源社情民意"),
        blank=True,
        related_name="consultation_topics",
    )
    created_by = optional_fk(settings.AUTH_USER_MODEL, _("创建人"))
    created_at = models.DateTimeField(_("创建时间"), default=timezone.now)

    objects = TopicQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(source__in=["request", "member", "opinions", "proposal"]),
                name="topic_source_valid",
            ),
        ]
        indexes = [models.Index(fields=["committee", "-created_at"])]
        verbose_name = _("协商议题")
        verbose_name_plural = _("协商议题")

    def __str__(self):
        return self.title


# --- consultation events --------------------------------------------------------------------
class ConsultationQuerySet(ScopedQuerySet):
    def public(self):
        """What the public pages list: public events that were announced (not cancelled)."""
        return self.filter(is_public=True).exclude(status=Consultation.Status.PLANNED)

    def upcoming(self, now=None):
        return self.filter(ends_at__gte=now or timezone.now())


class Consultation(models.Model):
    """One consultation event (协商活动)."""

    class Kind(models.TextChoices):
        GRASSROOTS = "grassroots", _("基层协商议事")
        SECTOR = "sector", _("界别协商")
        COUNTERPART = "counterpart", _("对口协商")
        THEMATIC = "thematic", _("专题协商")
        OPEN_DAY = "open_day", _("政协开放日")
        RECEPTION = "reception", _("委员会客厅")
        SALON = "salon", _("主题沙龙")

    class Status(models.TextChoices):
        PLANNED = "planned", _("筹备中")
        OPEN = "open", _("报名中")
        HELD = "held", _("已召开")
        MINUTES = "minutes", _("纪要已发布")
        CLOSED = "closed", _("已结束")
        CANCELLED = "cancelled", _("已取消")

    EDITABLE_FIELDS = (
        "committee",
        "kind",
        "title",
        "topic",
        "workstation",
        "address",
        "leading_body",
        "co_organisers",
        "departments",
        "department_reps",
        "starts_at",
        "ends_at",
        "is_public",
        "capacity",
        "needs_approval",
        "agenda",
    )

    committee = committee_fk("consultations")
    kind = models.CharField(_("协商形式"), max_length=16, choices=Kind.choices)
    title = models.CharField(_("活动名称"), max_length=120)
    topic = optional_fk(
        Topic, _("协商议题"), on_delete=models.PROTECT, related_name="consultations"
    )
    workstation = optional_fk(
        "workstations.Workstation",
        _("活动场所"),
        on_delete=models.PROTECT,
        related_name="consultations",
    )
    address = models.CharField(
        _("地址"), max_length=150, blank=True, help_text=_("不在委员之家举行时填写。")
    )
    leading_body = models.CharField(
        _("牵头单位"), max_length=100, help_text=_("例如：某镇党委、市政协社会和法制委员会。")
    )
    co_organisers = models.CharField(
        _("协办单位"), max_length=200, blank=True, help_text=_("例如：工商联、知联会、新联会。")
    )
    # 列席部门: the government departments (承办单位, org.Department) invited to attend and
    # answer; ``department_reps`` notes who comes for them (names, posts) and is not public.
    departments = models.ManyToManyField(
        "org.Department",
        verbose_name=_("列席部门"),
        blank=True,
        related_name="consultations",
    )
    department_reps = models.CharField(
        _("部门代表"),
        max_length=200,
        blank=True,
        help_text=_("列席部门派出人员的姓名、职务等，仅工作人员可见。"),
    )
    starts_at = models.DateTimeField(_("开始时间"))
    ends_at = models.DateTimeField(_("结束时间"))
    is_public = models.BooleanField(_("面向公众"), default=False)
    capacity = models.PositiveIntegerField(
        _("旁听名额"), default=0, help_text=_("0 表示不接受群众报名旁听。")
    )
    needs_approval = models.BooleanField(_("报名需审核"), default=False)
    agenda = models.TextField(_("议程"), max_length=5000, blank=True)
    status = models.CharField(
        _("状态"), max_length=16, choices=Status.choices, default=Status.PLANNED
    )
    created_by = optional_fk(settings.AUTH_USER_MODEL, _("创建人"))
    created_at = models.DateTimeField(_("创建时间"), default=timezone.now)

    objects = ConsultationQuerySet.as_manager()

    class Meta:
        ordering = ["-starts_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(
                    status__in=["planned", "open", "held", "minutes", "closed", "cancelled"]
                ),
                name="consultation_status_valid",
            ),
            models.CheckConstraint(
                condition=Q(
                    kind__in=[
                        "grassroots",
                        "sector",
                        "counterpart",
                        "thematic",
                        "open_day",
                        "reception",
                        "salon",
                    ]
                ),
                name="consultation_kind_valid",
            ),
        ]
        indexes = [
            models.Index(fields=["committee", "-starts_at"]),
            models.Index(fields=["is_public", "status", "starts_at"]),
        ]
        verbose_name = _("协商活动")
        verbose_name_plural = _("协商活动")

    def __str__(self):
        return self.title

    def clean(self):
        errors = {}
        if self.starts_at and self.ends_at and self.ends_at <= self.starts_at:
            errors["ends_at"] = _("结束时间须晚于开始时间。")
        if not self.workstation_id and not self.address.strip():
            errors["address"] = _("请选择活动场所或填写地址。")
        if (
            self.workstation_id
            and self.committee_id
            and self.workstation.committee_id != self.committee_id
        ):
            errors["workstation"] = _("所选场所不属于该政协组织。")
        if self.topic_id and self.committee_id and self.topic.committee_id != self.committee_id:
            errors["topic"] = _("所选议题不属于该政协组织。")
        if self.capacity and not self.is_public:
            errors["capacity"] = _("不面向公众的活动不能设置旁听名额。")
        if errors:
            raise ValidationError(errors)

    @property
    def place(self) -> str:
        if self.workstation_id:
            name = self.workstation.name
            return f"{name}（{self.address}）" if self.address else name
        return self.address

    @property
    def takes_observers(self) -> bool:
        return self.is_public and self.capacity > 0

    @property
    def is_past(self) -> bool:
        return self.ends_at < timezone.now()


class Invitation(models.Model):
    """A member invited to an event: their answer (RSVP), then their attendance as staff record
    it. Members of other committees (national, autonomous-region, municipal) may be invited."""

    class Rsvp(models.TextChoices):
        PENDING = "pending", _("待回复")
        ACCEPTED = "accepted", _("参加")
        DECLINED = "declined", _("请假")

    class Attendance(models.TextChoices):
        UNKNOWN = "unknown", _("未登记")
        ATTENDED = "attended", _("出席")
        EXCUSED = "excused", _("请假缺席")
        ABSENT = "absent", _("无故缺席")

    consultation = models.ForeignKey(
        Consultation,
        verbose_name=_("协商活动"),
        on_delete=models.CASCADE,
        related_name="invitations",
    )
    member = models.ForeignKey(
        "members.Member",
        verbose_name=_("委员"),
        on_delete=models.CASCADE,
        related_name="consultation_invitations",
    )
    rsvp = models.CharField(_("回复"), max_length=16, choices=Rsvp.choices, default=Rsvp.PENDING)
    decline_reason = models.CharField(_("请假原因"), max_length=200, blank=True)
    responded_at = models.DateTimeField(_("回复时间"), null=True, blank=True)
    attendance = models.CharField(
        _("出席情况"), max_length=16, choices=Attendance.choices, default=Attendance.UNKNOWN
    )
    spoke = models.BooleanField(_("发言"), default=False)
    invited_at = models.DateTimeField(_("邀请时间"), default=timezone.now)

    class Meta:
        ordering = ["member__name", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["consultation", "member"], name="uniq_consultation_invitation"
            ),
            models.CheckConstraint(
                condition=Q(rsvp__in=["pending", "accepted", "declined"]),
                name="invitation_rsvp_valid",
            ),
            models.CheckConstraint(
                condition=Q(attendance__in=["unknown", "attended", "excused", "absent"]),
                name="invitation_attendance_valid",
            ),
        ]
        indexes = [models.Index(fields=["member", "rsvp"])]
        verbose_name = _("参会邀请")
        verbose_name_plural = _("参会邀请")

    def __str__(self):
        return f"{self.consultation} — {self.member}"


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
    observer = optional_fk(
        "Observer", _("旁听报名"), on_delete=models.CASCADE, related_name="events"
    )
    outcome = optional_fk("Outcome", _("协商成果"), on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(_("事件"), max_length=20, choices=Kind.choices)

    class Meta(Event.Meta):
        verbose_name = _("协商活动记录")
        verbose_name_plural = _("协商活动记录")

    def __str__(self):
        return f"{self.consultation_id} {self.kind}"
