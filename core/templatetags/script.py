"""``{{ text|script_lang }}``: ``mn-Mong`` when a piece of free text holds Mongolian script, else
"". Staff pages mark such text (`lang="mn-Mong"`) so it gets the Mongolian font (portal.css) and
is read as Mongolian by screen readers, whatever the page's language (issue 16)."""

import re

from django import template

register = template.Library()

MONGOLIAN = re.compile("[\u1800-\u18af]")


@register.filter
def script_lang(value: object) -> str:
    return "mn-Mong" if value and MONGOLIAN.search(str(value)) else ""
