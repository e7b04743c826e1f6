"""``{{ text|script_lang }}``: ``mn-Mong`` when a piece of free text holds Mongolian script, else
"". Staff pages mark such text (`lang="mn-Mong"`) so it gets the Mongolian font (portal.css) and
is read as Mongolian by screen readers, whatever the page's language (issue 16)."""

import re

from django import template
from django.utils.html import conditional_escape, format_html

register = template.Library()

MONGOLIAN = re.compile("[\u1800-\u18af]")


@register.filter
def script_lang(value: object) -> str:
    return "mn-Mong" if value and MONGOLIAN.search(str(value)) else ""


@register.filter
def script_span(value: object) -> str:
    """``{{ title|script_span }}``: the text, escaped, inside ``<span lang="mn-Mong">`` when it
    holds Mongolian script (for a title inside a list row or a sentence)."""
    lang = script_lang(value)
    text = "" if value is None else str(value)
    return (
        format_html('<span lang="{}">{}</span>', lang, text) if lang else conditional_escape(text)
    )
