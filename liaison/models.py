"""Liaison activities members log: participants, photos and the activity timeline."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import connections, models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.fields import committee_fk, member_fk, optional_fk, optional_one_to_one
from core.models import Event, StoredFile
from ledger.models import ActivityType
from org.scope import ScopedQuerySet

SINGLE_CHARACTER_WINDOW = 2_000  # the newest activities a one-character keyword is looked for in


class TitleGramsMatch(models.Func):
    """``liaison_title_grams(title) @@ liaison_search_query(term)`` (PostgreSQL, migration
    0007): the activities whose title holds every character pair of ``term`` — a superset."""

    template = "%(expressions)s"
    arg_joiner = " @@ "
    output_field = models.BooleanField()

    def __init__(self, term: str):
        super().__init__(
            models.Func(
                models.F("title"), function="liaison_title_grams", output_field=models.TextField()
            ),
            models.Func(
                models.Value(term), function="liaison_search_query", output_field=models.TextField()
            ),
        )


class TitleContains(models.Func):
    """``liaison_title_contains(title, term)`` (migration 0007): ``icontains`` for a list that
    walks an ordered index (a common word, ``core.search``)."""

    function = "liaison_title_contains"
    output_field = models.BooleanField()

    def __init__(self, term: str):
        super().__init__(models.F("title"), models.Value(term))


class ActivityQuerySet(ScopedQuerySet):
    def search(self, term: str, *, walk: bool = False):
        """Activities whose title contains ``term`` (case-insensitive, as ``icontains``). On
        PostgreSQL the title's pair index (migration 0007) finds the candidates of a term of two
        characters or more and ``icontains`` keeps those that hold it; ``walk`` checks each row
        instead, for a list that walks an ordered index (``core.search`` chooses). A single
        character is looked for among the newest SINGLE_CHARACTER_WINDOW activities of this
        queryset. The same rows on every database."""
        if not term:
            return self
        postgresql = connections[self.db].vendor == "postgresql"
        if postgresql and (walk or len(term) < 2):  # rows checked one by one
            matches = models.Q(TitleContains(term))
        else:  # LIKE: the planner then expects few rows and asks the pair index
            matches = models.Q(title__icontains=term)
        if len(term) < 2:
            window = self.order_by("-occurred_on", "-pk").values("pk")[:SINGLE_CHARACTER_WINDOW]
            matches &= models.Q(pk__in=models.Subquery(window))
        elif postgresql and not walk:
            matches &= models.Q(TitleGramsMatch(term))
        return self.filter(matches)

    def involving(self, member):
        """Activities the member logged or took part in."""
        return self.filter(models.Q(participants__member=member) | models.Q(reporter=member))


def activity_date_errors(
    *, occurred_on: datetime.date | None, ends_on: datetime.date | None
) -> dict[str, str]:
    """The one rule for an activity's dates (Activity.clean; the forms and services rely on it):
    nothing in the future (log it once it has happened), nothing before 2000, and a multi-day
    activity ends on or after the day it started. Returns the errors by field."""
    errors = {}
    today = timezone.localdate()
    if occurred_on and occurred_on > today:
        errors["occurred_on"] = _("活动日期不能晚于今天；活动结束后再填报。")
    if occurred_on and occurred_on.year < 2000:
        errors["occurred_on"] = _("请填写正确的活动日期。")
    if ends_on and occurred_on and ends_on < occurred_on:
        errors["ends_on"] = _("结束日期不能早于活动日期。")
    if ends_on and ends_on > today:
        errors["ends_on"] = _("结束日期不能晚于今天。")
    return errors


class Activity(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("草稿")
        SUBMITTED = "submitted", _("待确认")
        RETURNED = "returned", _("已退回")
        CONFIRMED = "confirmed", _("已确认")

    committee = committee_fk("activities")
    type = models.CharField(_("活动类型"), max_length=16, choices=ActivityType.choices)
    title = models.CharField(_("活动名称"), max_length=80)
    occurred_on = models.DateField(_("活动日期"))
    ends_on = models.DateField(
        _("结束日期"), null=True, blank=True, help_text=_("跨天活动填写，当天结束的不填。")
    )
    place = models.CharField(_("地点"), max_length=120, blank=True)
    workstation = optional_fk("workstations.Workstation", _("委员之家"), related_name="activities")
    region = optional_fk("org.Region", _("地区"), related_name="activities")
    reporter = optional_fk(
        "members.Member",
        _("填报委员"),
        on_delete=models.PROTECT,
        related_name="reported_activities",
    )
    group = optional_fk("members.MemberGroup", _("组织小组"), related_name="activities")
    special_committee = optional_fk(
        "org.SpecialCommittee", _("组织专委会"), related_name="activities"
    )
    shift = optional_one_to_one(
        "workstations.DutyShift", _("值班"), on_delete=models.PROTECT, related_name="activity"
    )
    # The record of another app this activity stands for ("lecture:12": a delivered 委员讲堂
    # order); that record's own ledger fact counts it, so the activity scores nothing itself.
    origin = models.CharField(_("来源记录"), max_length=40, blank=True, editable=False)
    people_reached = models.PositiveIntegerField(_("联系群众人数"), default=0)
    summary = models.TextField(_("活动情况"), max_length=2000)
    outcome = models.TextField(_("成效"), max_length=2000, blank=True)
    opinions = models.ManyToManyField(
        "opinions.Opinion",
        verbose_name=_("收集的社情民意"),
        blank=True,
        related_name="activities",
    )
    status = models.CharField(
        _("状态"), max_length=16, choices=Status.choices, default=Status.DRAFT
    )
    return_reason = models.CharField(_("退回原因"), max_length=200, blank=True)
    is_public = models.BooleanField(_("公开展示"), default=False)
    created_by = optional_fk(settings.AUTH_USER_MODEL, _("录入人"))
    confirmed_by = optional_fk(settings.AUTH_USER_MODEL, _("确认人"))
    submitted_at = models.DateTimeField(_("提交时间"), null=True, blank=True)
    confirmed_at = models.DateTimeField(_("确认时间"), null=True, blank=True)
    dedupe_token = models.CharField(
        max_length=64, null=True, blank=True, unique=True, editable=False
    )
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    objects = ActivityQuerySet.as_manager()

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=models.Q(status__in=["draft", "submitted", "returned", "confirmed"]),
                name="activity_status_valid",
            ),
            models.UniqueConstraint(
                fields=["origin"], condition=~models.Q(origin=""), name="activity_origin_once"
            ),
        ]
        ordering = ["-occurred_on", "-pk"]
        indexes = [
            models.Index(fields=["committee", "status", "occurred_on"]),
            models.Index(fields=["committee", "type", "occurred_on"]),
            models.Index(fields=["workstation", "occurred_on"]),
            models.Index(fields=["reporter", "status"]),
            models.Index(fields=["is_public", "status", "occurred_on"]),
            # the staff desk (never drafts) in its order: every committee, one committee, and
            # all committees by status or by type
            models.Index(
                fields=["-occurred_on", "-id"],
                condition=~models.Q(status="draft"),
                name="activity_desk_order",
            ),
            models.Index(
                fields=["committee", "-occurred_on", "-id"],
                condition=~models.Q(status="draft"),
                name="activity_desk_committee",
            ),
            models.Index(fields=["status", "-occurred_on", "-id"], name="activity_status_order"),
            models.Index(
                fields=["type", "-occurred_on", "-id"],
                condition=~models.Q(status="draft"),
                name="activity_desk_type",
            ),
        ]
        verbose_name = _("联系群众活动")
        verbose_name_plural = _("联系群众活动")

    def __str__(self):
        return f"{self.occurred_on} {self.title}"

    @classmethod
    def workstations_for(cls, committee) -> models.QuerySet:
        """The workstations an activity of ``committee`` may take place at: the committee's own;
        a municipal activity may be at any committee's. Forms offer choices from here."""
        workstations = cls._meta.get_field("workstation").related_model.objects.all()
        return workstations if committee.is_municipal else workstations.filter(committee=committee)

    def clean(self):
        errors = activity_date_errors(occurred_on=self.occurred_on, ends_on=self.ends_on)
        if (
            self.workstation_id
            and self.committee_id
            and not self.workstations_for(self.committee).filter(pk=self.workstation_id).exists()
        ):
            errors["workstation"] = _("所选委员之家不属于该政协组织。")
        if errors:
            raise ValidationError(errors)

    # What may happen to an activity, and who may do it: liaison.workflows.ACTIVITY.


class ParticipantQuerySet(ScopedQuerySet):
    scope_lookup = "activity__committee"


class ActivityParticipant(models.Model):
    """One member on an activity. ``attended`` is the attendance staff record for organised
    activities; only attending participants get the activity on their record."""

    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="participants")
    member = member_fk("activity_links", on_delete=models.PROTECT)
    attended = models.BooleanField(_("出席"), default=True)
    excused = models.BooleanField(_("请假"), default=False)

    objects = ParticipantQuerySet.as_manager()

    class Meta:
        ordering = ["pk"]
        constraints = [
            models.UniqueConstraint(fields=["activity", "member"], name="uniq_activity_member"),
        ]
        indexes = [models.Index(fields=["member", "activity"])]
        verbose_name = _("参加委员")
        verbose_name_plural = _("参加委员")

    def __str__(self):
        return f"{self.activity_id} {self.member}"


def activity_photo_path(instance, filename):
    today = datetime.date.today()
    return f"private/activities/{today:%Y/%m}/{instance.token}{instance.extension}"


class ActivityPhoto(StoredFile):
    """A photo of an activity, re-encoded on upload (EXIF/GPS stripped), served through a view
    that checks permission (public only when the activity is published; core.models.StoredFile).
    """

    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="photos")
    file = models.FileField(upload_to=activity_photo_path, max_length=200)

    class Meta(StoredFile.Meta):
        verbose_name = _("活动照片")
        verbose_name_plural = _("活动照片")


class ActivityEvent(Event):
    """One row per thing that happened to an activity (core.models.Event: actor, from/to, comment,
    data); written by liaison.workflows.ACTIVITY.run, or on creation."""

    class Kind(models.TextChoices):
        CREATED = "created", _("创建")
        SUBMITTED = "submitted", _("提交")
        CONFIRMED = "confirmed", _("确认")
        RETURNED = "returned", _("退回")
        UNCONFIRMED = "unconfirmed", _("撤销确认")
        ATTENDANCE = "attendance", _("登记出席")
        PUBLISHED = "published", _("公开展示")
        UNPUBLISHED = "unpublished", _("取消公开")

    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="events")

    class Meta(Event.Meta):
        verbose_name = _("活动记录")

    def __str__(self):
        return f"{self.activity_id} {self.kind}"


# --- Performance ledger (履职积分 / 履职档案) ---------------------------------------------------
