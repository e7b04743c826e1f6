"""The shared text normaliser (core.text): what it drops, what it must keep (Mongolian script),
and its properties — the output is always XML-safe and normalising twice changes nothing."""

import unicodedata

import pytest
from django import forms
from hypothesis import example, given
from hypothesis import strategies as st
from lxml import etree

from core.text import TextNormalizingMixin, normalize_text, xml_safe

MONGOL = "ᠮᠣᠩᠭᠣᠯ"  # mongɣol
# "of the Mongols": the genitive suffix joined by NARROW NO-BREAK SPACE; "ɣajar" with free
# variation selector 1 on the ɣ; "qar-a" with the MONGOLIAN VOWEL SEPARATOR; FVS4 (U+180F).
MONGOLIAN_SAMPLES = [
    MONGOL,
    MONGOL + "\u202fᠤᠨ",
    "ᠭ\u180bᠠᠵᠠᠷ",
    "ᠬᠠᠷ\u180eᠠ",
    "ᠴ\u180cᠢ ᠲ\u180dᠠ ᠭ\u180fᠠ",
    "ᠤᠯᠤᠰ\u202fᠤᠨ ᠪᠠᠶᠢᠳᠠᠯ\n第二行 ᠮᠣᠩᠭᠣᠯ ᠪᠢᠴᠢᠭ",
    "ᠮ\u200dᠣ ᠨ\u200cᠠ",  # ZWJ / ZWNJ select joining forms
    "👨\u200d👩\u200d👧",  # emoji sequence
    "می\u200cخواهم",  # Persian needs ZWNJ
    "鄂尔多斯\u3000康巴什区\t路灯",
]


@pytest.mark.parametrize("text", MONGOLIAN_SAMPLES)
def test_real_text_survives_unchanged(text):
    assert normalize_text(text) == text
    assert xml_safe(text) == text


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        ("路灯\ufffe坏了\uffff", "路灯坏了"),  # noncharacters: no XLSX/DOCX could hold them
        ("标题\U0001fffe\U0010ffff\ufdd0", "标题"),
        ("\u061c标题", "标题"),  # Arabic letter mark
        ("左\u200e右\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069", "左右"),
        ("\ufeff标题", "标题"),  # BOM
        ("标\u200b题\u2060", "标题"),  # zero-width space, word joiner
        ("标题\U000e0001\U000e0041\U000e007f", "标题"),  # tag characters
        ("第一行\u2028第二行\u2029第三段", "第一行\n第二行\n第三段"),
        ("第一行\x85第二行", "第一行\n第二行"),
        ("响\x07铃\x1b[31m\x7f\x9b", "响铃[31m"),
        ("e\u0301te\u0301", "été"),  # NFC
        ("行一\r\n行二\t列", "行一\r\n行二\t列"),
    ],
)
def test_what_is_dropped_or_replaced(raw, clean):
    assert normalize_text(raw) == clean


def _xml_accepts(text: str) -> bool:
    element = etree.Element("t")
    try:
        element.text = text
    except ValueError:
        return False
    return True


ANY_CODE_POINT = st.text(st.characters(exclude_categories=()), max_size=40)
MONGOLIAN_TEXT = st.text(
    st.sampled_from(
        [chr(c) for c in range(0x1820, 0x1879)]
        + ["\u180b", "\u180c", "\u180d", "\u180e"]
        # U+180F FVS4 is unassigned in older Unicode databases; tested in the samples above.
        + ["\u202f", "\u200c", "\u200d", " ", "\n"]
    ),
    max_size=40,
)


@given(ANY_CODE_POINT)
@example("\ufffe\uffff\x00\x0b\ud800\U0010ffff")
def test_output_is_xml_safe_and_idempotent(text):
    once = normalize_text(text)
    assert _xml_accepts(once)
    assert normalize_text(once) == once
    assert unicodedata.is_normalized("NFC", once)
    assert not any(ch in once for ch in "\u2028\u2029\ufeff\u061c\u202e")
    assert xml_safe(text) == once


@given(MONGOLIAN_TEXT)
def test_mongolian_script_is_never_changed(text):
    assert normalize_text(text) == text


class _Form(TextNormalizingMixin, forms.Form):
    title = forms.CharField(max_length=10)
    body = forms.CharField(required=False, widget=forms.Textarea)
    secret = forms.CharField(widget=forms.PasswordInput, required=False)


def test_form_mixin_normalises_before_validation():
    form = _Form({"title": "\ufeff 路灯\ufffe ", "body": "a\u2028b", "secret": "p\u200bw\ufeff"})
    assert form.is_valid(), form.errors
    assert form.cleaned_data == {"title": "路灯", "body": "a\nb", "secret": "p\u200bw\ufeff"}
    # max_length counts what is stored; a title of invisible characters is empty, so required
    assert _Form({"title": "题" * 10 + "\u200b" * 5}).is_valid()
    form = _Form({"title": "\u202e\ufeff\U000e0041"})
    assert not form.is_valid() and "title" in form.errors
    # NUL is left to Django's own validator, which refuses it with a message
    form = _Form({"title": "路\x00灯"})
    assert not form.is_valid() and "title" in form.errors


def test_admin_forms_normalise_text(client, admin, municipal):
    """Reference data entered in the admin goes through the same normaliser."""
    from django.urls import reverse

    from org.models import Party

    client.force_login(admin)
    response = client.post(
        reverse("admin:org_party_add"),
        {"name": "\ufeff测试党派\ufffe", "kind": "democratic", "order": 0},
    )
    assert response.status_code == 302, response.context["adminform"].form.errors
    assert Party.objects.filter(name="测试党派").exists()
