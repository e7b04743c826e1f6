"""Fields and mixins every opinions form shares: phone numbers, cleaned text, attachments,\ncommittee/region/workstation choices."""

from __future__ import annotations

import re
import unicodedata
from typing import Any

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.utils.functional import lazy
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from accounts.models import phone_validator
from core.text import TextNormalizingMixin, normalize_text
from core.uploads import PendingUpload, finish, precheck
from org.models import Committee, Region

ascii_digits_validator = RegexValidator(r"^[0-9]*$", phone_validator.message)


def clean_text(value: str) -> str:
    """The shared normaliser (core.text), surrounding whitespace stripped."""
    return normalize_text(value).strip()


class PhoneField(forms.CharField):
    """A mainland mobile number. Full-width digits (Chinese input methods type them) become ASCII;
    other scripts' digits, which ``\\d`` in phone_validator would let through, are refused."""

    default_validators = [phone_validator, ascii_digits_validator]

    def to_python(self, value):
        return unicodedata.normalize("NFKC", super().to_python(value))


class TextCleaningMixin(TextNormalizingMixin):
    """Every text field normalised (core.text) before validation, so that a title made only of
    invisible characters is refused as empty."""

    text_fields: tuple[str, ...] = ()  # no longer needed: every CharField is normalised


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


def _attachments_help_text() -> str:
    return gettext(
        "可选。JPG、PNG 图片或 PDF，最多 %(n)s 个，每个不超过 %(mb)s MB。图片会去除拍摄位置等信息。"
    ) % {"n": settings.UPLOAD_MAX_FILES, "mb": settings.UPLOAD_MAX_BYTES // (1024 * 1024)}


_attachments_help = lazy(_attachments_help_text, str)


class AttachmentsField(forms.FileField):
    """Zero to UPLOAD_MAX_FILES images or PDFs, checked by content and re-encoded.

    With ``deferred=True`` cleaning runs only the cheap checks (size, type, declared image
    dimensions) and returns PendingUpload objects; the form decodes them with
    ``finish_uploads`` once every other check has passed."""

    widget = MultipleFileInput

    def __init__(self, *args, deferred=False, **kwargs):
        kwargs.setdefault("required", False)
        kwargs.setdefault("label", _("附件"))
        kwargs.setdefault("help_text", _attachments_help())
        super().__init__(*args, **kwargs)
        self.deferred = deferred
        self.widget.attrs.setdefault("accept", "image/jpeg,image/png,application/pdf")

    def clean(self, data, initial=None):
        files = [f for f in (data if isinstance(data, (list, tuple)) else [data]) if f]
        if len(files) > settings.UPLOAD_MAX_FILES:
            raise ValidationError(_("最多上传 %(n)s 个附件。") % {"n": settings.UPLOAD_MAX_FILES})
        pending = _collect(precheck, files)
        return pending if self.deferred else finish_uploads(pending)


def _collect(check, items):
    cleaned, errors = [], []
    for item in items:
        try:
            cleaned.append(check(item))
        except ValidationError as exc:
            errors.extend(exc.messages)
    if errors:
        raise ValidationError(errors)
    return cleaned


def finish_uploads(pending: list[PendingUpload]) -> list:
    """Decode and re-encode (or scan) uploads that passed the cheap checks."""
    return _collect(finish, pending)


class CommitteeChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        if obj.is_municipal:
            return _("全市性事项（鄂尔多斯市政协）")
        return obj.short_name


class WorkstationChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.committee.short_name} · {obj.name}"


class RegionChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        if obj.level == Region.Level.VILLAGE and obj.parent_id:
            return f"{obj.parent.name} · {obj.name}"
        return obj.name


class RegionFieldsMixin:
    """旗区 (which committee it goes to) and an optional 苏木乡镇/嘎查村 inside it."""

    def setup_region_fields(self):
        self.fields["committee"].queryset = Committee.objects.order_by("order")
        committee_id = self.data.get(self.add_prefix("committee")) or self.initial.get("committee")
        regions = Region.objects.exclude(level=Region.Level.BANNER).select_related("parent")
        # Only a plausible id reaches the query: "²" passes isdigit(), 10**30 overflows the column.
        committee_id = str(committee_id or "")
        committee_id = int(committee_id) if re.fullmatch(r"[0-9]{1,18}", committee_id) else None
        # Without JavaScript the select lists every place; htmx narrows it to the chosen 旗区.
        self.fields["region"].queryset = (
            regions.filter(committee_id=committee_id) if committee_id else regions
        ).order_by("committee__order", "parent__name", "level", "name")

    def clean_region_pair(self, data):
        committee, region = data.get("committee"), data.get("region")
        if committee and region and region.committee_id != committee.pk:
            self.add_error("region", _("所选苏木乡镇/嘎查村不在该旗区内。"))


# The fields of a matter raised (the public form and the staff entry form): what it says, the
# 旗区 it goes to, who raised it.
MATTER_FIELDS = (
    "committee",
    "title",
    "content",
    "category",
    "submitter_name",
    "submitter_phone",
    "submitter_email",
)


def matter_kwargs(data: dict[str, Any]) -> dict[str, Any]:
    """The intake services' keywords for a matter, from the form's cleaned data."""
    kwargs = {name: data[name] for name in MATTER_FIELDS}
    kwargs.update(region=data.get("region"), uploads=data["attachments"])
    return kwargs
