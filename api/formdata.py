"""The API runs the web pages' Django forms (one validation, one set of messages). A multipart
body is already what a form reads; a JSON body is turned into the same thing: every value as
the string a browser would send, a list as repeated values (multiple choices)."""

from __future__ import annotations

from django.utils.datastructures import MultiValueDict


def _text(value) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if value is None:
        return ""
    if isinstance(value, int | float | str):
        return str(value)
    return str(value)[:200]  # an object where text is expected: refused by the field as text


def form_data(data):
    if hasattr(data, "getlist"):
        return data
    if not isinstance(data, dict):
        return MultiValueDict()
    out = MultiValueDict()
    for name, value in data.items():
        if isinstance(value, list):
            out.setlist(str(name), [_text(v) for v in value[:200]])
        else:
            out.setlist(str(name), [_text(value)])
    return out
