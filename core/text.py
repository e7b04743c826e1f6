"""One normaliser for every free-text value the portal stores or writes into a file.

``normalize_text`` is applied at input (every CharField of every form, via
:class:`TextNormalizingMixin`); ``xml_safe`` is applied at write time by the exporters (XLSX,
DOCX), so that anything stored before input was cleaned cannot break a file.

What goes:
- C0 controls other than tab, line feed and carriage return; DEL; C1 controls (NEL becomes a
  line break). XML 1.0 refuses most of these, and they only ever arrive from hostile input.
- Surrogates (only reachable through escapes) and noncharacters (U+FDD0–FDEF and the last two
  code points of every plane, U+FFFE/U+FFFF among them): illegal in XML, an XLSX or DOCX with one
  cannot be written.
- Bidirectional controls (U+061C, U+200E/200F, U+202A–202E, U+2066–2069): they make a title read
  differently from what it says.
- Invisible format characters: zero-width space, word joiner and the invisible operators
  (U+200B, U+2060–2064), the deprecated format characters (U+206A–206F), the byte-order mark
  U+FEFF, interlinear annotation marks (U+FFF9–FFFB) and tag characters (U+E0000–E007F).
- U+2028/U+2029 (line/paragraph separators) become a line break.

What stays, because real text needs it: the Mongolian free variation selectors (U+180B–180D,
U+180F) and vowel separator (U+180E), narrow no-break space (U+202F, used inside Mongolian words),
ZWNJ/ZWJ (U+200C/200D: Mongolian, Arabic and Indic shaping, emoji sequences), variation selectors
(U+FE00–FE0F, U+E0100–E01EF) and the combining grapheme joiner. Text is put in NFC.
"""

from __future__ import annotations

import re
import unicodedata
from typing import TYPE_CHECKING, Any

from django import forms
from django.db import models

if TYPE_CHECKING:
    from django.apps.registry import Apps

_DROP_RANGES = (
    "\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x84\x86-\x9f"  # C0 (not \t \n \r), DEL, C1 (not NEL)
    "\u061c\u200b\u200e\u200f\u202a-\u202e\u2060-\u2064\u2066-\u206f"  # bidi and invisibles
    "\ud800-\udfff"  # surrogates
    "\ufdd0-\ufdef\ufeff\ufff9-\ufffb\ufffe\uffff"
    "\U000e0000-\U000e007f"  # tag characters
)
_PLANE_END_NONCHARACTERS = "".join(
    chr(plane << 16 | low) for plane in range(1, 17) for low in (0xFFFE, 0xFFFF)
)
DROP = re.compile(f"[{_DROP_RANGES}{_PLANE_END_NONCHARACTERS}]")
LINE_BREAKS = re.compile("[\x85\u2028\u2029]")

# What an XML 1.0 document may not contain at all (the XLSX and DOCX writers raise on these).
XML_ILLEGAL = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff" + _PLANE_END_NONCHARACTERS + "]"
)


def normalize_text(value: str | None) -> str:
    """NFC, line separators as line breaks, and none of the characters listed above.

    Idempotent: ``normalize_text(normalize_text(s)) == normalize_text(s)``."""
    if not value:
        return ""
    text = LINE_BREAKS.sub("\n", DROP.sub("", str(value)))
    # NFC can neither introduce a dropped character nor a line separator; dropping a character
    # can, however, bring two combinable ones together, so drop first and compose last.
    return unicodedata.normalize("NFC", text)


def xml_safe(value: object) -> str:
    """Text that any XML writer accepts: the normaliser, whatever the value was stored as."""
    text = normalize_text("" if value is None else str(value))
    return XML_ILLEGAL.sub("", text)  # already gone; kept as the exporters' last line


def normalize_field_value(field: forms.Field, value: Any) -> Any:
    """What a form field's ``to_python`` gives, normalised. NUL is left for Django's own validator
    to refuse with its message (it is never typed by a person)."""
    if not isinstance(value, str) or "\x00" in value:
        return value
    text = normalize_text(value)
    if getattr(field, "strip", False):
        text = text.strip()
    return text if text else getattr(field, "empty_value", "")


def _is_free_text(field: forms.Field) -> bool:
    return isinstance(field, forms.CharField) and not isinstance(field.widget, forms.PasswordInput)


class TextNormalizingMixin:
    """Normalises every text field of the form (not passwords) before it is validated, so that
    ``required`` and ``max_length`` apply to what will be stored."""

    fields: dict[str, forms.Field]  # of the form class this is mixed into

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            if _is_free_text(field) and not getattr(field, "_normalizes_text", False):
                original = field.to_python

                def to_python(
                    value: Any, _field: forms.Field = field, _original: Any = original
                ) -> Any:
                    return normalize_field_value(_field, _original(value))

                field.to_python = to_python  # type: ignore[method-assign]  # wraps the field's own
                field._normalizes_text = True  # type: ignore[attr-defined]  # marks it done


# --- stored rows (data migrations) -------------------------------------------------------------
NOT_NORMALISED = {
    "auditlog",  # its hash chain covers the stored text: rewriting it would break the chain
    "auditchainhead",
}
NOT_NORMALISED_FIELDS = {("user", "username"), ("user", "password")}


def normalize_stored_text(apps: Apps, app_label: str) -> int:
    """For a data migration: put every CharField/TextField of the app's models through
    :func:`normalize_text` (rows stored before input was cleaned). Returns the rows changed."""
    changed = 0
    for model in apps.get_app_config(app_label).get_models():
        name = model._meta.model_name
        if name in NOT_NORMALISED:
            continue
        fields = [
            f
            for f in model._meta.concrete_fields
            if isinstance(f, models.CharField | models.TextField)
            and not f.primary_key
            and (name, f.name) not in NOT_NORMALISED_FIELDS
        ]
        if not fields:
            continue
        manager = model._base_manager
        columns = [f.attname for f in fields]
        last = None
        while True:  # in primary-key batches, never the whole table in memory
            rows = manager.order_by("pk")
            if last is not None:
                rows = rows.filter(pk__gt=last)
            batch: list[tuple[Any, ...]] = list(rows.values_list("pk", *columns)[:500])
            if not batch:
                break
            last = batch[-1][0]
            for pk, *values in batch:
                updates = {}
                for f, value in zip(fields, values, strict=True):
                    if isinstance(value, str) and value:
                        clean = normalize_text(value)
                        if f.max_length:
                            clean = clean[: f.max_length]
                        if clean != value:
                            updates[f.attname] = clean
                if updates:
                    manager.filter(pk=pk).update(**updates)
                    changed += 1
    return changed


def pinyin_sort_key(text: str) -> str:
    """A key that sorts Chinese names in pinyin order, the same on SQLite and PostgreSQL.

    GB2312 lists its 3,755 level-1 hanzi (the common characters, which is what department and
    place names are written in) in pinyin order; GB18030 keeps that order and encodes every
    other character after them. The key is the GB18030 bytes as hexadecimal: plain ASCII, so
    any database collation compares it byte by byte. A rare (level-2) character sorts after the
    common ones, and a polyphone by its GB2312 reading (长 as "chang") — good enough for a list
    of names, without a pinyin dictionary as a dependency (ADR 0014)."""
    return text.strip().encode("gb18030", errors="replace").hex()
