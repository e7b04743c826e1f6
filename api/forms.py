from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _


class TokenCreateForm(forms.Form):
    name = forms.CharField(
        label=_("设备名称"),
        max_length=60,
        help_text=_("用来区分设备，例如“我的手机”“办公室平板”。"),
    )
    days = forms.IntegerField(
        label=_("有效期（天）"),
        min_value=1,
        max_value=366,
        initial=settings.API_TOKEN_DEFAULT_DAYS,
        help_text=_("到期后令牌自动失效，需重新创建。"),
    )
