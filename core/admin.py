"""Admin base classes: every admin form normalises its text like every other form (core.text)."""

from django import forms
from django.contrib import admin

from .text import TextNormalizingMixin


class TextModelForm(TextNormalizingMixin, forms.ModelForm):
    pass


class TextAdmin(admin.ModelAdmin):
    form = TextModelForm


class TextTabularInline(admin.TabularInline):
    form = TextModelForm
