"""What staff maintain to moderate submissions: the sensitive-word list."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

# The core.memo group of the active words (the intake services read them once per process).
SENSITIVE_WORDS = "opinions.sensitive_words"


class SensitiveWord(models.Model):
    """An editable list: a submission containing one of these words is flagged for staff
    attention (never dropped)."""

    word = models.CharField(_("敏感词"), max_length=30, unique=True)
    is_active = models.BooleanField(_("启用"), default=True)
    note = models.CharField(_("说明"), max_length=100, blank=True)

    class Meta:
        ordering = ["word"]
        verbose_name = _("敏感词")
        verbose_name_plural = _("敏感词")

    def __str__(self):
        return self.word
