"""Opinions (社情民意): departments now; submissions, review and forwarding come with issues 3–4."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from members.scope import ScopedQuerySet


class Department(models.Model):
    """承办单位: a party or government body an opinion can be forwarded to."""

    committee = models.ForeignKey(
        "members.Committee", verbose_name=_("所属政协"), on_delete=models.PROTECT,
        related_name="departments",
    )
    name = models.CharField(_("名称"), max_length=80)
    contact_name = models.CharField(_("联系人"), max_length=40, blank=True)
    contact_phone = models.CharField(_("联系电话"), max_length=20, blank=True)
    is_active = models.BooleanField(_("启用"), default=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        ordering = ["committee__order", "name"]
        constraints = [
            models.UniqueConstraint(fields=["committee", "name"], name="uniq_department_name"),
        ]
        verbose_name = _("承办单位")
        verbose_name_plural = _("承办单位")

    def __str__(self):
        return self.name
