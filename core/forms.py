"""Form helpers every app shares."""

from __future__ import annotations

import copy
import re
from collections.abc import Hashable, Iterable
from typing import TYPE_CHECKING, Any

from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from .memo import memo

if TYPE_CHECKING:
    from django.utils.functional import _StrOrPromise as Label  # the stubs' str | lazy str


def add_service_errors(form: forms.BaseForm, exc: ValidationError) -> None:
    """Show a service's ValidationError on the form instead of a 500."""
    if hasattr(exc, "error_dict"):
        for field, errors in exc.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc.messages)


def optional_choice(
    model: type[models.Model], label: Label, empty_label: Label, **kwargs: Any
) -> forms.ModelChoiceField[Any]:
    """An optional pick of one ``model`` row; the form sets the rows the user may pick in its
    ``__init__`` (``queryset``), so none are offered until then."""
    return forms.ModelChoiceField(
        label=label,
        queryset=model._default_manager.none(),
        required=False,
        empty_label=empty_label,
        **kwargs,
    )


def with_empty(field: forms.ChoiceField, choices: Iterable[Any]) -> list[Any]:
    """``choices`` after the field's empty choice (a ModelChoiceField's ``empty_label``), for a
    choice field given its choices as a list rather than from its queryset."""
    empty = getattr(field, "empty_label", None)
    return [("", empty), *choices] if empty is not None else list(choices)


def validate_from_memo(field: forms.ModelChoiceField, group: str, key: Hashable) -> None:  # type: ignore[type-arg]
    """Let ``field`` look the posted id up among its queryset's rows kept in this process
    (core.memo ``group`` under ``key``: the rows change a few times a year and the group's
    generation follows their saves) rather than ask the database on every POST (issue 11). The
    queryset must be one list for every request under ``key``. The row is handed out as a copy;
    an id that is not among the rows is the field's usual "invalid choice"."""
    field.to_python = _memo_to_python(field, group, key)  # type: ignore[method-assign]


_PLAUSIBLE_ID = re.compile(r"[0-9]{1,18}")


def _memo_to_python(field: forms.ModelChoiceField, group: str, key: Hashable) -> Any:  # type: ignore[type-arg]
    def build() -> dict[int, Any]:
        return {row.pk: row for row in field.queryset}  # type: ignore[union-attr]

    def to_python(value: Any) -> Any:
        if value in field.empty_values:
            return None
        if isinstance(value, field.queryset.model):  # type: ignore[union-attr]
            value = value.pk
        text = str(value).strip()
        row = memo(group, key, build).get(int(text)) if _PLAUSIBLE_ID.fullmatch(text) else None
        if row is None:
            raise ValidationError(
                field.error_messages["invalid_choice"],
                code="invalid_choice",
                params={"value": value},
            )
        return copy.copy(row)

    return to_python


def pinyin_keywords(sort_key: str) -> str:
    """What a picker also finds a name by, from its pinyin sort key (core.text.pinyin_sort_key):
    the syllables run together and their initials ("shi4 cai2 zheng4 ju2" → "shicaizhengju
    sczj"), so 市财政局 is found by typing czj."""
    syllables = [
        token[:-1] if re.fullmatch(r"[a-z]+[1-5]", token) else token
        for token in sort_key.split()
        if not token.startswith("~")
    ]
    return f"{''.join(syllables)} {''.join(s[0] for s in syllables)}".strip()


class PickerMixin:
    """A select that static/js/portal.js turns into a searchable box (``data-picker`` holds the
    search box's placeholder); without JavaScript it is the plain select. An option whose model
    keeps a pinyin ``sort_key`` (members, departments) is also found by its pinyin and initials
    (``data-keywords``)."""

    def __init__(
        self, attrs: dict[str, Any] | None = None, *, placeholder: str | Promise, **kwargs: Any
    ) -> None:
        attrs = {**(attrs or {}), "data-picker": placeholder, "data-picker-empty": _("没有找到")}
        super().__init__(attrs, **kwargs)  # type: ignore[call-arg]

    def create_option(
        self,
        name: str,
        value: Any,
        label: Any,
        selected: bool,
        index: int,
        subindex: int | None = None,
        attrs: dict[str, Any] | None = None,
    ) -> dict[str, Any]:
        option: dict[str, Any] = super().create_option(  # type: ignore[misc]
            name, value, label, selected, index, subindex=subindex, attrs=attrs
        )
        sort_key = getattr(getattr(value, "instance", None), "sort_key", "")
        if sort_key:
            option["attrs"]["data-keywords"] = pinyin_keywords(sort_key)
        return option


class PickerSelect(PickerMixin, forms.Select):
    pass


class PickerSelectMultiple(PickerMixin, forms.SelectMultiple):
    pass


class ChoicePromptMixin:
    """A model form's selects open on 请选择 (a required field) or 不选 (an optional one) instead
    of Django's "---------"."""

    fields: dict[str, forms.Field]  # of the form class this is mixed into

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            prompt = _("请选择") if field.required else _("不选")
            if isinstance(field, forms.ModelChoiceField):
                if field.empty_label == "---------":
                    field.empty_label = prompt
            elif isinstance(field, forms.ChoiceField):
                choices = list(field.choices)  # type: ignore[arg-type]
                if choices and choices[0] == ("", "---------"):
                    field.choices = [("", prompt), *choices[1:]]


class ModelMultipleChoiceField(forms.ModelMultipleChoiceField):  # type: ignore[type-arg]
    """Django's, refusing an id no integer column can hold as an invalid choice: a 20-digit id
    in ``pk__in`` raised OverflowError on SQLite (a 500; found by the API's schemathesis run)."""

    def _check_values(self, value: Any) -> Any:
        assert self.queryset is not None
        pk = self.queryset.model._meta.pk
        for item in value or ():
            try:
                key = pk.to_python(item)
            except ValidationError:
                continue  # Django's own check reports it
            if isinstance(key, int) and not -(2**63) <= key < 2**63:
                raise ValidationError(
                    self.error_messages["invalid_choice"],
                    code="invalid_choice",
                    params={"value": item},
                )
        return super()._check_values(value)  # type: ignore[misc]
