"""Organisation model: users, committees, terms, regions, sectors, special committees, parties,
members, member groups and grid-manager pairings."""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.contrib.auth.models import AbstractUser, UserManager
from django.core.validators import RegexValidator
from django.db import models
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .scope import ScopedQuerySet

phone_validator = RegexValidator(
    r"^1[3-9]\d{9}$", _("请输入11位中国大陆手机号码，例如 13800000000。")
)


def mask_phone(phone: str | None) -> str:
    """138****1234 — the form every page shows unless the viewer is the owner."""
    if not phone:
        return ""
    if len(phone) < 7:
        return "*" * len(phone)
    return f"{phone[:3]}****{phone[-4:]}"


class CommitteeQuerySet(ScopedQuerySet):
    scope_lookup = "pk"


class Committee(models.Model):
    class Level(models.TextChoices):
        MUNICIPAL = "municipal", _("市级")
        BANNER = "banner", _("旗区")

    code = models.SlugField(_("代码"), max_length=40, unique=True)
    name = models.CharField(_("名称"), max_length=60, unique=True)
    short_name = models.CharField(_("简称"), max_length=20)
    level = models.CharField(_("层级"), max_length=16, choices=Level.choices)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("上级"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    region = models.OneToOneField(
        "Region",
        verbose_name=_("所辖旗区"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="committee_of",
    )
    order = models.PositiveSmallIntegerField(_("排序"), default=0)

    objects = CommitteeQuerySet.as_manager()

    class Meta:
        ordering = ["order", "pk"]
        verbose_name = _("政协组织")
        verbose_name_plural = _("政协组织")

    def __str__(self):
        return self.name

    @property
    def is_municipal(self) -> bool:
        return self.level == self.Level.MUNICIPAL


class Term(models.Model):
    committee = models.ForeignKey(
        Committee, verbose_name=_("政协组织"), on_delete=models.CASCADE, related_name="terms"
    )
    number = models.PositiveSmallIntegerField(_("届次"))
    name = models.CharField(_("名称"), max_length=30)
    starts_on = models.DateField(_("开始日期"))
    ends_on = models.DateField(_("结束日期"), null=True, blank=True)
    is_current = models.BooleanField(_("本届"), default=False)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        ordering = ["committee__order", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["committee", "number"], name="uniq_term_number"),
        ]
        verbose_name = _("届次")
        verbose_name_plural = _("届次")

    def __str__(self):
        return f"{self.committee.short_name}{self.name}"


class Region(models.Model):
    class Level(models.TextChoices):
        BANNER = "banner", _("旗区")
        TOWNSHIP = "township", _("苏木/镇/街道")
        VILLAGE = "village", _("嘎查/村/社区")

    name = models.CharField(_("名称"), max_length=60)
    level = models.CharField(_("层级"), max_length=16, choices=Level.choices, db_index=True)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("上级"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    committee = models.ForeignKey(
        Committee, verbose_name=_("政协组织"), on_delete=models.PROTECT, related_name="regions"
    )

    objects = ScopedQuerySet.as_manager()

    class Meta:
        ordering = ["committee__order", "level", "name"]
        constraints = [
            models.UniqueConstraint(fields=["parent", "name"], name="uniq_region_name_in_parent"),
        ]
        verbose_name = _("行政区划")
        verbose_name_plural = _("行政区划")

    def __str__(self):
        return self.name


class Sector(models.Model):
    committee = models.ForeignKey(
        Committee, verbose_name=_("政协组织"), on_delete=models.CASCADE, related_name="sectors"
    )
    name = models.CharField(_("界别"), max_length=40)
    order = models.PositiveSmallIntegerField(_("排序"), default=0)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        ordering = ["committee__order", "order", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["committee", "name"], name="uniq_sector_name"),
        ]
        verbose_name = _("界别")
        verbose_name_plural = _("界别")

    def __str__(self):
        return self.name


class SpecialCommittee(models.Model):
    committee = models.ForeignKey(
        Committee,
        verbose_name=_("政协组织"),
        on_delete=models.CASCADE,
        related_name="special_committees",
    )
    name = models.CharField(_("专委会"), max_length=40)
    sectors = models.ManyToManyField(
        Sector, verbose_name=_("联系界别"), blank=True, related_name="special_committees"
    )
    order = models.PositiveSmallIntegerField(_("排序"), default=0)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        ordering = ["committee__order", "order", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["committee", "name"], name="uniq_special_committee"),
        ]
        verbose_name = _("专委会")
        verbose_name_plural = _("专委会")

    def __str__(self):
        return self.name


class Party(models.Model):
    class Kind(models.TextChoices):
        CPC = "cpc", _("中国共产党")
        DEMOCRATIC = "democratic", _("民主党派")
        NON_PARTY = "non_party", _("无党派人士")
        PEOPLES = "peoples", _("人民团体")
        UNITED_FRONT = "united_front", _("统战团体")

    name = models.CharField(_("名称"), max_length=40, unique=True)
    kind = models.CharField(_("类别"), max_length=16, choices=Kind.choices)
    order = models.PositiveSmallIntegerField(_("排序"), default=0)

    class Meta:
        ordering = ["order", "pk"]
        verbose_name = _("党派团体")
        verbose_name_plural = _("党派团体")

    def __str__(self):
        return self.name


class Expertise(models.Model):
    name = models.CharField(_("专长"), max_length=20, unique=True)

    class Meta:
        ordering = ["pk"]
        verbose_name = _("专长")
        verbose_name_plural = _("专长")

    def __str__(self):
        return self.name


class PortalUserManager(UserManager):
    def get_by_natural_key(self, username):
        return self.get(**{f"{self.model.USERNAME_FIELD}__iexact": username})


class User(AbstractUser):
    class Role(models.TextChoices):
        CITIZEN = "citizen", _("群众")
        MEMBER = "member", _("委员")
        STAFF = "staff", _("工作人员")
        LEADER = "leader", _("领导")
        DEPARTMENT = "department", _("承办单位")
        ADMIN = "admin", _("系统管理员")

    name = models.CharField(_("姓名"), max_length=40, blank=True)
    role = models.CharField(
        _("角色"), max_length=16, choices=Role.choices, default=Role.CITIZEN, db_index=True
    )
    committee = models.ForeignKey(
        Committee,
        verbose_name=_("所属政协"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="users",
    )
    phone = models.CharField(
        _("手机号码"),
        max_length=11,
        null=True,
        blank=True,
        unique=True,
        validators=[phone_validator],
    )
    department = models.ForeignKey(
        "opinions.Department",
        verbose_name=_("承办单位"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="users",
    )
    must_change_password = models.BooleanField(
        _("首次登录须修改密码"),
        default=False,
        help_text=_("管理员创建或重置密码的账号，登录后须先修改密码。"),
    )

    objects = PortalUserManager()

    class Meta:
        verbose_name = _("用户")
        verbose_name_plural = _("用户")
        constraints = [
            models.UniqueConstraint(Lower("username"), name="uniq_username_ci"),
        ]

    def __str__(self):
        return self.name or self.username

    @property
    def display_name(self) -> str:
        return self.name or self.get_full_name() or self.username

    def _get_session_auth_hash(self, secret=None):
        """Sessions carry a hash of the password *and* the role and scope: changing a user's
        role, committee or department (or password) ends all their sessions."""
        from django.utils.crypto import salted_hmac

        return salted_hmac(
            "members.User.get_session_auth_hash",
            f"{self.password}|{self.role}|{self.committee_id}|{self.department_id}|"
            f"{self.is_superuser}",
            secret=secret,
            algorithm="sha256",
        ).hexdigest()

    @property
    def is_office(self) -> bool:
        """Committee office: staff and administrators."""
        return self.is_superuser or self.role in (self.Role.STAFF, self.Role.ADMIN)


class Member(models.Model):
    class Gender(models.TextChoices):
        MALE = "male", _("男")
        FEMALE = "female", _("女")

    class Level(models.TextChoices):
        NATIONAL = "national", _("全国政协委员")
        REGION = "region", _("自治区政协委员")
        MUNICIPAL = "municipal", _("市政协委员")
        BANNER = "banner", _("旗区政协委员")

    class Status(models.TextChoices):
        ACTIVE = "active", _("在任")
        SUSPENDED = "suspended", _("暂停履职")
        LEFT = "left", _("已离任")

    BIRTH_YEARS = (1920, 2010)

    committee = models.ForeignKey(
        Committee, verbose_name=_("所属政协"), on_delete=models.PROTECT, related_name="members"
    )
    term = models.ForeignKey(
        Term,
        verbose_name=_("届次"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="members",
    )
    user = models.OneToOneField(
        User,
        verbose_name=_("登录账号"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="member",
    )
    name = models.CharField(_("姓名"), max_length=40, db_index=True)
    gender = models.CharField(_("性别"), max_length=8, choices=Gender.choices)
    ethnicity = models.CharField(_("民族"), max_length=20, default="汉族")
    birth_year = models.PositiveSmallIntegerField(_("出生年份"), null=True, blank=True)
    level = models.CharField(_("委员层级"), max_length=16, choices=Level.choices, db_index=True)
    sector = models.ForeignKey(
        Sector,
        verbose_name=_("界别"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="members",
    )
    special_committee = models.ForeignKey(
        SpecialCommittee,
        verbose_name=_("专委会"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="members",
    )
    party = models.ForeignKey(
        Party,
        verbose_name=_("党派"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="members",
    )
    is_standing = models.BooleanField(_("常委"), default=False)
    work_unit = models.CharField(_("工作单位"), max_length=100, blank=True)
    position = models.CharField(_("职务"), max_length=60, blank=True)
    expertise = models.ManyToManyField(
        Expertise, verbose_name=_("专长"), blank=True, related_name="members"
    )
    region = models.ForeignKey(
        Region,
        verbose_name=_("联系地区"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="members",
    )
    phone = models.CharField(_("手机号码"), max_length=11, blank=True, validators=[phone_validator])
    email = models.EmailField(_("电子邮箱"), blank=True)
    address = models.CharField(_("通讯地址"), max_length=120, blank=True)
    status = models.CharField(
        _("状态"), max_length=16, choices=Status.choices, default=Status.ACTIVE, db_index=True
    )
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)
    updated_by = models.ForeignKey(
        User,
        verbose_name=_("最后修改人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    objects = ScopedQuerySet.as_manager()

    class Meta:
        ordering = ["committee__order", "name", "pk"]
        indexes = [
            models.Index(fields=["committee", "status", "name"]),
            models.Index(fields=["committee", "sector"]),
            models.Index(fields=["committee", "party"]),
            models.Index(fields=["committee", "level"]),
        ]
        verbose_name = _("委员")
        verbose_name_plural = _("委员")

    def __str__(self):
        return self.name

    def clean(self):
        """The one check of a member record (the staff form and the services rely on it)."""
        from django.core.exceptions import ObjectDoesNotExist, ValidationError

        errors = {}
        low, high = self.BIRTH_YEARS
        if self.birth_year is not None and not low <= self.birth_year <= high:
            errors["birth_year"] = _("出生年份应在1920年至2010年之间。")
        if self.committee_id:
            for field in ("term", "sector", "special_committee", "region"):
                try:
                    value = getattr(self, field)
                except ObjectDoesNotExist:  # an unknown id: clean_fields() reports it
                    continue
                if value is not None and value.committee_id != self.committee_id:
                    errors[field] = _("所选项不属于该政协组织。")
        if errors:
            raise ValidationError(errors)

    @property
    def masked_phone(self) -> str:
        return mask_phone(self.phone)


class MemberGroup(models.Model):
    class Kind(models.TextChoices):
        DOWNWARD = "downward", _("编组下沉")
        SECTOR = "sector", _("界别活动组")
        OTHER = "other", _("其他")

    committee = models.ForeignKey(
        Committee,
        verbose_name=_("政协组织"),
        on_delete=models.CASCADE,
        related_name="member_groups",
    )
    name = models.CharField(_("名称"), max_length=60)
    kind = models.CharField(_("类型"), max_length=16, choices=Kind.choices)
    region = models.ForeignKey(
        Region,
        verbose_name=_("下沉地区"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="member_groups",
    )
    sector = models.ForeignKey(
        Sector,
        verbose_name=_("界别"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="member_groups",
    )
    leader = models.ForeignKey(
        Member,
        verbose_name=_("组长"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="led_groups",
    )
    members = models.ManyToManyField(
        Member, verbose_name=_("成员"), blank=True, related_name="groups"
    )

    objects = ScopedQuerySet.as_manager()

    class Meta:
        ordering = ["committee__order", "name"]
        constraints = [
            models.UniqueConstraint(fields=["committee", "name"], name="uniq_member_group"),
        ]
        verbose_name = _("委员小组")
        verbose_name_plural = _("委员小组")

    def __str__(self):
        return self.name


class GridManager(models.Model):
    committee = models.ForeignKey(
        Committee,
        verbose_name=_("政协组织"),
        on_delete=models.PROTECT,
        related_name="grid_managers",
    )
    region = models.ForeignKey(
        Region,
        verbose_name=_("嘎查/村/社区"),
        on_delete=models.PROTECT,
        related_name="grid_managers",
    )
    name = models.CharField(_("姓名"), max_length=40)
    phone = models.CharField(_("手机号码"), max_length=11, blank=True, validators=[phone_validator])
    grid = models.CharField(_("网格名称"), max_length=60, blank=True)
    is_active = models.BooleanField(_("在岗"), default=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        ordering = ["region__name", "name"]
        indexes = [models.Index(fields=["committee", "region"])]
        verbose_name = _("网格管理员")
        verbose_name_plural = _("网格管理员")

    def __str__(self):
        return f"{self.name}（{self.region.name}）"

    @property
    def masked_phone(self) -> str:
        return mask_phone(self.phone)


class PairingQuerySet(ScopedQuerySet):
    scope_lookup = "member__committee"

    def current(self):
        return self.filter(ended_on__isnull=True)


class GridPairing(models.Model):
    """结对联系: a member paired with a village/community grid manager."""

    member = models.ForeignKey(
        Member, verbose_name=_("委员"), on_delete=models.CASCADE, related_name="pairings"
    )
    grid_manager = models.ForeignKey(
        GridManager,
        verbose_name=_("网格管理员"),
        on_delete=models.CASCADE,
        related_name="pairings",
    )
    started_on = models.DateField(_("结对日期"))
    ended_on = models.DateField(_("结束日期"), null=True, blank=True)
    note = models.CharField(_("备注"), max_length=200, blank=True)

    objects = PairingQuerySet.as_manager()

    class Meta:
        ordering = ["-started_on", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["member", "grid_manager"],
                condition=models.Q(ended_on__isnull=True),
                name="uniq_current_pairing",
            ),
        ]
        verbose_name = _("结对联系")
        verbose_name_plural = _("结对联系")

    def __str__(self):
        return f"{self.member} — {self.grid_manager}"


class AuditLog(models.Model):
    """The security audit log: logins and failures, two-factor changes, role and scope changes,
    reveals of masked personal data, exports, permission refusals.

    Append-only and tamper-evident: each entry stores the hash of the previous one and its own
    hash over its content (members.audit). `manage.py verify_audit_chain` recomputes the chain;
    only the retention purge removes rows (oldest first, recording where the chain now starts)."""

    actor = models.ForeignKey(
        User,
        verbose_name=_("操作人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    actor_label = models.CharField(_("操作人账号"), max_length=150, blank=True)
    action = models.CharField(_("操作"), max_length=40, db_index=True)
    target = models.CharField(_("对象"), max_length=120, blank=True)
    detail = models.JSONField(_("详情"), default=dict, blank=True)
    ip_address = models.GenericIPAddressField(_("IP地址"), null=True, blank=True)
    created_at = models.DateTimeField(_("时间"), default=timezone.now, db_index=True)
    prev_hash = models.CharField(max_length=64, blank=True, editable=False)
    entry_hash = models.CharField(max_length=64, blank=True, editable=False)
    # 1: entries written before 2026-12, whose hash leaves out the id and the actor's id (kept
    # as they were, so they still verify); 2: every column (members.audit).
    hash_version = models.PositiveSmallIntegerField(default=2, editable=False)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("审计日志")
        verbose_name_plural = _("审计日志")

    def __str__(self):
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.actor_label} {self.action} {self.target}"


class AuditChainHead(models.Model):
    """One row: the last hash of the audit chain (locked while an entry is appended) and the hash
    the oldest remaining entry must point to after a retention purge."""

    last_hash = models.CharField(max_length=64, blank=True)
    anchor_hash = models.CharField(max_length=64, blank=True)

    def __str__(self):
        return self.last_hash[:12]


class LoginLockoutQuerySet(ScopedQuerySet):
    scope_lookup = "user__committee"

    def active(self, now=None):
        return self.filter(lifted_at__isnull=True, until__gt=now or timezone.now())


class LoginLockout(models.Model):
    """An account that too many failed logins from unknown clients (addresses and browsers it
    never signed in from) have locked for unknown clients (members.lockouts). The owner on a known
    device or address still gets in; staff in scope can lift it early."""

    user = models.ForeignKey(
        User, verbose_name=_("账号"), on_delete=models.CASCADE, related_name="login_lockouts"
    )
    created_at = models.DateTimeField(_("锁定时间"), default=timezone.now)
    until = models.DateTimeField(_("锁定至"))
    ip_address = models.GenericIPAddressField(_("触发锁定的IP地址"), null=True, blank=True)
    lifted_at = models.DateTimeField(_("解除时间"), null=True, blank=True)
    lifted_by = models.ForeignKey(
        User,
        verbose_name=_("解除人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    objects = LoginLockoutQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["user", "lifted_at", "until"])]
        verbose_name = _("登录锁定")
        verbose_name_plural = _("登录锁定")

    def __str__(self):
        return f"{self.user} {self.created_at:%Y-%m-%d %H:%M}"


class AuditCheckpoint(models.Model):
    """A signed statement of where the audit chain stood: its newest entry and hash, its oldest
    entry and the hash that one follows, and how many entries lie between. Signed with a server
    key (HMAC), chained to the previous checkpoint and also written to the log to be shipped
    off-host, so rewriting or cutting the chain in the database is detected by
    `verify_audit_chain` (members.audit)."""

    class Reason(models.TextChoices):
        PERIODIC = "periodic", _("定期")
        PURGE = "purge", _("清理后")

    created_at = models.DateTimeField(_("时间"))
    reason = models.CharField(_("原因"), max_length=10, choices=Reason.choices)
    last_entry_id = models.BigIntegerField(_("最新条目"))
    last_hash = models.CharField(max_length=64)
    first_entry_id = models.BigIntegerField(_("最早条目"))
    anchor_hash = models.CharField(max_length=64, blank=True)
    entries = models.PositiveIntegerField(_("条目数"))
    prev_signature = models.CharField(max_length=64, blank=True)
    signature = models.CharField(max_length=64)

    class Meta:
        ordering = ["-pk"]
        verbose_name = _("审计检查点")
        verbose_name_plural = _("审计检查点")

    def __str__(self):
        return f"#{self.pk} {self.created_at:%Y-%m-%d %H:%M} → {self.last_entry_id}"


class Notification(models.Model):
    """An in-app notice for a user (a member author whose item was returned, adopted…)."""

    user = models.ForeignKey(
        User, verbose_name=_("接收人"), on_delete=models.CASCADE, related_name="notifications"
    )
    text = models.CharField(_("内容"), max_length=300)
    link = models.CharField(_("链接"), max_length=200, blank=True)
    source = models.CharField(_("来源"), max_length=80, blank=True)
    created_at = models.DateTimeField(_("时间"), auto_now_add=True)
    read_at = models.DateTimeField(_("已读时间"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["user", "read_at"])]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "source"],
                condition=~models.Q(source=""),
                name="uniq_notification_source",
            ),
        ]
        verbose_name = _("站内通知")
        verbose_name_plural = _("站内通知")

    def __str__(self):
        return self.text


# --- Liaison activities (联系群众活动) ---------------------------------------------------------


class ActivityType(models.TextChoices):
    """The kinds of liaison work named in the 2021 implementation opinions."""

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


class ActivityQuerySet(ScopedQuerySet):
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

    committee = models.ForeignKey(
        Committee, verbose_name=_("所属政协"), on_delete=models.PROTECT, related_name="activities"
    )
    type = models.CharField(_("活动类型"), max_length=16, choices=ActivityType.choices)
    title = models.CharField(_("活动名称"), max_length=80)
    occurred_on = models.DateField(_("活动日期"))
    ends_on = models.DateField(
        _("结束日期"), null=True, blank=True, help_text=_("跨天活动填写，当天结束的不填。")
    )
    place = models.CharField(_("地点"), max_length=120, blank=True)
    workstation = models.ForeignKey(
        "workstations.Workstation",
        verbose_name=_("委员之家"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="activities",
    )
    region = models.ForeignKey(
        Region,
        verbose_name=_("地区"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="activities",
    )
    reporter = models.ForeignKey(
        Member,
        verbose_name=_("填报委员"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="reported_activities",
    )
    group = models.ForeignKey(
        MemberGroup,
        verbose_name=_("组织小组"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="activities",
    )
    special_committee = models.ForeignKey(
        SpecialCommittee,
        verbose_name=_("组织专委会"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="activities",
    )
    shift = models.OneToOneField(
        "workstations.DutyShift",
        verbose_name=_("值班"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="activity",
    )
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
    created_by = models.ForeignKey(
        User,
        verbose_name=_("录入人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    confirmed_by = models.ForeignKey(
        User,
        verbose_name=_("确认人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    submitted_at = models.DateTimeField(_("提交时间"), null=True, blank=True)
    confirmed_at = models.DateTimeField(_("确认时间"), null=True, blank=True)
    dedupe_token = models.CharField(
        max_length=64, null=True, blank=True, unique=True, editable=False
    )
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    objects = ActivityQuerySet.as_manager()

    class Meta:
        ordering = ["-occurred_on", "-pk"]
        indexes = [
            models.Index(fields=["committee", "status", "occurred_on"]),
            models.Index(fields=["committee", "type", "occurred_on"]),
            models.Index(fields=["workstation", "occurred_on"]),
            models.Index(fields=["reporter", "status"]),
            models.Index(fields=["is_public", "status", "occurred_on"]),
        ]
        verbose_name = _("联系群众活动")
        verbose_name_plural = _("联系群众活动")

    def __str__(self):
        return f"{self.occurred_on} {self.title}"

    @classmethod
    def workstations_for(cls, committee: Committee) -> models.QuerySet:
        """The workstations an activity of ``committee`` may take place at: the committee's own;
        a municipal activity may be at any committee's. Forms offer choices from here."""
        workstations = cls._meta.get_field("workstation").related_model.objects.all()
        return workstations if committee.is_municipal else workstations.filter(committee=committee)

    def clean(self):
        from django.core.exceptions import ValidationError

        errors = activity_date_errors(occurred_on=self.occurred_on, ends_on=self.ends_on)
        if (
            self.workstation_id
            and self.committee_id
            and not self.workstations_for(self.committee).filter(pk=self.workstation_id).exists()
        ):
            errors["workstation"] = _("所选委员之家不属于该政协组织。")
        if errors:
            raise ValidationError(errors)

    def can_edit(self) -> bool:
        return self.status in (self.Status.DRAFT, self.Status.RETURNED)

    def can_submit(self) -> bool:
        return self.status in (self.Status.DRAFT, self.Status.RETURNED)

    def can_confirm(self) -> bool:
        return self.status == self.Status.SUBMITTED

    def can_return(self) -> bool:
        return self.status == self.Status.SUBMITTED and self.shift_id is None

    def can_unconfirm(self) -> bool:
        return self.status == self.Status.CONFIRMED and self.shift_id is None

    def can_publish(self) -> bool:
        return self.status == self.Status.CONFIRMED


class ParticipantQuerySet(ScopedQuerySet):
    scope_lookup = "activity__committee"


class ActivityParticipant(models.Model):
    """One member on an activity. ``attended`` is the attendance staff record for organised
    activities; only attending participants get the activity on their record."""

    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="participants")
    member = models.ForeignKey(
        Member, verbose_name=_("委员"), on_delete=models.PROTECT, related_name="activity_links"
    )
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
    import datetime as _dt

    today = _dt.date.today()
    return f"private/activities/{today:%Y/%m}/{instance.token}{instance.extension}"


class ActivityPhoto(models.Model):
    """A photo of an activity, re-encoded on upload (EXIF/GPS stripped), served through a view
    that checks permission (public only when the activity is published)."""

    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="photos")
    token = models.CharField(max_length=32, unique=True, editable=False)
    file = models.FileField(upload_to=activity_photo_path, max_length=200)
    original_name = models.CharField(_("文件名"), max_length=120)
    content_type = models.CharField(max_length=40)
    size = models.PositiveIntegerField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["pk"]
        verbose_name = _("活动照片")
        verbose_name_plural = _("活动照片")

    def __str__(self):
        return self.original_name

    @property
    def extension(self) -> str:
        return {"image/jpeg": ".jpg", "image/png": ".png"}.get(self.content_type, ".bin")


class ActivityEvent(models.Model):
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
    kind = models.CharField(_("事件"), max_length=16, choices=Kind.choices)
    actor = models.ForeignKey(
        User,
        verbose_name=_("操作人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    from_status = models.CharField(_("原状态"), max_length=16, blank=True)
    to_status = models.CharField(_("新状态"), max_length=16, blank=True)
    comment = models.CharField(_("说明"), max_length=200, blank=True)
    created_at = models.DateTimeField(_("时间"), auto_now_add=True)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("活动记录")
        verbose_name_plural = _("活动记录")

    def __str__(self):
        return f"{self.activity_id} {self.kind}"


# --- Performance ledger (履职积分 / 履职档案) ---------------------------------------------------


class LedgerItem(models.TextChoices):
    """What a ledger entry is for. Activity items are ``activity.<type>``."""

    ACTIVITY_FORUM = "activity.forum", _("座谈协商")
    ACTIVITY_SURVEY = "activity.survey", _("走访调研")
    ACTIVITY_CARE = "activity.care", _("慰问关怀")
    ACTIVITY_PUBLICITY = "activity.publicity", _("专项宣讲")
    ACTIVITY_PRACTICAL = "activity.practical", _("我为群众办实事")
    ACTIVITY_LECTURE = "activity.lecture", _("委员讲堂")
    ACTIVITY_OPEN_DAY = "activity.open_day", _("政协开放日")
    ACTIVITY_RECEPTION = "activity.reception", _("委员会客厅")
    ACTIVITY_DUTY = "activity.duty", _("委员值班（自行填报）")
    ACTIVITY_SALON = "activity.salon", _("主题沙龙")
    ACTIVITY_GRID_VISIT = "activity.grid_visit", _("网格结对走访")
    ACTIVITY_CONSULTING = "activity.consulting", _("咨询服务")
    ACTIVITY_CHARITY = "activity.charity", _("公益活动")
    ACTIVITY_GRASSROOTS = "activity.grassroots", _("基层协商议事")
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

    committee = models.ForeignKey(
        Committee,
        verbose_name=_("政协组织"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="scoring_rule_sets",
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
        from django.core.exceptions import ValidationError

        if not 0 <= self.lead_share <= 1:
            raise ValidationError({"lead_share": _("比例须在 0 到 1 之间。")})
        if not self.excellent_from >= self.competent_from >= self.basic_from:
            raise ValidationError(_("等次分数线须从高到低：优秀 ≥ 称职 ≥ 基本称职。"))


class ScoringRule(models.Model):
    rule_set = models.ForeignKey(ScoringRuleSet, on_delete=models.CASCADE, related_name="rules")
    item = models.CharField(_("积分项目"), max_length=32, choices=LedgerItem.choices)
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

    committee = models.ForeignKey(
        Committee, verbose_name=_("所属政协"), on_delete=models.PROTECT, related_name="+"
    )
    member = models.ForeignKey(
        Member, verbose_name=_("委员"), on_delete=models.CASCADE, related_name="ledger_entries"
    )
    year = models.PositiveSmallIntegerField(_("年度"))
    occurred_on = models.DateField(_("日期"))
    item = models.CharField(_("积分项目"), max_length=32, choices=LedgerItem.choices)
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
            models.UniqueConstraint(
                fields=["member", "source_key"],
                condition=models.Q(reversed_at__isnull=True),
                name="uniq_active_ledger_source",
            ),
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

    committee = models.ForeignKey(
        Committee, verbose_name=_("所属政协"), on_delete=models.PROTECT, related_name="+"
    )
    member = models.ForeignKey(
        Member, verbose_name=_("委员"), on_delete=models.CASCADE, related_name="year_scores"
    )
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
        ordering = ["-total", "member__name", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["member", "year"], name="uniq_member_year_score"),
        ]
        indexes = [models.Index(fields=["committee", "year", "total"])]
        verbose_name = _("年度履职评价")
        verbose_name_plural = _("年度履职评价")

    def __str__(self):
        return f"{self.member} {self.year} {self.total}"


class EvaluationEvent(models.Model):
    class Kind(models.TextChoices):
        EVALUATED = "evaluated", _("年度评定")
        ADJUSTED = "adjusted", _("调整等次")

    score = models.ForeignKey(MemberYearScore, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(_("事件"), max_length=16, choices=Kind.choices)
    actor = models.ForeignKey(
        User,
        verbose_name=_("操作人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    from_grade = models.CharField(_("原等次"), max_length=16, blank=True)
    to_grade = models.CharField(_("新等次"), max_length=16, blank=True)
    comment = models.CharField(_("理由"), max_length=200, blank=True)
    created_at = models.DateTimeField(_("时间"), auto_now_add=True)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("评定记录")
        verbose_name_plural = _("评定记录")

    def __str__(self):
        return f"{self.score_id} {self.kind}"
