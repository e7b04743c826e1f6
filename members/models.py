"""Organisation model: users, committees, terms, regions, sectors, special committees, parties,
members, member groups and grid-manager pairings."""

from __future__ import annotations

from django.contrib.auth.models import AbstractUser, UserManager
from django.core.validators import RegexValidator
from django.db import models
from django.db.models.functions import Lower
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
        "self", verbose_name=_("上级"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="children",
    )
    region = models.OneToOneField(
        "Region", verbose_name=_("所辖旗区"), null=True, blank=True, on_delete=models.PROTECT,
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
        "self", verbose_name=_("上级"), null=True, blank=True, on_delete=models.PROTECT,
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
        Committee, verbose_name=_("政协组织"), on_delete=models.CASCADE,
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
        Committee, verbose_name=_("所属政协"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="users",
    )
    phone = models.CharField(
        _("手机号码"), max_length=11, null=True, blank=True, unique=True,
        validators=[phone_validator],
    )
    department = models.ForeignKey(
        "opinions.Department", verbose_name=_("承办单位"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="users",
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

    committee = models.ForeignKey(
        Committee, verbose_name=_("所属政协"), on_delete=models.PROTECT, related_name="members"
    )
    term = models.ForeignKey(
        Term, verbose_name=_("届次"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="members",
    )
    user = models.OneToOneField(
        User, verbose_name=_("登录账号"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="member",
    )
    name = models.CharField(_("姓名"), max_length=40, db_index=True)
    gender = models.CharField(_("性别"), max_length=8, choices=Gender.choices)
    ethnicity = models.CharField(_("民族"), max_length=20, default="汉族")
    birth_year = models.PositiveSmallIntegerField(_("出生年份"), null=True, blank=True)
    level = models.CharField(_("委员层级"), max_length=16, choices=Level.choices, db_index=True)
    sector = models.ForeignKey(
        Sector, verbose_name=_("界别"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="members",
    )
    special_committee = models.ForeignKey(
        SpecialCommittee, verbose_name=_("专委会"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="members",
    )
    party = models.ForeignKey(
        Party, verbose_name=_("党派"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="members",
    )
    is_standing = models.BooleanField(_("常委"), default=False)
    work_unit = models.CharField(_("工作单位"), max_length=100, blank=True)
    position = models.CharField(_("职务"), max_length=60, blank=True)
    expertise = models.ManyToManyField(
        Expertise, verbose_name=_("专长"), blank=True, related_name="members"
    )
    region = models.ForeignKey(
        Region, verbose_name=_("联系地区"), null=True, blank=True, on_delete=models.SET_NULL,
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
        User, verbose_name=_("最后修改人"), null=True, blank=True, on_delete=models.SET_NULL,
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

    @property
    def masked_phone(self) -> str:
        return mask_phone(self.phone)


class MemberGroup(models.Model):
    class Kind(models.TextChoices):
        DOWNWARD = "downward", _("编组下沉")
        SECTOR = "sector", _("界别活动组")
        OTHER = "other", _("其他")

    committee = models.ForeignKey(
        Committee, verbose_name=_("政协组织"), on_delete=models.CASCADE,
        related_name="member_groups",
    )
    name = models.CharField(_("名称"), max_length=60)
    kind = models.CharField(_("类型"), max_length=16, choices=Kind.choices)
    region = models.ForeignKey(
        Region, verbose_name=_("下沉地区"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="member_groups",
    )
    sector = models.ForeignKey(
        Sector, verbose_name=_("界别"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="member_groups",
    )
    leader = models.ForeignKey(
        Member, verbose_name=_("组长"), null=True, blank=True, on_delete=models.SET_NULL,
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
        Committee, verbose_name=_("政协组织"), on_delete=models.PROTECT,
        related_name="grid_managers",
    )
    region = models.ForeignKey(
        Region, verbose_name=_("嘎查/村/社区"), on_delete=models.PROTECT,
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
        GridManager, verbose_name=_("网格管理员"), on_delete=models.CASCADE,
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
    """Security-relevant actions: reveals of masked personal data, exports, permission changes.
    Append-only: nothing in the code updates or deletes a row except the retention purge."""

    actor = models.ForeignKey(
        User, verbose_name=_("操作人"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )
    action = models.CharField(_("操作"), max_length=40, db_index=True)
    target = models.CharField(_("对象"), max_length=120, blank=True)
    detail = models.JSONField(_("详情"), default=dict, blank=True)
    ip_address = models.GenericIPAddressField(_("IP地址"), null=True, blank=True)
    created_at = models.DateTimeField(_("时间"), auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("审计日志")
        verbose_name_plural = _("审计日志")

    def __str__(self):
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.actor} {self.action} {self.target}"


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
                fields=["user", "source"], condition=~models.Q(source=""),
                name="uniq_notification_source",
            ),
        ]
        verbose_name = _("站内通知")
        verbose_name_plural = _("站内通知")

    def __str__(self):
        return self.text
