"""Departments come in pinyin order on either database (a stored GB18030 sort key, ADR 0014)."""

from core.text import pinyin_sort_key
from opinions import selectors
from org.models import Department

NAMES = ["市住房和城乡建设局", "市财政局", "市教育局", "市发展和改革委员会", "市公安局", "市民政局"]
PINYIN_ORDER = [
    "市财政局",  # cai
    "市发展和改革委员会",  # fa
    "市公安局",  # gong
    "市教育局",  # jiao
    "市民政局",  # min
    "市住房和城乡建设局",  # zhu
]


def test_the_sort_key_orders_common_hanzi_by_pinyin():
    assert sorted(NAMES, key=pinyin_sort_key) == PINYIN_ORDER
    assert pinyin_sort_key("ABC") < pinyin_sort_key("阿")  # plain ASCII first


def test_departments_are_listed_in_pinyin_order(dalate):
    for name in NAMES:
        Department.objects.create(committee=dalate, name=name)
    assert [d.name for d in Department.objects.filter(committee=dalate)] == PINYIN_ORDER
    listed = selectors.forwardable_departments(committee_id=dalate.pk)  # the forward form's
    assert [d.name for d in listed] == PINYIN_ORDER


def test_a_renamed_department_moves(dalate):
    first = Department.objects.create(committee=dalate, name="市财政局")
    Department.objects.create(committee=dalate, name="市教育局")
    first.name = "市住房和城乡建设局"
    first.save(update_fields=["name"])
    names = list(Department.objects.filter(committee=dalate).values_list("name", flat=True))
    assert names == ["市教育局", "市住房和城乡建设局"]
