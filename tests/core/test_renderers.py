"""core.renderers.WidgetRenderer builds the plain widgets in Python: its output must be exactly
what Django's widget templates render, for every state a page shows (selected options after a
validation error, optgroups, hostile labels and values, boolean and safe attributes)."""

import datetime
from decimal import Decimal

import pytest
from django import forms
from django.forms.renderers import DjangoTemplates
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy

from core.renderers import WidgetRenderer

TEMPLATES, FAST = DjangoTemplates(), WidgetRenderer()
HOSTILE = '"><script>alert(1)</script>&amp;'

GROUPED = [
    ("", "不限"),
    ("达拉特旗", [(1, "树林召镇"), (2, f"树林召镇 · {HOSTILE}")]),
    ("准格尔旗", [(3, "薛家湾镇")]),
    (4, 4),
]


class EmptyValueInput(forms.TextInput):
    def format_value(self, value):
        return ""  # shown as value="" (None leaves the attribute out)


class EveryWidget(forms.Form):
    title = forms.CharField(max_length=60, help_text="x")
    hidden = forms.CharField(widget=forms.HiddenInput, required=False)
    phone = forms.CharField(widget=forms.TextInput(attrs={"inputmode": "numeric", "x": None}))
    blank = forms.CharField(widget=EmptyValueInput(attrs={"data-safe": mark_safe("a&amp;<b>")}))
    email = forms.EmailField(required=False)
    number = forms.DecimalField(required=False)
    day = forms.DateField(required=False, widget=forms.DateInput(attrs={"type": "date"}))
    password = forms.CharField(widget=forms.PasswordInput(render_value=True), required=False)
    content = forms.CharField(widget=forms.Textarea(attrs={"rows": 8}), required=False)
    consent = forms.BooleanField()
    flag = forms.BooleanField(required=False, widget=forms.CheckboxInput(attrs={"checked": False}))
    upload = forms.FileField(required=False)
    uploads = forms.FileField(required=False, widget=forms.ClearableFileInput(attrs={"a": "b"}))
    kind = forms.ChoiceField(choices=[("", "请选择"), ("a", HOSTILE), (HOSTILE, "b"), (7, 7)])
    grouped = forms.ChoiceField(choices=GROUPED, required=False)
    many = forms.MultipleChoiceField(choices=[("a", "A"), ("b", "B"), ("c", "C")], required=False)
    lazy = forms.ChoiceField(choices=[("x", gettext_lazy("不限")), ("y", mark_safe("<b>y</b>"))])
    maybe = forms.NullBooleanField(required=False)


STATES = {
    "unbound": {},
    "initial": {
        "initial": {
            "title": HOSTILE,
            "number": Decimal("1.50"),
            "day": datetime.date(2026, 12, 1),
            "kind": HOSTILE,
            "grouped": 2,
            "many": ["a", "c"],
            "lazy": "y",
            "maybe": True,
            "content": f"第一行\n{HOSTILE}",
            "consent": True,
        }
    },
    # a re-rendered form after a validation error keeps what was chosen
    "bound": {
        "data": {
            "title": "",
            "phone": "１３９",
            "kind": "7",
            "grouped": "3",
            "many": ["b"],
            "content": "\n",
            "password": HOSTILE,
            "maybe": "false",
        }
    },
}


def _render_all(form_kwargs, renderer):
    form = EveryWidget(**form_kwargs, renderer=renderer)
    form.is_valid()
    extra = {"class": "form-control is-invalid", "aria-describedby": 'a"b', "required": True}
    return {
        name: (str(form[name]), form[name].as_widget(attrs=extra), form[name].as_hidden())
        for name in form.fields
    }


@pytest.mark.parametrize("state", STATES)
def test_every_plain_widget_renders_as_the_templates_do(state):
    expected = _render_all(STATES[state], TEMPLATES)
    built = _render_all(STATES[state], FAST)
    for name in expected:
        assert built[name] == expected[name], name


def test_the_fast_path_is_taken(monkeypatch):
    """The equality above would hold trivially if the renderer fell back to the templates."""
    form = EveryWidget(renderer=FAST)

    def no_templates(*args, **kwargs):
        raise AssertionError("rendered by a template")

    monkeypatch.setattr(DjangoTemplates, "render", no_templates)
    for name in ("title", "content", "kind", "grouped", "many", "consent", "upload", "uploads"):
        assert str(form[name])


def test_option_labels_and_values_are_escaped():
    html = str(EveryWidget(renderer=FAST)["kind"])
    assert "<script>" not in html
    assert (
        '<option value="a">&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;&amp;amp;</option>'
        in (html)
    )
    assert 'value="&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;&amp;amp;">b</option>' in html


def test_the_selected_option_is_kept_after_a_validation_error():
    form = EveryWidget(data={"grouped": "3", "kind": "a"}, renderer=FAST)
    assert not form.is_valid()
    assert '<option value="3" selected>薛家湾镇</option>' in str(form["grouped"])
    assert '<option value="a" selected>' in str(form["kind"])
    assert '<option value="1">树林召镇</option>' in str(form["grouped"])


def test_other_templates_still_render_through_the_templates():
    class Lists(forms.Form):
        pick = forms.ChoiceField(choices=[("a", HOSTILE)], widget=forms.RadioSelect)
        boxes = forms.MultipleChoiceField(choices=[("a", "A")], widget=forms.CheckboxSelectMultiple)

    for name in ("pick", "boxes"):
        assert str(Lists(renderer=FAST)[name]) == str(Lists(renderer=TEMPLATES)[name])
    assert str(Lists(renderer=FAST)) == str(Lists(renderer=TEMPLATES))  # the form's own template


def test_a_select_with_its_own_option_template_is_left_to_the_templates():
    class OwnOptions(forms.Select):
        option_template_name = "django/forms/widgets/radio_option.html"

    class Form(forms.Form):
        pick = forms.ChoiceField(choices=[("a", "A")], widget=OwnOptions)

    assert str(Form(renderer=FAST)["pick"]) == str(Form(renderer=TEMPLATES)["pick"])
    assert 'type="select"' in str(Form(renderer=FAST)["pick"])
