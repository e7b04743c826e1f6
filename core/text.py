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

import os
import re
import unicodedata
from typing import TYPE_CHECKING, Any

# pypinyin's single-character readings only: without its phrase dictionary the import takes
# 11 MB instead of 56 MB in every process (the sort key needs no phrases).
os.environ.setdefault("PYPINYIN_NO_PHRASES", "1")
os.environ.setdefault("PYPINYIN_NO_DICT_COPY", "1")
from django import forms
from django.db import models
from pypinyin.constants import PINYIN_DICT  # noqa: E402

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


# A surname's reading where it differs from the character's most common one (曾 is "zeng" as a
# name, "ceng" in 曾经): the first character of a person's name is read from here.
SURNAME_READINGS = {
    "曾": "zeng1",
    "单": "shan4",
    "解": "xie4",
    "仇": "qiu2",
    "区": "ou1",
    "朴": "piao2",
    "查": "zha1",
    "乐": "yue4",
    "缪": "miao4",
    "翟": "zhai2",
    "盖": "ge3",
    "覃": "qin2",
    "召": "shao4",
    "种": "chong2",
    "员": "yun4",
    "繁": "po2",
    "秘": "bi4",
    "那": "na1",
    "华": "hua4",
    "任": "ren2",
    "纪": "ji3",
    "过": "guo1",
    "折": "she2",
    "句": "gou1",
    "隗": "wei3",
    "洗": "xian3",
    "莘": "shen1",
    "燕": "yan1",
    "尉": "wei4",
    "宿": "su4",
    "长": "chang2",
    "重": "chong2",
    "藏": "zang4",
    "牟": "mou2",
    "占": "zhan1",
    "谌": "chen2",
}
COMPOUND_SURNAMES = {"尉迟": "yu4 chi2", "万俟": "mo4 qi2", "单于": "chan2 yu2"}
# ā á ǎ à … → letter and tone; ü is written v (lu < lv, as dictionaries order lu, lü)
_TONE_MARKS = {
    mark: (base, str(tone))
    for base, marks in {
        "a": "āáǎà",
        "e": "ēéěè",
        "i": "īíǐì",
        "o": "ōóǒò",
        "u": "ūúǔù",
        "v": "ǖǘǚǜ",
    }.items()
    for tone, mark in enumerate(marks, start=1)
}
_TONE_MARKS.update({"ü": ("v", ""), "ń": ("n", "2"), "ň": ("n", "3"), "ǹ": ("n", "4")})
SORT_KEY_LENGTH = 400


def _syllable(reading: str) -> str:
    """ "zhāng" → "zhang1" (neutral tone: 5)."""
    letters, tone = [], "5"
    for char in reading:
        base, mark = _TONE_MARKS.get(char, (char, ""))
        letters.append(base)
        tone = mark or tone
    return "".join(letters) + tone


def pinyin_sort_key(text: str, *, person: bool = False) -> str:
    """A key that sorts Chinese names in pinyin order, the same on SQLite and PostgreSQL.

    Each hanzi becomes its most common reading with the tone as a digit, syllables separated by
    spaces ("王芳" → "wang2 fang1"): plain ASCII, so any database collation compares it byte by
    byte, and a shorter syllable comes first (li < lin: the space sorts before letters). The
    readings are pypinyin's single-character dictionary (its phrase dictionary is not loaded:
    names are not phrases, and it costs 45 MB a process); ``person=True`` reads the first
    character (or a compound surname) as a surname (曾 zeng, 单 shan). Latin letters and digits
    stay (lower-cased); a character without a reading sorts after the letters by its code
    point; punctuation and spaces are left out. Characters with the same reading keep the
    order of the name itself, which every list orders by next (ADR 0014)."""
    text = text.strip()
    tokens: list[str] = []
    if person:
        for surname, reading in COMPOUND_SURNAMES.items():
            if text.startswith(surname):
                tokens.append(reading)
                text = text[len(surname) :]
                break
        else:
            if text[:1] in SURNAME_READINGS:
                tokens.append(SURNAME_READINGS[text[0]])
                text = text[1:]
    latin = ""
    for char in text:
        if char.isascii() and char.isalnum():
            latin += char.lower()
            continue
        if latin:
            tokens.append(latin)
            latin = ""
        readings = PINYIN_DICT.get(ord(char))
        if readings:
            tokens.append(_syllable(readings.split(",", 1)[0]))
        elif not (char.isspace() or unicodedata.category(char)[0] in "PSZC"):
            tokens.append(f"~{ord(char):05x}")
    if latin:
        tokens.append(latin)
    return " ".join(tokens)[:SORT_KEY_LENGTH]
