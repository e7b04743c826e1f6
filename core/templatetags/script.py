"""``{{ text|script_lang }}`` and ``{{ text|script_span }}``: the language of a piece of free
text, for its ``lang`` attribute (issue 16).

- Text holding Mongolian script is ``mn-Mong``, whatever the page's language: staff pages mark
  it so that it gets the Mongolian font (portal.css) and is read as Mongolian by screen readers.
- Text holding Chinese characters (and no Mongolian) is ``zh-CN`` on a page in another language
  (the Mongolian and English pages show what staff and members wrote, in Chinese): screen
  readers switch to Chinese, and the vertical Mongolian layout sets it upright
  (mongolian.css). On a Chinese page it needs no mark.
- Anything else: no mark (the page's language)."""

import re

from django import template
from django.conf import settings
from django.utils import translation
from django.utils.html import conditional_escape, format_html

register = template.Library()

MONGOLIAN = re.compile("[\u1800-\u18af]")
CHINESE = re.compile("[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")


@register.filter
def script_lang(value: object) -> str:
    text = str(value) if value else ""
    if MONGOLIAN.search(text):
        return "mn-Mong"
    if CHINESE.search(text) and (translation.get_language() or settings.LANGUAGE_CODE) != "zh-hans":
        return "zh-CN"
    return ""


@register.filter
def script_span(value: object) -> str:
    """``{{ title|script_span }}``: the text, escaped, inside ``<span lang="…">`` when its
    language (``script_lang``) differs from the page's (for a title inside a list row or a
    sentence)."""
    lang = script_lang(value)
    text = "" if value is None else str(value)
    return (
        format_html('<span lang="{}">{}</span>', lang, text) if lang else conditional_escape(text)
    )


@register.filter
def lang_attr(value: object) -> str:
    """``<div{{ text|lang_attr }}>{{ text|linebreaks }}</div>``: `` lang="…"`` for an element
    holding a block of free text (paragraphs, a list), or nothing when the text is in the page's
    language — the attribute form of ``script_span``."""
    lang = script_lang(value)
    return format_html(' lang="{}"', lang) if lang else ""
