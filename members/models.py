"""Member records, member groups (编组/界别活动组), grid managers and their pairings with members."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ObjectDoesNotExist, ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from accounts.models import mask_phone, phone_validator
from core.fields import committee_fk, optional_fk, optional_one_to_one, unique_while_null
from core.text import pinyin_sort_key
from org.scope import ScopedQuerySet


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

    committee = committee_fk("members")
    term = optional_fk("org.Term", _("届次"), on_delete=models.PROTECT, related_name="members")
    user = optional_one_to_one(settings.AUTH_USER_MODEL, _("登录账号"), related_name="member")
    name = models.CharField(_("姓名"), max_length=40, db_index=True)
    # Pinyin order of the name, read as a person's (曾 zeng, core.text.pinyin_sort_key), kept
    # with the name: the directory, pickers and member lists order by it (ADR 0014).
    sort_key = models.CharField(_("排序键"), max_length=400, editable=False, default="")
    gender = models.CharField(_("性别"), max_length=8, choices=Gender.choices)
    ethnicity = models.CharField(_("民族"), max_length=20, default="汉族")
    birth_year = models.PositiveSmallIntegerField(_("出生年份"), null=True, blank=True)
    level = models.CharField(_("委员层级"), max_length=16, choices=Level.choices, db_index=True)
    sector = optional_fk("org.Sector", _("界别"), on_delete=models.PROTECT, related_name="members")
    special_committee = optional_fk("org.SpecialCommittee", _("专委会"), related_name="members")
    party = optional_fk("org.Party", _("党派"), on_delete=models.PROTECT, related_name="members")
    is_standing = models.BooleanField(_("常委"), default=False)
    work_unit = models.CharField(_("工作单位"), max_length=100, blank=True)
    position = models.CharField(_("职务"), max_length=60, blank=True)
    expertise = models.ManyToManyField(
        "org.Expertise", verbose_name=_("专长"), blank=True, related_name="members"
    )
    region = optional_fk("org.Region", _("联系地区"), related_name="members")
    phone = models.CharField(_("手机号码"), max_length=11, blank=True, validators=[phone_validator])
    email = models.EmailField(_("电子邮箱"), blank=True)
    address = models.CharField(_("通讯地址"), max_length=120, blank=True)
    status = models.CharField(
        _("状态"), max_length=16, choices=Status.choices, default=Status.ACTIVE, db_index=True
    )
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)
    updated_by = optional_fk(settings.AUTH_USER_MODEL, _("最后修改人"))

    objects = ScopedQuerySet.as_manager()

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=models.Q(status__in=["active", "suspended", "left"]),
                name="member_status_valid",
            ),
        ]
        ordering = ["committee__order", "sort_key", "name", "pk"]
        indexes = [
            models.Index(fields=["committee", "status", "sort_key"]),
            models.Index(fields=["committee", "sector"]),
            models.Index(fields=["committee", "party"]),
            models.Index(fields=["committee", "level"]),
        ]
        verbose_name = _("委员")
        verbose_name_plural = _("委员")

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        # A derived column, like a slug (and Department.sort_key): whoever saves the name (the
        # services, the admin, loaders) keeps it in step.
        self.sort_key = pinyin_sort_key(self.name, person=True)
        if kwargs.get("update_fields") is not None and "name" in kwargs["update_fields"]:
            kwargs["update_fields"] = {*kwargs["update_fields"], "sort_key"}
        super().save(*args, **kwargs)

    def clean(self):
        """The one check of a member record (the staff form and the services rely on it)."""
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
        "org.Committee",
        verbose_name=_("政协组织"),
        on_delete=models.CASCADE,
        related_name="member_groups",
    )
    name = models.CharField(_("名称"), max_length=60)
    kind = models.CharField(_("类型"), max_length=16, choices=Kind.choices)
    region = optional_fk("org.Region", _("下沉地区"), related_name="member_groups")
    sector = optional_fk("org.Sector", _("界别"), related_name="member_groups")
    leader = optional_fk(Member, _("组长"), related_name="led_groups")
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
    committee = committee_fk("grid_managers", _("政协组织"))
    region = models.ForeignKey(
        "org.Region",
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
            unique_while_null(["member", "grid_manager"], "ended_on", "uniq_current_pairing"),
        ]
        verbose_name = _("结对联系")
        verbose_name_plural = _("结对联系")

    def __str__(self):
        return f"{self.member} — {self.grid_manager}"
