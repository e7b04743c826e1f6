"""The performance ledger (履职积分): scoring rules, ledger entries and annual evaluations."""

from __future__ import annotations

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.fields import committee_fk, member_fk, optional_fk, unique_while_null
from core.models import Event
from org.scope import ScopedQuerySet


class ActivityType(models.TextChoices):
    """The kinds of liaison work named in the 2021 implementation opinions. A liaison activity
    has one (``liaison.models.Activity.type``), and each is a ledger item of its own
    (:func:`activity_item`): declared here, below liaison, so that both read one list."""

    FORUM = "forum", _("座谈协商")
    SURVEY = "survey", _("走访调研")
    CARE = "care", _("慰问关怀")
    PUBLICITY = "publicity", _("专项宣讲")
    PRACTICAL = "practical", _("我为群众办实事")
    LECTURE = "lecture", _("委员讲堂")
    OPEN_DAY = "open_day", _("政协开放日")
    RECEPTION = "reception", _("委员会客厅")
    DUTY = "duty", _("委员值班")
    SALON = "salon", _("主题沙龙")
    GRID_VISIT = "grid_visit", _("网格结对走访")
    CONSULTING = "consulting", _("咨询服务")
    CHARITY = "charity", _("公益活动")
    GRASSROOTS = "grassroots", _("基层协商议事")


def activity_item(activity_type: str) -> str:
    """The ledger item of an activity of this type."""
    return f"activity.{activity_type}"


# An activity's item is labelled as its type, except the duty a member reports themselves, told
# apart from the planned and checked-in duty shift (LedgerItem.DUTY_SHIFT).
ACTIVITY_ITEM_LABELS = {ActivityType.DUTY: _("委员值班（自行填报）")}


class LedgerItem(models.TextChoices):
    """What a ledger entry is for, besides an activity (``activity.<type>``: ITEM_CHOICES)."""

    DUTY_SHIFT = "duty_shift", _("值班（排班并签到）")
    DUTY_ABSENCE = "duty_absence", _("值班无故缺勤（扣分）")
    OPINION_SUBMITTED = "opinion_submitted", _("报送社情民意")
    ADOPTED_BANNER = "adopted.banner", _("社情民意被旗区级采用")
    ADOPTED_MUNICIPAL = "adopted.municipal", _("社情民意被市级采用")
    ADOPTED_REGION = "adopted.region", _("社情民意被自治区级采用")
    ADOPTED_NATIONAL = "adopted.national", _("社情民意被全国政协采用")
    LEADER_INSTRUCTION = "leader_instruction", _("获领导批示")
    CONSULTATION_ATTENDED = "consultation_attended", _("参加协商活动")
    CONSULTATION_ABSENCE = "consultation_absence", _("协商活动无故缺席（扣分）")
    LECTURE_DELIVERED = "lecture_delivered", _("委员讲堂接单授课")


# Every ledger item (the item fields' choices): an activity of each type, then the others.
ITEM_CHOICES = [
    (activity_item(t), ACTIVITY_ITEM_LABELS.get(t, t.label)) for t in ActivityType
] + LedgerItem.choices
ITEM_LABELS = dict(ITEM_CHOICES)


class ScoringRuleSet(models.Model):
    """The scoring rules of one committee for one year. The row with no committee and no year is
    the shipped default, used until a committee saves its own set for the year."""

    class CoauthorSplit(models.TextChoices):
        LEAD = "lead", _("第一作者占固定比例，其余联名委员均分")
        EQUAL = "equal", _("全部作者均分")
        FULL = "full", _("每位作者全额计分")

    class CoattendSplit(models.TextChoices):
        FULL = "full", _("每位参加委员全额计分")
        EQUAL = "equal", _("参加委员均分")

    committee = optional_fk(
        "org.Committee", _("政协组织"), on_delete=models.CASCADE, related_name="scoring_rule_sets"
    )
    year = models.PositiveSmallIntegerField(_("年度"), null=True, blank=True)
    coauthor_split = models.CharField(
        _("联名社情民意计分方式"),
        max_length=8,
        choices=CoauthorSplit.choices,
        default=CoauthorSplit.LEAD,
    )
    lead_share = models.DecimalField(
        _("第一作者比例"),
        max_digits=3,
        decimal_places=2,
        default=Decimal("0.60"),
        help_text=_("0 到 1 之间，例如 0.60 表示 60%。"),
    )
    coattend_split = models.CharField(
        _("多人参加活动计分方式"),
        max_length=8,
        choices=CoattendSplit.choices,
        default=CoattendSplit.FULL,
    )
    excellent_from = models.DecimalField(
        _("优秀（分以上）"), max_digits=6, decimal_places=1, default=60
    )
    competent_from = models.DecimalField(
        _("称职（分以上）"), max_digits=6, decimal_places=1, default=30
    )
    basic_from = models.DecimalField(
        _("基本称职（分以上）"), max_digits=6, decimal_places=1, default=15
    )
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        ordering = ["committee__order", "-year"]
        constraints = [
            models.UniqueConstraint(fields=["committee", "year"], name="uniq_rule_set"),
        ]
        verbose_name = _("积分规则")
        verbose_name_plural = _("积分规则")

    def __str__(self):
        if self.committee_id is None:
            return str(_("默认积分规则"))
        return f"{self.committee} {self.year}"

    def clean(self):

        if not 0 <= self.lead_share <= 1:
            raise ValidationError({"lead_share": _("比例须在 0 到 1 之间。")})
        if not self.excellent_from >= self.competent_from >= self.basic_from:
            raise ValidationError(_("等次分数线须从高到低：优秀 ≥ 称职 ≥ 基本称职。"))


class ScoringRule(models.Model):
    rule_set = models.ForeignKey(ScoringRuleSet, on_delete=models.CASCADE, related_name="rules")
    item = models.CharField(_("积分项目"), max_length=32, choices=ITEM_CHOICES)
    points = models.DecimalField(_("每项分值"), max_digits=6, decimal_places=2)
    annual_cap = models.DecimalField(
        _("年度上限"),
        max_digits=7,
        decimal_places=2,
        null=True,
        blank=True,
        help_text=_("该项目一年最多计多少分；不填为不设上限。扣分项不设上限。"),
    )

    class Meta:
        ordering = ["rule_set", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["rule_set", "item"], name="uniq_rule_item"),
        ]
        verbose_name = _("积分项目")
        verbose_name_plural = _("积分项目")

    def __str__(self):
        return f"{self.get_item_display()} {self.points}"


class LedgerQuerySet(ScopedQuerySet):
    def active(self):
        return self.filter(reversed_at__isnull=True)


class LedgerEntry(models.Model):
    """One line of a member's 履职档案. Written by a service when the source event happens and
    reversed (never deleted) when it is undone; ``source_key`` names the source so the same event
    is counted once."""

    class Source(models.TextChoices):
        ACTIVITY = "activity", _("联系群众活动")
        SHIFT = "shift", _("值班")
        OPINION = "opinion", _("社情民意")
        INSTRUCTION = "instruction", _("领导批示")
        CONSULTATION = "consultation", _("协商活动")
        LECTURE = "lecture", _("委员讲堂")

    committee = committee_fk("+")
    member = member_fk("ledger_entries")
    year = models.PositiveSmallIntegerField(_("年度"))
    occurred_on = models.DateField(_("日期"))
    item = models.CharField(_("积分项目"), max_length=32, choices=ITEM_CHOICES)
    source_type = models.CharField(_("来源"), max_length=16, choices=Source.choices)
    source_key = models.CharField(_("来源标识"), max_length=80)
    points = models.DecimalField(_("分值"), max_digits=6, decimal_places=2)
    description = models.CharField(_("说明"), max_length=200)
    link = models.CharField(_("链接"), max_length=200, blank=True)
    created_at = models.DateTimeField(_("记入时间"), auto_now_add=True)
    reversed_at = models.DateTimeField(_("冲销时间"), null=True, blank=True)
    reversal_reason = models.CharField(_("冲销原因"), max_length=200, blank=True)

    objects = LedgerQuerySet.as_manager()

    class Meta:
        ordering = ["-occurred_on", "-pk"]
        constraints = [
            unique_while_null(["member", "source_key"], "reversed_at", "uniq_active_ledger_source"),
        ]
        indexes = [
            models.Index(fields=["member", "year", "reversed_at"]),
            models.Index(fields=["source_key"]),
            models.Index(fields=["committee", "year"]),
        ]
        verbose_name = _("履职积分")
        verbose_name_plural = _("履职积分")

    def __str__(self):
        return f"{self.member} {self.occurred_on} {self.points}"


class Grade(models.TextChoices):
    EXCELLENT = "excellent", _("优秀")
    COMPETENT = "competent", _("称职")
    BASIC = "basic", _("基本称职")
    INCOMPETENT = "incompetent", _("不称职")


class MemberYearScoreQuerySet(ScopedQuerySet):
    pass


class MemberYearScore(models.Model):
    """A member's total for a year (kept up to date by the ledger services) and the grade the
    annual evaluation gave, possibly adjusted by staff."""

    committee = committee_fk("+")
    member = member_fk("year_scores")
    year = models.PositiveSmallIntegerField(_("年度"))
    total = models.DecimalField(_("总分"), max_digits=8, decimal_places=2, default=0)
    entry_count = models.PositiveIntegerField(_("记录数"), default=0)
    computed_grade = models.CharField(
        _("评定等次"), max_length=16, choices=Grade.choices, blank=True
    )
    grade = models.CharField(_("最终等次"), max_length=16, choices=Grade.choices, blank=True)
    adjustment_reason = models.CharField(_("调整理由"), max_length=200, blank=True)
    evaluated_at = models.DateTimeField(_("评定时间"), null=True, blank=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    objects = MemberYearScoreQuerySet.as_manager()

    class Meta:
        ordering = ["-total", "member__sort_key", "member__name", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(computed_grade__in=["", *Grade.values]),
                name="year_score_computed_grade_valid",
            ),
            models.CheckConstraint(
                condition=models.Q(grade__in=["", *Grade.values]),
                name="year_score_grade_valid",
            ),
            models.UniqueConstraint(fields=["member", "year"], name="uniq_member_year_score"),
        ]
        indexes = [models.Index(fields=["committee", "year", "total"])]
        verbose_name = _("年度履职评价")
        verbose_name_plural = _("年度履职评价")

    def __str__(self):
        return f"{self.member} {self.year} {self.total}"


class EvaluationEvent(Event):
    """One grade change of a :class:`MemberYearScore` (the evaluation workflow's event): the
    annual evaluation or a staff adjustment, with the grade before and after."""

    class Kind(models.TextChoices):
        EVALUATED = "evaluated", _("年度评定")
        ADJUSTED = "adjusted", _("调整等次")

    score = models.ForeignKey(MemberYearScore, on_delete=models.CASCADE, related_name="events")

    class Meta(Event.Meta):
        verbose_name = _("评定记录")

    def __str__(self):
        return f"{self.score_id} {self.kind}"

    # the names the pages used before the events shared core.models.Event
    @property
    def from_grade(self) -> str:
        return self.from_status

    @property
    def to_grade(self) -> str:
        return self.to_status


class FactKind(models.TextChoices):
    """What a :class:`PerformanceFact` says happened."""

    ACTIVITY_ATTENDED = "activity_attended", _("参加联系群众活动")
    SHIFT_SERVED = "shift_served", _("值班")
    SHIFT_MISSED = "shift_missed", _("值班无故缺勤")
    OPINION_SUBMITTED = "opinion_submitted", _("报送社情民意")
    OPINION_ADOPTED = "opinion_adopted", _("社情民意被采用")
    LEADER_INSTRUCTION = "leader_instruction", _("获领导批示")
    CONSULTATION_ATTENDED = "consultation_attended", _("参加协商活动")
    CONSULTATION_ABSENT = "consultation_absent", _("协商活动无故缺席")
    LECTURE_DELIVERED = "lecture_delivered", _("委员讲堂授课")
    RECORDED = "recorded", _("其他履职记录")
    RETRACTED = "retracted", _("撤回")


class FactQuerySet(ScopedQuerySet):
    def active(self):
        """Facts that count: not a retraction and not retracted. NOT EXISTS rather than the
        LEFT JOIN … IS NULL of ``retraction__isnull``: PostgreSQL estimated that join at one row
        and, inside the rebuild's orphan check, compared every entry with every fact."""
        retractions = PerformanceFact.objects.filter(retracts=models.OuterRef("pk"))
        return self.exclude(kind=FactKind.RETRACTED).exclude(models.Exists(retractions))


class PerformanceFact(models.Model):
    """Something a member did that the scoring rules turn into points, as the source reported it
    in its own transaction (an activity confirmed with its attendance, a shift served or missed,
    an opinion submitted or adopted at a level, a leader instruction…).

    Facts are append-only: a fact is never changed or deleted; a source that undoes something
    appends a *retraction* naming the fact it revokes. The ledger's entries are the active facts
    scored with the rules, so a rebuild is a replay of the facts and never reads a source table.
    ``source_key`` is the entry's key (``activity:12``, ``shift:7``, ``opinion:9:adopted``…): at
    most one active fact per member and key.
    """

    Kind = FactKind

    member = member_fk("performance_facts")
    committee = committee_fk("+")
    year = models.PositiveSmallIntegerField(_("年度"))
    occurred_on = models.DateField(_("日期"))
    source_type = models.CharField(_("来源"), max_length=16, choices=LedgerEntry.Source.choices)
    source_key = models.CharField(_("来源标识"), max_length=80)
    kind = models.CharField(_("事实"), max_length=24, choices=Kind.choices)
    item = models.CharField(_("积分项目"), max_length=32, choices=ITEM_CHOICES)
    # what the rules need besides the item: role, activity type, attendees, adoption level,
    # authors, the committee whose split rules apply, a share or fixed points
    data = models.JSONField(_("属性"), default=dict, blank=True)
    description = models.CharField(_("说明"), max_length=200, blank=True)
    link = models.CharField(_("链接"), max_length=200, blank=True)
    retracts = models.OneToOneField(
        "self",
        verbose_name=_("撤回的事实"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,  # only a member's deletion removes facts, with their retractions
        related_name="retraction",
    )
    reason = models.CharField(_("撤回原因"), max_length=200, blank=True)
    created_at = models.DateTimeField(_("记录时间"), default=timezone.now)

    objects = FactQuerySet.as_manager()

    class Meta:
        ordering = ["pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(kind__in=FactKind.values),
                name="performance_fact_kind_valid",
            ),
            models.CheckConstraint(
                condition=(
                    models.Q(kind="retracted", retracts__isnull=False)
                    | (~models.Q(kind="retracted") & models.Q(retracts__isnull=True))
                ),
                name="performance_fact_retraction_names_a_fact",
            ),
        ]
        indexes = [
            models.Index(fields=["source_key", "member"]),
            models.Index(fields=["year", "member"]),
        ]
        verbose_name = _("履职事实")
        verbose_name_plural = _("履职事实")

    def __str__(self):
        return f"{self.member_id} {self.source_key} {self.kind}"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise ValidationError(_("履职事实只能追加，不能修改。"))
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ValidationError(_("履职事实只能追加撤回记录，不能删除。"))
