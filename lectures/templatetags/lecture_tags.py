"""Template filters of the 委员讲堂 pages."""

from __future__ import annotations

from django import template
from django.utils.translation import gettext as _

register = template.Library()


def _flag_labels() -> dict[str, str]:
    return {
        "honeypot": _("填写了隐藏字段"),
        "no_timer": _("表单不是从本站页面提交的"),
        "bad_timer": _("表单计时无效"),
        "too_fast": _("填写速度过快"),
    }


@register.filter
def flag_labels(flags) -> str:
    """A lecture order's risk flags (``LectureOrder.flags``, codes) as the office reads them."""
    labels = _flag_labels()
    return "、".join(labels.get(flag, _("其他")) for flag in flags or [])
