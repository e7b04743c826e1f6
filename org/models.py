"""Organisation: committees and their terms, regions, 界别, 专委会, parties, expertise and the departments (承办单位) opinions are forwarded to."""

from __future__ import annotations

from django.db import models
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from core.fields import committee_fk, optional_fk, optional_one_to_one
from core.text import pinyin_sort_key

from .scope import ScopedQuerySet


def in_language(name: str, name_mn: str) -> str:
    """``name_mn`` on a Mongolian page when there is one, else the (Chinese) name."""
    return name_mn if name_mn and translation.get_language() == "mn" else name


class CommitteeQuerySet(ScopedQuerySet):
    scope_lookup = "pk"


class Committee(models.Model):
    class Level(models.TextChoices):
        MUNICIPAL = "municipal", _("市级")
        BANNER = "banner", _("旗区")

    code = models.SlugField(_("代码"), max_length=40, unique=True)
    name = models.CharField(_("名称"), max_length=60, unique=True)
    short_name = models.CharField(_("简称"), max_length=20)
    # Mongolian (traditional script), shown on the Mongolian pages when present (issue 16)
    name_mn = models.CharField(_("蒙古文名称"), max_length=120, blank=True)
    short_name_mn = models.CharField(_("蒙古文简称"), max_length=60, blank=True)
    level = models.CharField(_("层级"), max_length=16, choices=Level.choices)
    parent = optional_fk("self", _("上级"), on_delete=models.PROTECT, related_name="children")
    region = optional_one_to_one(
        "Region", _("所辖旗区"), on_delete=models.PROTECT, related_name="committee_of"
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

    @property
    def local_name(self) -> str:
        """The name in the page's language: Mongolian on the Mongolian pages when it has one."""
        return in_language(self.name, self.name_mn)

    @property
    def local_short_name(self) -> str:
        return in_language(self.short_name, self.short_name_mn)


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
    name_mn = models.CharField(_("蒙古文名称"), max_length=120, blank=True)
    level = models.CharField(_("层级"), max_length=16, choices=Level.choices, db_index=True)
    parent = optional_fk("self", _("上级"), on_delete=models.PROTECT, related_name="children")
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

    @property
    def local_name(self) -> str:
        return in_language(self.name, self.name_mn)


class CommitteeList(models.Model):
    """A name on one committee's own ordered list (界别, 专委会): each committee keeps its own,
    unique by name within it (the concrete model's constraint), shown in the committees' order
    and then the list's; the forms offer them through ``org.selectors.name_choices``."""

    order = models.PositiveSmallIntegerField(_("排序"), default=0)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        abstract = True
        ordering = ["committee__order", "order", "pk"]

    def __str__(self):
        return self.name


class Sector(CommitteeList):
    committee = models.ForeignKey(
        Committee, verbose_name=_("政协组织"), on_delete=models.CASCADE, related_name="sectors"
    )
    name = models.CharField(_("界别"), max_length=40)

    class Meta(CommitteeList.Meta):
        constraints = [
            models.UniqueConstraint(fields=["committee", "name"], name="uniq_sector_name"),
        ]
        verbose_name = _("界别")
        verbose_name_plural = _("界别")


class SpecialCommittee(CommitteeList):
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

    class Meta(CommitteeList.Meta):
        constraints = [
            models.UniqueConstraint(fields=["committee", "name"], name="uniq_special_committee"),
        ]
        verbose_name = _("专委会")
        verbose_name_plural = _("专委会")


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


class Department(models.Model):
    """承办单位: a party or government body an opinion can be forwarded to."""

    committee = committee_fk("departments")
    name = models.CharField(_("名称"), max_length=80)
    contact_name = models.CharField(_("联系人"), max_length=40, blank=True)
    contact_phone = models.CharField(_("联系电话"), max_length=20, blank=True)
    # Where a department without accounts is told of new forwardings, reminders and returns.
    contact_email = models.EmailField(_("联系邮箱"), blank=True)
    is_active = models.BooleanField(_("启用"), default=True)
    # Pinyin order of the name (core.text.pinyin_sort_key), kept with the name: lists and pickers
    # order by it on either database (ADR 0014).
    sort_key = models.CharField(_("排序键"), max_length=400, editable=False, default="")

    objects = ScopedQuerySet.as_manager()

    class Meta:
        ordering = ["committee__order", "sort_key", "name"]
        constraints = [
            models.UniqueConstraint(fields=["committee", "name"], name="uniq_department_name"),
        ]
        verbose_name = _("承办单位")
        verbose_name_plural = _("承办单位")

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        # A derived column, like a slug: whoever saves the name (admin, loaders) keeps it in step.
        self.sort_key = pinyin_sort_key(self.name)
        if kwargs.get("update_fields") is not None and "name" in kwargs["update_fields"]:
            kwargs["update_fields"] = {*kwargs["update_fields"], "sort_key"}
        super().save(*args, **kwargs)


class CalendarDay(models.Model):
    """A day that is not what its weekday says: a public holiday (法定节假日, a weekday off) or a
    make-up working day (调休上班, a weekend day worked). Every other Monday–Friday is a working
    day and every other Saturday and Sunday is not. The State Council publishes each year's
    schedule (国务院办公厅《关于某年部分节假日安排的通知》) late in the year before; staff enter it
    here in the admin (``load_reference_data`` loads the years it knows, org.reference).
    ``org.calendar`` answers "is this a working day" from these rows."""

    class Kind(models.TextChoices):
        HOLIDAY = "holiday", _("法定节假日")
        WORKDAY = "workday", _("调休上班")

    date = models.DateField(_("日期"), unique=True)
    kind = models.CharField(_("类型"), max_length=10, choices=Kind.choices)
    name = models.CharField(_("节日名称"), max_length=20, help_text=_("例如：春节、国庆节"))

    class Meta:
        ordering = ["date"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(kind__in=["holiday", "workday"]), name="calendar_day_kind_valid"
            ),
        ]
        verbose_name = _("节假日与调休")
        verbose_name_plural = _("节假日与调休")

    def __str__(self):
        return f"{self.date:%Y-%m-%d} {self.name}（{self.get_kind_display()}）"
