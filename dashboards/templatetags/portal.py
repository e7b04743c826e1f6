"""Template helpers used across the portal's pages."""

from django import forms, template

from accounts.models import mask_phone as _mask_phone
from dashboards import navigation

register = template.Library()


@register.filter
def mask_phone(value):
    return _mask_phone(value)


@register.filter
def bs_class(bound_field):
    """Render a bound field's widget with the Bootstrap class that fits it."""
    widget = bound_field.field.widget
    if isinstance(widget, (forms.CheckboxInput, forms.RadioSelect, forms.CheckboxSelectMultiple)):
        css = "form-check-input"
    elif isinstance(widget, forms.Select):
        css = "form-select"
    else:
        css = "form-control"
    if bound_field.errors:
        css += " is-invalid"
    attrs = {"class": css}
    if bound_field.errors:
        attrs["aria-invalid"] = "true"
        attrs["aria-describedby"] = f"{bound_field.auto_id}_errors"
    elif bound_field.help_text:
        attrs["aria-describedby"] = f"{bound_field.auto_id}_help"
    return bound_field.as_widget(attrs=attrs)


@register.filter
def widget_kind(bound_field):
    widget = bound_field.field.widget
    if isinstance(widget, forms.CheckboxSelectMultiple):
        return "checkboxes"
    if isinstance(widget, forms.RadioSelect):
        return "radios"
    if isinstance(widget, forms.CheckboxInput):
        return "checkbox"
    if isinstance(widget, forms.HiddenInput):
        return "hidden"
    if isinstance(widget, forms.FileInput):
        return "file"
    return "input"


@register.simple_tag(takes_context=True)
def page_url(context, page_number):
    """The current list URL with only the page number changed (filters kept)."""
    query = context["request"].GET.copy()
    query["page"] = page_number
    return "?" + query.urlencode()


@register.simple_tag(takes_context=True)
def portal_menu(context):
    """The menu entries the signed-in user (or visitor) may open (dashboards.navigation)."""
    request = context.get("request")
    user = context.get("user") or getattr(request, "user", None)
    match = getattr(request, "resolver_match", None)
    return navigation.visible_menu(user, match.view_name if match else None)


@register.filter
def has_sections(menu):
    """Whether the menu from ``portal_menu`` is laid out as the staff side navigation."""
    return navigation.has_sections(menu)
