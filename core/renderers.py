"""The portal's form renderer (``settings.FORM_RENDERER``).

Django renders every widget through a template, and a ``<select>`` through one more template
per ``<option>``: a select of 200 places costs ~200 template renders, most of a public form
page's time (issue 11). This renderer builds the plain widgets — ``<input>`` of every type, the
file input without a current file, ``<textarea>``, ``<select>`` and its options — in Python,
byte for byte what Django's own templates (``django/forms/templates/django/forms/widgets/``)
produce: the same attributes in the same order, the same escaping (``SafeString`` values left
as they are), the same whitespace. Every other template (forms, fields, radio and check-box
lists, a select whose options use their own template, a file input showing its current file)
is rendered by the templates as before.

tests/core/test_renderers.py renders a range of widgets both ways and requires equal output, so
a Django upgrade that changes a widget template fails there rather than in a page.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from django.forms.renderers import DjangoTemplates
from django.http import HttpRequest
from django.utils.formats import localize
from django.utils.html import conditional_escape
from django.utils.safestring import SafeData
from django.utils.timezone import template_localtime  # type: ignore[attr-defined]

WIDGETS = "django/forms/widgets/"
OPTION_TEMPLATE = WIDGETS + "select_option.html"


def _text(value: Any) -> str:
    """``{{ value }}`` in an autoescaping template (render_value_in_context)."""
    value = localize(template_localtime(value))
    return conditional_escape(value if isinstance(value, str) else str(value))


def _stringformat(value: Any) -> str:
    """``{{ value|stringformat:'s' }}``: formatted with %s, escaped unless it was safe."""
    formatted = "%s" % (value,)  # noqa: UP031 (the filter formats with %, and so must this)
    return formatted if isinstance(value, SafeData) else conditional_escape(formatted)


def _attrs(attrs: Mapping[str, Any]) -> str:
    """django/forms/widgets/attrs.html."""
    parts = []
    for name, value in attrs.items():
        if value is False:
            continue
        parts.append(" " + _text(name))
        if value is not True:
            parts.append('="' + _stringformat(value) + '"')
    return "".join(parts)


def _input(widget: Mapping[str, Any]) -> str:
    """django/forms/widgets/input.html (and text, email, hidden, checkbox, … which include it)."""
    value = widget["value"]
    shown = "" if value is None else ' value="' + _stringformat(value) + '"'
    return (
        f'<input type="{_text(widget["type"])}" name="{_text(widget["name"])}"'
        f"{shown}{_attrs(widget['attrs'])}>"
    )


def _file_input(widget: Mapping[str, Any]) -> str | None:
    """django/forms/widgets/clearable_file_input.html without a current file (a public upload)."""
    if widget.get("is_initial"):
        return None
    return (
        f'<input type="{_text(widget["type"])}" name="{_text(widget["name"])}"'
        f"{_attrs(widget['attrs'])}>"
    )


def _textarea(widget: Mapping[str, Any]) -> str:
    """django/forms/widgets/textarea.html."""
    value = widget["value"]
    return (
        f'<textarea name="{_text(widget["name"])}"{_attrs(widget["attrs"])}>\n'
        f"{_text(value) if value else ''}</textarea>"
    )


def _select(widget: Mapping[str, Any]) -> str | None:
    """django/forms/widgets/select.html with select_option.html for each option."""
    parts = [f'<select name="{_text(widget["name"])}"{_attrs(widget["attrs"])}>']
    for group_name, options, _index in widget["optgroups"]:
        if group_name:
            parts.append(f'\n  <optgroup label="{_text(group_name)}">')
        for option in options:
            if option["template_name"] != OPTION_TEMPLATE:
                return None  # a widget with options of its own: its templates render it
            parts.append(
                f'\n  <option value="{_stringformat(option["value"])}"'
                f"{_attrs(option['attrs'])}>{_text(option['label'])}</option>\n"
            )
        if group_name:
            parts.append("\n  </optgroup>")
    parts.append("\n</select>")
    return "".join(parts)


_INPUTS = (
    *("input", "text", "number", "email", "url", "password", "hidden", "date", "datetime"),
    *("time", "file", "checkbox", "search", "tel", "color"),
)
BUILDERS: dict[str, Callable[[Mapping[str, Any]], str | None]] = {
    **{f"{WIDGETS}{name}.html": _input for name in _INPUTS},
    WIDGETS + "clearable_file_input.html": _file_input,
    WIDGETS + "textarea.html": _textarea,
    WIDGETS + "select.html": _select,
}


class WidgetRenderer(DjangoTemplates):
    """Django's template renderer, with the plain widgets built in Python (see the module)."""

    def render(
        self, template_name: str, context: dict[str, Any], request: HttpRequest | None = None
    ) -> str:
        build = BUILDERS.get(template_name)
        html = build(context["widget"]) if build is not None and "widget" in context else None
        if html is None:
            return super().render(template_name, context, request=request)
        return html.strip()
