"""Fields and mixins every opinions form shares: phone numbers, cleaned text, attachments,\ncommittee/region/workstation choices."""

from __future__ import annotations

import re
import unicodedata
from functools import partial
from typing import Any

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.urls import reverse
from django.utils.functional import lazy
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from accounts.models import phone_validator
from core.forms import validate_from_memo, with_empty
from core.memo import PUBLIC
from core.text import TextNormalizingMixin, normalize_text
from core.uploads import PendingUpload, finish, precheck
from org import selectors as org_selectors
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

    def __init__(self, *args, deferred=False, documents=False, **kwargs):
        kwargs.setdefault("required", False)
        kwargs.setdefault("label", _("附件"))
        kwargs.setdefault("help_text", _attachments_help())
        super().__init__(*args, **kwargs)
        self.deferred = deferred
        # documents: Word files (DOCX) too — a department's reply letter (core.uploads)
        self.documents = documents
        accept = "image/jpeg,image/png,application/pdf"
        if documents:
            accept += (
                ",.docx,application/vnd.openxmlformats-officedocument.wordprocessingml.document"
            )
        self.widget.attrs.setdefault("accept", accept)

    def clean(self, data, initial=None):
        files = [f for f in (data if isinstance(data, (list, tuple)) else [data]) if f]
        if len(files) > settings.UPLOAD_MAX_FILES:
            raise ValidationError(_("最多上传 %(n)s 个附件。") % {"n": settings.UPLOAD_MAX_FILES})
        pending = _collect(partial(precheck, documents=self.documents), files)
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


def committee_label(committee) -> str:
    """A committee as the 旗区 select names it (a Committee or an org.selectors.CommitteeRow)."""
    if committee.is_municipal:
        return gettext("全市性事项（鄂尔多斯市政协）")
    return committee.local_short_name


class CommitteeChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return committee_label(obj)


class WorkstationChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.committee.short_name} · {obj.name}"


class RegionChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        if obj.level == Region.Level.VILLAGE and obj.parent_id:
            return f"{obj.parent.local_name} · {obj.local_name}"
        return obj.local_name


def _plausible_id(value) -> int | None:
    """Only a plausible id is looked up: "²" passes isdigit(), 10**30 overflows the column."""
    value = str(getattr(value, "pk", value) or "")
    return int(value) if re.fullmatch(r"[0-9]{1,18}", value) else None


def region_choices(committee_id: int | None) -> list:
    """The 苏木乡镇/嘎查村 a form offers: those of the chosen 旗区 (static/js/portal.js fetches
    them from opinions:regions when the 旗区 changes); before one is chosen, only the 苏木乡镇,
    grouped by 旗区 — what a browser without JavaScript can still pick from, a few dozen
    options rather than every 嘎查村 of the city."""
    if committee_id is not None:
        return [(place.pk, place.label) for place in org_selectors.places_of(committee_id)]
    groups = []
    for committee in org_selectors.committee_rows():
        townships = [
            (p.pk, p.local_name) for p in org_selectors.places_of(committee.pk) if p.is_township
        ]
        if townships:
            groups.append((committee.local_short_name, townships))
    return groups


class RegionFieldsMixin:
    """旗区 (which committee it goes to) and an optional 苏木乡镇/嘎查村 inside it. The choices
    come from lists computed once per process (org.selectors, core.memo), and so do the rows
    the posted ids are checked against (``core.forms.validate_from_memo``; a staff user's own
    committees are still looked up); a place outside the chosen 旗区 is refused by name."""

    def setup_region_fields(self, *, committees=None):
        """``committees``: those one may choose (a staff user's own); by default all of them."""
        committee_field, region_field = self.fields["committee"], self.fields["region"]
        if committees is None:
            committee_field.queryset = Committee.objects.all()
            rows = org_selectors.committee_rows()
            committee_field.choices = with_empty(
                committee_field, [(row.pk, committee_label(row)) for row in rows]
            )
            validate_from_memo(committee_field, PUBLIC, "opinions.committees")
        else:
            committee_field.queryset = committees
        committee_id = _plausible_id(
            self.data.get(self.add_prefix("committee"))
            or self.initial.get("committee")
            or committee_field.initial
        )
        region_field.queryset = Region.objects.exclude(level=Region.Level.BANNER)
        region_field.choices = with_empty(region_field, region_choices(committee_id))
        validate_from_memo(region_field, PUBLIC, "opinions.places")
        committee_field.widget.attrs.update(
            {
                # static/js/portal.js puts the chosen committee's id in place of the 0
                "data-regions-url": reverse("opinions:regions", args=[0]),
                "data-regions-select": self["region"].id_for_label,
            }
        )
        region_field.widget.attrs["data-picker"] = _("输入地名查找")

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
