from django import forms
from django.utils.translation import gettext_lazy as _


class RegenerateForm(forms.Form):
    confirm = forms.BooleanField(
        label=_("我确认以当前数据生成新版本（原版本保留，领导将收到新版本的通知）"),
        error_messages={"required": _("请勾选确认后再重新生成。")},
    )
