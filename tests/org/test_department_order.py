"""Names come in pinyin order on either database: a stored key of pypinyin readings (ADR 0014)."""

import pytest

from core.forms import pinyin_keywords
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


def test_the_sort_key_orders_names_by_pinyin():
    assert sorted(NAMES, key=pinyin_sort_key) == PINYIN_ORDER
    assert pinyin_sort_key("王芳") == "wang2 fang1"
    # a shorter syllable first (li < lin), ü after u (lu < lü)
    assert sorted(["林丽", "李明", "吕强", "卢涛"], key=pinyin_sort_key) == [
        "李明",
        "林丽",
        "卢涛",
        "吕强",
    ]
    # Latin letters and digits stay, lower-cased; punctuation and spaces are left out
    assert pinyin_sort_key(" ABC（集团）公司 ") == "abc ji2 tuan2 gong1 si1"


@pytest.mark.parametrize(
    "names",
    [
        # characters outside GB2312's pinyin-ordered level 1 (闫, 芮, 邬, 琪) sort by their reading,
        # not after every common character
        ["蔡亮", "芮成", "王琪", "王伟", "邬强", "闫俊", "左明"],
        # surnames read as surnames: 曾 zeng, 单 shan, 解 xie, 仇 qiu; 尉迟 yu chi
        ["仇军", "单雄", "王五", "解放", "尉迟敬", "曾红"],
    ],
)
def test_person_names_sort_by_their_reading(names):
    shuffled = list(reversed(names))
    assert sorted(shuffled, key=lambda n: pinyin_sort_key(n, person=True)) == names


def test_a_picker_finds_a_name_by_pinyin_and_initials():
    assert pinyin_keywords(pinyin_sort_key("市财政局")) == "shicaizhengju sczj"
    assert pinyin_keywords(pinyin_sort_key("吕强", person=True)) == "lvqiang lq"
    assert pinyin_keywords(pinyin_sort_key("委员0001", person=True)) == "weiyuan0001 wy0"


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
