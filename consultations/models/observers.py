"""The public's observer registrations (旁听) of an event: status, the private link's token and
the single-use entry code, names and phones shown masked."""

from __future__ import annotations

import secrets

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import mask_phone

from .events import Consultation


def new_token() -> str:
    return secrets.token_urlsafe(24)


def new_entry_code() -> str:
    """An entry code: unguessable (72 random bits), short enough to type at the door."""
    return secrets.token_urlsafe(9)


class ObserverQuerySet(models.QuerySet):
    def holding_places(self):
        return self.filter(status__in=Observer.PLACE_STATUSES)

    def waitlist(self):
        return self.filter(status=Observer.Status.WAITLISTED).order_by("created_at", "pk")


class Observer(models.Model):
    """A member of the public signed up to observe an event (旁听)."""

    class Status(models.TextChoices):
        PENDING = "pending", _("待审核")
        CONFIRMED = "confirmed", _("报名成功")
        WAITLISTED = "waitlisted", _("候补中")
        REJECTED = "rejected", _("未通过审核")
        CANCELLED = "cancelled", _("已取消")
        CHECKED_IN = "checked_in", _("已入场")

    # A registration in these states holds one of the event's places.
    PLACE_STATUSES = (Status.PENDING, Status.CONFIRMED, Status.CHECKED_IN)

    consultation = models.ForeignKey(
        Consultation, verbose_name=_("协商活动"), on_delete=models.CASCADE, related_name="observers"
    )
    # blanked once the retention period after the event is over (observers_anonymise_expired)
    name = models.CharField(_("姓名"), max_length=40, blank=True)
    phone = models.CharField(_("手机号码"), max_length=11, blank=True)
    status = models.CharField(_("状态"), max_length=16, choices=Status.choices)
    # the private link (cancel, see the entry code) and the single-use entry code
    token = models.CharField(max_length=40, unique=True, default=new_token, editable=False)
    entry_code = models.CharField(_("入场码"), max_length=16, unique=True, null=True, blank=True)
    consent_at = models.DateTimeField(_("同意个人信息处理时间"))
    created_at = models.DateTimeField(_("报名时间"), default=timezone.now)
    checked_in_at = models.DateTimeField(_("入场时间"), null=True, blank=True)

    objects = ObserverQuerySet.as_manager()

    class Meta:
        ordering = ["created_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(
                    status__in=[
                        "pending",
                        "confirmed",
                        "waitlisted",
                        "rejected",
                        "cancelled",
                        "checked_in",
                    ]
                ),
                name="observer_status_valid",
            ),
            # one live registration per phone and event
            # (an anonymised registration has no phone any more)
            models.UniqueConstraint(
                fields=["consultation", "phone"],
                condition=Q(status__in=["pending", "confirmed", "waitlisted", "checked_in"])
                & ~Q(phone=""),
                name="uniq_live_observer_phone",
            ),
        ]
        indexes = [models.Index(fields=["consultation", "status", "created_at"])]
        verbose_name = _("旁听报名")
        verbose_name_plural = _("旁听报名")

    def __str__(self):
        return f"{self.masked_name} {self.masked_phone}"

    @property
    def masked_phone(self) -> str:
        return mask_phone(self.phone)

    @property
    def masked_name(self) -> str:
        name = self.name
        return (name[0] + "*" * max(1, len(name) - 1)) if name else ""
