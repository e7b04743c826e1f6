"""典型经验: staff write up good practice — a liaison activity, a 社情民意 item, a delivered
委员讲堂 lecture, a consultation event or one of its outcomes — with photos, and publish it on the public 典型经验 page and the home page."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from core.fields import committee_fk, optional_fk
from core.models import Event, StoredFile
from org.scope import ScopedQuerySet


class Showcase(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("未发布")
        PUBLISHED = "published", _("已发布")
        UNPUBLISHED = "unpublished", _("已撤下")

    committee = committee_fk("showcases")
    title = models.CharField(_("标题"), max_length=60)
    summary = models.CharField(
        _("摘要"), max_length=200, help_text=_("列表和首页上显示的一两句话。")
    )
    body = models.TextField(_("正文"), max_length=5000)
    activity = optional_fk(
        "liaison.Activity", _("关联履职活动"), on_delete=models.PROTECT, related_name="showcases"
    )
    opinion = optional_fk(
        "opinions.Opinion", _("关联社情民意"), on_delete=models.PROTECT, related_name="showcases"
    )
    lecture_order = optional_fk(
        "lectures.LectureOrder",
        _("关联委员讲堂"),
        on_delete=models.PROTECT,
        related_name="showcases",
    )
    consultation = optional_fk(
        "consultations.Consultation",
        _("关联协商活动"),
        on_delete=models.PROTECT,
        related_name="showcases",
    )
    outcome = optional_fk(
        "consultations.Outcome",
        _("关联协商成果"),
        on_delete=models.PROTECT,
        related_name="showcases",
    )
    status = models.CharField(
        _("状态"), max_length=16, choices=Status.choices, default=Status.DRAFT
    )
    published_at = models.DateTimeField(_("发布时间"), null=True, blank=True)
    created_by = optional_fk(settings.AUTH_USER_MODEL, _("撰写人"))
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        ordering = ["-published_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(status__in=["draft", "published", "unpublished"]),
                name="showcase_status_valid",
            ),
        ]
        indexes = [models.Index(fields=["status", "-published_at"])]
        verbose_name = _("典型经验")
        verbose_name_plural = _("典型经验")

    def __str__(self):
        return self.title

    @property
    def is_public(self) -> bool:
        return self.status == self.Status.PUBLISHED


def showcase_photo_path(instance, filename):
    today = datetime.date.today()
    return f"private/showcases/{today:%Y/%m}/{instance.token}{instance.extension}"


class ShowcasePhoto(StoredFile):
    """A photo of a 典型经验, re-encoded on upload (core.uploads), served through a view: to
    everyone once the write-up is published, else to the staff who may open it."""

    showcase = models.ForeignKey(Showcase, on_delete=models.CASCADE, related_name="photos")
    file = models.FileField(upload_to=showcase_photo_path, max_length=200)

    class Meta(StoredFile.Meta):
        verbose_name = _("典型经验照片")
        verbose_name_plural = _("典型经验照片")


class ShowcaseEvent(Event):
    class Kind(models.TextChoices):
        CREATED = "created", _("撰写")
        EDITED = "edited", _("修改")
        PUBLISHED = "published", _("发布")
        UNPUBLISHED = "unpublished", _("撤下")

    showcase = models.ForeignKey(Showcase, on_delete=models.CASCADE, related_name="events")

    class Meta(Event.Meta):
        verbose_name = _("典型经验记录")
