"""The public forms' 旗区 → 苏木乡镇/嘎查村 picker: the page lists only the 苏木乡镇 (grouped by
旗区) until a 旗区 is chosen, the JSON list of one 旗区's places that static/js/portal.js fills the
select from, what a browser without JavaScript gets, and the server's check of the pair."""

from html.parser import HTMLParser

import pytest
from django.test.signals import template_rendered
from django.urls import reverse

from opinions.models import Opinion
from org.models import Region
from tests.opinions.conftest import public_form_data
from tests.workstations.factories import WorkstationFactory

pytestmark = pytest.mark.django_db

SUBMIT, MAILBOX = reverse("opinions:submit"), reverse("opinions:mailbox")


class _Select(HTMLParser):
    """The options of one <select>: (group label or None, value, label, selected)."""

    def __init__(self, name):
        super().__init__()
        self.name, self.inside, self.group, self.options, self.attrs = name, False, None, [], {}
        self._option = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "select" and attrs.get("name") == self.name:
            self.inside, self.attrs = True, attrs
        elif self.inside and tag == "optgroup":
            self.group = attrs["label"]
        elif self.inside and tag == "option":
            self._option = [self.group, attrs["value"], "", "selected" in attrs]

    def handle_data(self, data):
        if self._option is not None:
            self._option[2] += data

    def handle_endtag(self, tag):
        if tag == "option" and self._option is not None:
            self.options.append(tuple(self._option))
            self._option = None
        elif tag == "optgroup":
            self.group = None
        elif tag == "select":
            self.inside = False


def select(response, name="region") -> _Select:
    parser = _Select(name)
    parser.feed(response.content.decode())
    return parser


def places(committee, level=None):
    regions = Region.objects.filter(committee=committee).exclude(level=Region.Level.BANNER)
    return regions.filter(level=level) if level else regions


# --- the page before a 旗区 is chosen: what works without JavaScript ---------------------------
def test_before_a_banner_is_chosen_only_townships_are_listed_by_banner(client, ref, categories):
    options = select(client.get(SUBMIT)).options
    assert options[0] == (None, "", "不限", True)
    townships = Region.objects.filter(level=Region.Level.TOWNSHIP)
    assert {int(value) for _g, value, _l, _s in options[1:]} == set(
        townships.values_list("pk", flat=True)
    )
    assert not Region.objects.filter(
        level=Region.Level.VILLAGE, pk__in=[int(v) for _g, v, _l, _s in options[1:]]
    ).exists()
    # each township under its own 旗区's group, so a citizen without JavaScript can pick theirs
    dalate = ref["dalate"]
    shulinzhao = places(dalate, Region.Level.TOWNSHIP).first()
    assert (dalate.short_name, str(shulinzhao.pk), shulinzhao.name, False) in options


def test_without_javascript_a_township_of_the_chosen_banner_goes_through(client, dalate, category):
    township = places(dalate, Region.Level.TOWNSHIP).first()
    response = client.post(SUBMIT, public_form_data(dalate, category, region=township.pk))
    assert response.status_code == 302
    assert Opinion.objects.get().region == township


def test_the_committee_select_names_the_place_select_and_the_list_url(client, dalate, categories):
    committee = select(client.get(SUBMIT), "committee")
    assert committee.attrs["data-regions-select"] == "id_region"
    url = committee.attrs["data-regions-url"]
    assert url == reverse("opinions:regions", args=[0]) and url.endswith("/0/")
    # portal.js puts the chosen id in place of the final 0
    assert client.get(url[:-2] + f"{dalate.pk}/").status_code == 200


# --- the page re-rendered with a 旗区 --------------------------------------------------------
def test_a_rerendered_form_lists_only_the_chosen_banners_places_and_keeps_the_choice(
    client, dalate, category
):
    village = places(dalate, Region.Level.VILLAGE).select_related("parent").first()
    data = public_form_data(dalate, category, region=village.pk, title="")  # a title is missing
    response = client.post(SUBMIT, data)
    assert response.status_code == 200 and "title" in response.context["form"].errors
    options = select(response).options
    assert {int(v) for _g, v, _l, _s in options[1:]} == set(
        places(dalate).values_list("pk", flat=True)
    )
    assert [o for o in options if o[3]] == [
        (None, str(village.pk), f"{village.parent.name} · {village.name}", True)
    ]
    chosen = select(response, "committee").options
    assert [o[1] for o in chosen if o[3]] == [str(dalate.pk)]


def test_each_township_comes_with_its_villages(client, dalate, category):
    response = client.post(SUBMIT, public_form_data(dalate, category, title=""))
    labels = [label for _g, _v, label, _s in select(response).options[1:]]
    township = places(dalate, Region.Level.TOWNSHIP).filter(children__isnull=False).first()
    at = labels.index(township.name)
    villages = sorted(township.children.values_list("name", flat=True))
    assert labels[at + 1 : at + 1 + len(villages)] == [f"{township.name} · {v}" for v in villages]


def test_a_mailbox_link_from_a_workstation_lists_its_banners_places(client, dalate, categories):
    workstation = WorkstationFactory(committee=dalate)
    response = client.get(MAILBOX, {"workstation": workstation.pk})
    values = {int(v) for _g, v, _l, _s in select(response).options[1:]}
    assert values == set(places(dalate).values_list("pk", flat=True))
    assert [o[1] for o in select(response, "workstation").options if o[3]] == [str(workstation.pk)]


# --- the server's check ----------------------------------------------------------------------
def test_a_place_of_another_banner_is_refused_by_name(client, dalate, zhungeer, category):
    elsewhere = places(zhungeer, Region.Level.VILLAGE).first()
    response = client.post(SUBMIT, public_form_data(dalate, category, region=elsewhere.pk))
    assert response.status_code == 200
    assert response.context["form"].errors["region"] == ["所选苏木乡镇/嘎查村不在该旗区内。"]
    assert "所选苏木乡镇/嘎查村不在该旗区内。" in response.content.decode()
    assert not Opinion.objects.exists()


@pytest.mark.parametrize("junk", ["999999999", "abc", "²", str(10**30)])
def test_a_place_that_does_not_exist_is_refused(client, dalate, category, junk):
    response = client.post(SUBMIT, public_form_data(dalate, category, region=junk))
    assert response.status_code == 200 and "region" in response.context["form"].errors
    assert not Opinion.objects.exists()


def test_a_banner_itself_is_not_a_place(client, dalate, category):
    banner = Region.objects.get(committee=dalate, level=Region.Level.BANNER)
    response = client.post(SUBMIT, public_form_data(dalate, category, region=banner.pk))
    assert "region" in response.context["form"].errors
    assert not Opinion.objects.exists()


# --- the JSON list ---------------------------------------------------------------------------
def regions_of(client, committee_id):
    return client.get(reverse("opinions:regions", args=[committee_id]))


def test_the_list_holds_that_banners_places_only(client, dalate, zhungeer):
    response = regions_of(client, dalate.pk)
    assert response.status_code == 200 and response["Content-Type"] == "application/json"
    listed = response.json()["regions"]
    assert {place["id"] for place in listed} == set(places(dalate).values_list("pk", flat=True))
    township = places(dalate, Region.Level.TOWNSHIP).first()
    assert {"id": township.pk, "label": township.name} in listed
    assert not {p["id"] for p in listed} & set(places(zhungeer).values_list("pk", flat=True))
    assert "public" in response["Cache-Control"] and "max-age=300" in response["Cache-Control"]


def test_the_municipal_committee_has_no_places_and_an_unknown_one_is_404(client, municipal):
    assert regions_of(client, municipal.pk).json() == {"regions": []}
    assert regions_of(client, 999999).status_code == 404
    assert client.get("/opinions/regions/x/").status_code == 404


def test_the_list_is_public_and_answers_without_a_query_once_computed(
    client, dalate, django_assert_max_num_queries, django_assert_num_queries
):
    with django_assert_max_num_queries(2):  # the committees and the places, once
        regions_of(client, dalate.pk)
    with django_assert_num_queries(0):
        assert regions_of(client, dalate.pk).status_code == 200
        assert regions_of(client, 999999).status_code == 404


def test_a_new_place_is_listed_at_once(client, dalate):
    regions_of(client, dalate.pk)
    township = places(dalate, Region.Level.TOWNSHIP).first()
    new = Region.objects.create(
        committee=dalate, parent=township, level=Region.Level.VILLAGE, name="新建嘎查"
    )
    listed = regions_of(client, dalate.pk).json()["regions"]
    assert {"id": new.pk, "label": f"{township.name} · 新建嘎查"} in listed


def test_hostile_place_names_are_escaped_on_the_page_and_plain_in_the_json(
    client, dalate, category
):
    township = places(dalate, Region.Level.TOWNSHIP).first()
    Region.objects.create(
        committee=dalate, parent=township, level=Region.Level.VILLAGE, name="<script>x</script>"
    )
    response = client.post(SUBMIT, public_form_data(dalate, category, title=""))
    html = response.content.decode()
    assert "<script>x</script>" not in html
    assert f"{township.name} · &lt;script&gt;x&lt;/script&gt;</option>" in html
    labels = [p["label"] for p in regions_of(client, dalate.pk).json()["regions"]]
    assert f"{township.name} · <script>x</script>" in labels  # portal.js sets it as text


# --- cost -------------------------------------------------------------------------------------
def test_no_option_is_rendered_through_a_template(client, dalate, category):
    """core.renderers builds the selects; only the page's own templates are rendered."""
    rendered = []

    def record(sender, template, **kwargs):
        rendered.append(template.name)

    template_rendered.connect(record)
    try:
        response = client.post(MAILBOX, public_form_data(dalate, category, title=""))
    finally:
        template_rendered.disconnect(record)
    assert response.status_code == 200
    assert not [name for name in rendered if name and name.startswith("django/forms/widgets/")]
    assert "opinions/submit.html" in rendered


@pytest.mark.parametrize("url", [SUBMIT, MAILBOX])
def test_the_form_pages_take_few_queries(
    client, ref, categories, url, django_assert_max_num_queries
):
    WorkstationFactory.create_batch(3, committee=ref["dalate"])
    # the lists are computed once: committees, places, categories (and the workstations)
    with django_assert_max_num_queries(4):
        assert client.get(url).status_code == 200
    with django_assert_max_num_queries(0):
        assert client.get(url).status_code == 200  # served from the page's shell
    # a re-rendered form looks up what was posted, never a list
    data = public_form_data(ref["dalate"], categories[0], title="")
    with django_assert_max_num_queries(3):  # the rows posted ids are checked against, once
        assert client.post(url, data).status_code == 200
    with django_assert_max_num_queries(0):  # then from the per-process lists (issue 11)
        assert client.post(url, data).status_code == 200
