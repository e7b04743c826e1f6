"""core.urls: a table row is ``route(pattern, ViewClass, name)``; ``group`` writes a prefix once."""

from django.http import HttpResponse
from django.urls import URLPattern, URLResolver, resolve, reverse
from django.views import View

from core.urls import group, route


class Page(View):
    def get(self, request, **kwargs):
        return HttpResponse("ok")


urlpatterns = [
    route("pages/", Page, "page_list"),
    group(
        "pages/<int:pk>/",
        route("", Page, "page_detail"),
        route("attendance/", Page, "page_attendance", action="attendance"),
        route("<str:action>/", Page, "page_action"),
    ),
]


def test_route_is_a_named_page_of_the_view_class():
    row = route("pages/", Page, "page_list")
    assert isinstance(row, URLPattern)
    assert row.name == "page_list"
    assert str(row.pattern) == "pages/"
    assert row.callback.view_class is Page
    assert row.default_args == {}


def test_route_passes_fixed_keyword_arguments_to_the_view():
    row = route("x/", Page, "x", action="attendance")
    assert row.default_args == {"action": "attendance"}


def test_group_prefixes_its_rows_without_a_namespace(settings):
    settings.ROOT_URLCONF = __name__
    nested = urlpatterns[1]
    assert isinstance(nested, URLResolver)
    assert nested.namespace is None
    assert reverse("page_detail", kwargs={"pk": 7}) == "/pages/7/"
    assert reverse("page_action", kwargs={"pk": 7, "action": "close"}) == "/pages/7/close/"
    match = resolve("/pages/7/attendance/")
    assert match.url_name == "page_attendance"
    assert match.kwargs == {"pk": 7, "action": "attendance"}
    assert match.route == "pages/<int:pk>/attendance/"
    assert resolve("/pages/7/close/").kwargs == {"pk": 7, "action": "close"}
    assert resolve("/pages/").func.view_class is Page
