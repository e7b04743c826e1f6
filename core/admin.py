"""Admin base classes: every admin form normalises its text like every other form (core.text)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django import forms
from django.contrib import admin

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
