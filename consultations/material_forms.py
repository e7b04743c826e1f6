"""The office's form for a meeting material (会议材料): the file, checked by content and size
(``core.uploads``), its name and whether the public sees it."""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.utils.functional import lazy
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from core.text import TextNormalizingMixin
from core.uploads import DOCX_CONTENT_TYPE, clean_upload


def _file_help() -> str:
    return gettext(
        "PDF、Word（DOCX）文件或 JPG、PNG 图片，不超过 %(mb)s MB。文件会检查内容，"
        "含宏或脚本的文件不能上传。"
    ) % {"mb": settings.UPLOAD_MAX_BYTES // (1024 * 1024)}


class MaterialForm(TextNormalizingMixin, forms.Form):
    file = forms.FileField(
        label=_("材料文件"),
        help_text=lazy(_file_help, str)(),
        widget=forms.FileInput(
            attrs={"accept": f"application/pdf,.pdf,.docx,{DOCX_CONTENT_TYPE},image/jpeg,image/png"}
        ),
        error_messages={
            "required": _("请选择要上传的文件。"),
            "empty": _("上传的文件是空的。"),
            "invalid": _("没有收到文件，请重新选择。"),
        },
    )
    title = forms.CharField(
        label=_("材料名称"),
        max_length=80,
        required=False,
        help_text=_("不填则使用文件名。"),
    )
    is_public = forms.BooleanField(
        label=_("公开（显示在活动的公开页面上，任何人可下载）"), required=False
    )

    def clean_file(self):
        return clean_upload(self.cleaned_data["file"], documents=True)
