"""core.forms.validate_from_memo: a public form checks the posted category, 旗区 and place
against the rows kept per process (core.memo) — no query per POST — and still refuses what is
not among them, and sees a change as soon as its row is saved (issue 11)."""

import pytest
from django import forms

from core.forms import validate_from_memo
from core.memo import PUBLIC
from opinions.models import Category

pytestmark = pytest.mark.django_db


class CategoryForm(forms.Form):
    category = forms.ModelChoiceField(queryset=Category.objects.none())

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["category"]
        field.queryset = Category.objects.filter(is_active=True)
        validate_from_memo(field, PUBLIC, "tests.active_categories")


def cleaned(value):
    form = CategoryForm({"category": value})
    return form.cleaned_data["category"] if form.is_valid() else form.errors["category"]


def test_the_rows_are_read_once(categories, django_assert_num_queries):
    with django_assert_num_queries(1):
        assert cleaned(str(categories[0].pk)) == categories[0]
    with django_assert_num_queries(0):
        assert cleaned(str(categories[1].pk)).name == categories[1].name
        assert cleaned(str(categories[1].pk)).pk == categories[1].pk


def test_each_form_gets_its_own_copy(categories):
    first = cleaned(str(categories[0].pk))
    first.name = "改过"
    assert cleaned(str(categories[0].pk)).name == categories[0].name


@pytest.mark.parametrize("junk", ["999999", "²", "1e3", "-1", "1" * 30, "abc", "1 2"])
def test_what_is_not_a_row_is_an_invalid_choice(categories, junk):
    form = CategoryForm({"category": junk})
    assert not form.is_valid()
    assert [e.code for e in form.errors.as_data()["category"]] == ["invalid_choice"]


def test_an_id_with_spaces_is_read_as_django_reads_it(categories):
    assert cleaned(f" {categories[0].pk} ") == categories[0]


def test_an_inactive_row_is_refused_once_saved(categories):
    category = categories[0]
    assert cleaned(str(category.pk)) == category
    category.is_active = False
    category.save()  # its signal starts a new generation of the PUBLIC lists
    assert isinstance(cleaned(str(category.pk)), list)
    new = Category.objects.create(name="新类别", order=99, is_active=True)
    assert cleaned(str(new.pk)) == new
