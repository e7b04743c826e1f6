"""Form helpers every app shares."""

from collections.abc import Iterable
from typing import Any

from django import forms
from django.core.exceptions import ValidationError


def add_service_errors(form: forms.BaseForm, exc: ValidationError) -> None:
    """Show a service's ValidationError on the form instead of a 500."""
    if hasattr(exc, "error_dict"):
        for field, errors in exc.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc.messages)


def with_empty(field: forms.ChoiceField, choices: Iterable[Any]) -> list[Any]:
    """``choices`` after the field's empty choice (a ModelChoiceField's ``empty_label``), for a
    choice field given its choices as a list rather than from its queryset."""
    empty = getattr(field, "empty_label", None)
    return [("", empty), *choices] if empty is not None else list(choices)
