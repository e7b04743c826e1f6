"""The menu is built from permissions (dashboards.navigation): for every role of the
authorization matrix, every link the user is shown opens (200, never a 403), and every page of
the menu the role may open is in its menu."""

from __future__ import annotations

import re

import pytest
import rules
from django.urls import reverse

from dashboards import navigation
from tests.security.conftest import ROLES
from tests.security.test_authorization_matrix import ROUTES

# The administrator is a superuser: Django lets it through every permission check, so it may
# open other roles' workspaces too; its menu is the office's (the rules, not the bypass).
SUPERUSER_BYPASS = {"dashboards:citizen", "dashboards:department", "opinions:dept_inbox"}
# Pages open to everyone: the menu offers them to visitors and citizens only.
PUBLIC_PAGES = {link.url_name for link in navigation.links() if link.perm == navigation.PUBLIC}
NAV_HREF = re.compile(r'<a class="(?:nav-link|portal-sidenav-link)[^"]*" href="(/[^"]*)"')


def shown_url_names(user) -> set[str]:
    names = set()
    for entry in navigation.visible_menu(user):
        for link in getattr(entry, "links", [entry]):
            names |= {
                declared.url_name
                for declared in navigation.links()
                if reverse(declared.url_name) == link.url
            }
    return names


def test_every_entry_names_a_url_and_a_declared_permission():
    for link in navigation.links():
        assert reverse(link.url_name)
        assert rules.perm_exists(link.perm), link.perm
    for perm, url_name in navigation.LANDING:
        assert rules.perm_exists(perm), perm
        assert reverse(url_name)


@pytest.mark.parametrize("role", ROLES)
def test_every_link_shown_opens(role, role_users, role_clients):
    client = role_clients[role]
    page = client.get(reverse("public_home"))
    assert page.status_code == 200
    hrefs = set(NAV_HREF.findall(page.content.decode()))
    menu_urls = {
        link.url
        for entry in navigation.visible_menu(role_users[role])
        for link in getattr(entry, "links", [entry])
    }
    assert menu_urls and menu_urls <= hrefs
    problems = []
    for href in sorted(hrefs):
        status = client.get(href).status_code
        if status != 200:
            problems.append(f"{role}: {href} answers {status}")
    assert not problems, problems


@pytest.mark.parametrize("role", ROLES)
def test_the_pages_a_role_may_open_are_in_its_menu(role, role_users):
    shown = shown_url_names(role_users[role])
    for link in navigation.links():
        name = link.url_name
        if name not in ROUTES:  # the admin site: not in the matrix
            continue
        may_open = ROUTES[name].get[role] == 200
        if name in shown:
            assert may_open, f"{role} is shown {name} but gets {ROUTES[name].get[role]}"
            continue
        if name in PUBLIC_PAGES and role not in ("anonymous", "citizen"):
            continue
        if role == "admin" and name in SUPERUSER_BYPASS:
            continue
        assert not may_open, f"{role} may open {name} but it is not in the menu"


def test_the_admin_site_is_in_the_administrators_menu_only(role_users):
    for role in ROLES:
        shown = "admin:index" in shown_url_names(role_users[role])
        assert shown is (role == "admin"), role


SIDE_NAVIGATION = {"staff": True, "leader": True, "admin": True}


@pytest.mark.parametrize("role", ROLES)
def test_staff_and_leaders_get_the_side_navigation_the_others_a_top_menu(
    role, role_users, role_clients
):
    body = role_clients[role].get(reverse("public_home")).content.decode()
    sided = SIDE_NAVIGATION.get(role, False)
    assert ("portal-sidenav-link" in body) is sided
    assert ('id="mainNav"' in body and "navbar-collapse" in body) is not sided
    assert navigation.has_sections(navigation.visible_menu(role_users[role])) is sided


def test_the_side_navigation_groups_the_staff_pages(role_users):
    sections = {
        str(entry.label): [str(link.label) for link in entry.links]
        for entry in navigation.visible_menu(role_users["staff"])
        if isinstance(entry, navigation.ShownGroup)
    }
    assert list(sections) == [
        "审核办理",
        "信息编发",
        "委员履职",
        "委员之家",
        "协商议事",
        "委员讲堂",
        "统计报表",
        "系统",
    ]
    assert sections["协商议事"] == ["协商活动", "协商议题", "入场核验"]
    assert sections["审核办理"][0] == "社情民意审核"


def test_the_current_page_is_marked(role_clients):
    body = role_clients["staff"].get(reverse("opinions:overdue")).content.decode()
    url = reverse("opinions:overdue")
    assert f'class="portal-sidenav-link active" href="{url}" aria-current="page"' in body
