"""《社情民意信息》 bulletins: the issue, its per-year numbering and its items."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from core.fields import committee_fk, optional_fk
from org.scope import ScopedQuerySet

from .opinion import Opinion


class BulletinQuerySet(ScopedQuerySet):
    pass


class Bulletin(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("编辑中")
        # compiled and sent for sign-off (送签): a leader (or staff holding the permission, never
        # the one who compiled it) signs it off or sends it back
        COMPILED = "compiled", _("待签发")
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
    submitted_by = optional_fk(settings.AUTH_USER_MODEL, _("送签人"))
    submitted_at = models.DateTimeField(_("送签时间"), null=True, blank=True)
    signed_by = optional_fk(settings.AUTH_USER_MODEL, _("签发人"))
    issued_at = models.DateTimeField(_("签发时间"), null=True, blank=True)

    objects = BulletinQuerySet.as_manager()

    class Meta:
        ordering = ["-year", "-number", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(status__in=["draft", "compiled", "issued"]),
                name="bulletin_status_valid",
            ),
            models.UniqueConstraint(
                fields=["committee", "year", "number"], name="uniq_bulletin_number"
            ),
        ]
        verbose_name = _("社情民意信息")
        verbose_name_plural = _("社情民意信息")
        # staff who may sign issues off (签发) besides the committee's leaders (opinions.rules)
        permissions = [("sign_off_bulletins", _("可签发《社情民意信息》"))]

    def __str__(self):
        if self.number:
            issue = gettext("%(y)s年第%(n)s期") % {"y": self.year, "n": self.number}
            return f"{self.title} {issue}"
        return f"{self.title}（{self.get_status_display()}）"  # 编辑中 / 待签发

    @property
    def is_issued(self) -> bool:
        return self.status == self.Status.ISSUED

    @property
    def compiler_ids(self) -> set[int]:
        """Who compiled the issue (created it, sent it for sign-off): they never sign it off."""
        return {pk for pk in (self.created_by_id, self.submitted_by_id) if pk is not None}


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
