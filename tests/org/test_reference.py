"""Reference data: all ten committees and nine 旗区 with their real names; loading is idempotent."""

import pytest

from org.models import Committee, Expertise, Party, Region, Sector, SpecialCommittee, Term
from org.reference import reference_data_load

MODELS = [Committee, Term, Region, Sector, SpecialCommittee, Party, Expertise]

BANNERS = [
    "东胜区",
    "康巴什区",
    "达拉特旗",
    "准格尔旗",
    "鄂托克前旗",
    "鄂托克旗",
    "杭锦旗",
    "乌审旗",
    "伊金霍洛旗",
]


def _counts():
    return {model.__name__: model.objects.count() for model in MODELS}


def _wipe_reference_data():
    """Empty the reference tables (in this test's transaction) to load from nothing."""
    Committee.objects.update(region=None, parent=None)
    SpecialCommittee.objects.all().delete()
    Sector.objects.all().delete()
    Term.objects.all().delete()
    for level in (Region.Level.VILLAGE, Region.Level.TOWNSHIP, Region.Level.BANNER):
        Region.objects.filter(level=level).delete()
    Committee.objects.all().delete()
    Party.objects.all().delete()
    Expertise.objects.all().delete()


@pytest.mark.django_db
def test_loads_from_empty_then_twice_without_duplicates():
    _wipe_reference_data()
    assert sum(_counts().values()) == 0

    made = reference_data_load()
    first = _counts()
    assert made["committees"] == 10
    assert first["Committee"] == 10
    assert {k: v for k, v in made.items()} == {
        "committees": first["Committee"],
        "terms": first["Term"],
        "regions": first["Region"],
        "sectors": first["Sector"],
        "special_committees": first["SpecialCommittee"],
        "parties": first["Party"],
        "expertise": first["Expertise"],
    }

    made_again = reference_data_load()
    assert set(made_again.values()) == {0}
    assert _counts() == first


@pytest.mark.django_db
def test_reload_recreates_only_what_is_missing(ref):
    before = _counts()
    Sector.objects.get(committee=ref["dalate"], name="教育").delete()
    Expertise.objects.get(name="法律").delete()

    made = reference_data_load()

    assert made["sectors"] == 1
    assert made["expertise"] == 1
    assert made["committees"] == 0
    assert _counts() == before


@pytest.mark.django_db
def test_ten_committees_with_real_names(ref):
    names = list(Committee.objects.values_list("name", flat=True))
    assert names == ["鄂尔多斯市政协"] + [f"{banner}政协" for banner in BANNERS]
    municipal = Committee.objects.get(level=Committee.Level.MUNICIPAL)
    assert municipal.is_municipal
    assert Committee.objects.filter(level=Committee.Level.BANNER, parent=municipal).count() == 9


@pytest.mark.django_db
def test_nine_banners_are_regions_of_their_committees(ref):
    banners = Region.objects.filter(level=Region.Level.BANNER, parent=None)
    assert sorted(banners.values_list("name", flat=True)) == sorted(BANNERS)
    for banner in banners.select_related("committee"):
        assert banner.committee.region_id == banner.pk
        assert banner.committee.name == f"{banner.name}政协"
        townships = banner.children.all()
        assert townships.exists()
        assert Region.objects.filter(parent__in=townships, level=Region.Level.VILLAGE).exists()


@pytest.mark.django_db
def test_terms_municipal_fifth_term_is_current(ref):
    current = Term.objects.get(committee=ref["ordos"], is_current=True)
    assert (current.number, current.name, current.starts_on.year) == (5, "第五届", 2022)
    # Every committee has exactly one current term.
    assert Term.objects.filter(is_current=True).count() == 10
    assert Term.objects.get(committee=ref["dalate"], is_current=True).name == "第十一届"


@pytest.mark.django_db
def test_sectors_and_special_committees_per_committee(ref):
    assert Sector.objects.filter(committee=ref["ordos"], name="九三学社").exists()
    assert not Sector.objects.filter(committee=ref["dalate"], name="九三学社").exists()
    education = SpecialCommittee.objects.get(committee=ref["ordos"], name="教科卫体委员会")
    assert set(education.sectors.values_list("name", flat=True)) >= {"教育", "医药卫生"}
    # A banner special committee only looks after that banner's own sectors.
    banner_sc = SpecialCommittee.objects.get(committee=ref["dalate"], name="经济委员会")
    assert set(banner_sc.sectors.values_list("committee_id", flat=True)) == {ref["dalate"].pk}


@pytest.mark.django_db
def test_management_command_is_idempotent(ref):
    from django.core.management import call_command

    before = _counts()
    call_command("load_reference_data", verbosity=0)
    call_command("load_reference_data", verbosity=0)
    assert _counts() == before
