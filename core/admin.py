"""Admin base classes: every admin form normalises its text like every other form (core.text)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django import forms
from django.contrib import admin
from django.http import HttpRequest

from .text import TextNormalizingMixin

if TYPE_CHECKING:  # Django's classes are generic only in the type stubs
    _ModelForm = forms.ModelForm[Any]
    _ModelAdmin = admin.ModelAdmin[Any]
    _TabularInline = admin.TabularInline[Any, Any]
else:
    _ModelForm = forms.ModelForm
    _ModelAdmin = admin.ModelAdmin
    _TabularInline = admin.TabularInline


class TextModelForm(TextNormalizingMixin, _ModelForm):
    pass


class TextAdmin(_ModelAdmin):
    form = TextModelForm


class TextTabularInline(_TabularInline):
    form = TextModelForm


class ServiceWrittenAdmin(TextAdmin):
    """Rows only services write (ledger entries and totals, event timelines): the admin shows them
    and never adds, changes or deletes one. A ledger entry is reversed, never deleted."""

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any | None = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any | None = None) -> bool:
        return False
