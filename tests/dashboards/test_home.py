"""Each role lands on its own home page after login; who may open each page, and who may not."""

import pytest
from django.urls import reverse

from tests.members.factories import TEST_PASSWORD

ROLES = ["admin", "staff", "leader", "department", "member", "citizen"]


def _home_for(role):
    return {
        "admin": reverse("admin:index"),
        "staff": reverse("dashboards:office"),
        "leader": reverse("dashboards:leader"),
        "department": reverse("dashboards:department"),
        "member": reverse("dashboards:member"),
        "citizen": reverse("dashboards:citizen"),
    }[role]


@pytest.mark.parametrize("role", ROLES)
def test_home_redirects_each_role_to_its_page(client, user_for_role, role):
    client.force_login(user_for_role[role])
    response = client.get(reverse("home"))
    assert response.status_code == 302
    assert response.url == _home_for(role)


@pytest.mark.parametrize("role", ROLES)
def test_login_form_lands_on_role_home(client, user_for_role, role):
    user = user_for_role[role]
    response = client.post(
        reverse("account_login"), {"login": user.username, "password": TEST_PASSWORD}, follow=True
    )
    assert response.status_code == 200
    assert response.redirect_chain[-1][0] == _home_for(role)
    assert response.wsgi_request.user == user


def test_home_requires_login(client, db):
    response = client.get(reverse("home"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))


# page → roles that may open it (everyone else who is logged in gets 403). A superuser passes
# every role check (Django's ModelBackend), except the pages of one's own member profile.
PAGES = {
    "dashboards:office": {"staff", "admin"},
    "dashboards:leader": {"leader", "staff", "admin"},
    "dashboards:department": {"department", "admin"},
    "dashboards:citizen": {"citizen", "admin"},
    "members:me": {"member"},
    "dashboards:member": {"member"},
    "members:my_contact": {"member"},
    "members:directory": {"staff", "leader", "admin"},
    "members:create": {"staff", "admin"},
    "members:grid_managers": {"staff", "leader", "admin"},
}


@pytest.mark.parametrize("url_name", sorted(PAGES))
@pytest.mark.parametrize("role", ROLES)
def test_who_may_open_each_page(client, user_for_role, municipal, url_name, role):
    client.force_login(user_for_role[role])
    response = client.get(reverse(url_name))
    expected = 200 if role in PAGES[url_name] else 403
    assert response.status_code == expected, (url_name, role, response.status_code)


@pytest.mark.parametrize("url_name", sorted(PAGES))
def test_anonymous_is_sent_to_login(client, db, url_name):
    url = reverse(url_name)
    response = client.get(url)
    assert response.status_code == 302
    assert response.url == f"{reverse('account_login')}?next={url}"


@pytest.mark.parametrize("role", ["staff", "leader", "department", "member", "citizen"])
def test_only_admin_opens_admin_site(client, user_for_role, role):
    client.force_login(user_for_role[role])
    response = client.get(reverse("admin:index"))
    assert response.status_code == 302  # the admin's own login page, not the admin
    assert reverse("admin:login") in response.url


def test_admin_opens_admin_site(client, admin):
    client.force_login(admin)
    assert client.get(reverse("admin:index")).status_code == 200


def test_public_home_is_open(client, db):
    response = client.get(reverse("public_home"))
    assert response.status_code == 200
    assert "鄂尔多斯政协委员联系群众平台" in response.content.decode()


def test_healthz(client, db):
    response = client.get(reverse("healthz"))
    assert response.status_code == 200
    assert response.json()["database"] == "ok"
    assert response.json()["cache"] == "ok"


def test_office_home_counts_only_visible_members(client, staff_dalate, dalate, zhungeer):
    from tests.members.factories import MemberFactory

    MemberFactory.create_batch(3, committee=dalate)
    MemberFactory.create_batch(2, committee=zhungeer)
    client.force_login(staff_dalate)
    response = client.get(reverse("dashboards:office"))
    assert response.context["counts"]["members"] == 3
    assert [c.code for c in response.context["committees"]] == ["dalate"]


def test_member_account_without_profile_lands_on_a_page_it_may_open(client, make_user, dalate):
    """home() sends a member account not yet linked to a profile to the citizen page; that page
    must then open for it (not a 403 straight after login)."""
    unlinked = make_user("member", dalate)
    client.force_login(unlinked)
    response = client.get(reverse("home"), follow=True)
    assert response.redirect_chain[-1][0] == reverse("dashboards:citizen")
    assert response.status_code == 200
    assert client.get(reverse("members:me")).status_code == 403


def test_member_with_profile_cannot_open_citizen_page(client, member_user):
    client.force_login(member_user)
    assert client.get(reverse("dashboards:citizen")).status_code == 403


def test_error_pages_are_the_portals_in_the_make_run_mode(tmp_path):
    """`make run` sets no DEBUG: a missing page is the Chinese 404, never Django's debug page
    listing every URL; the static files are still served (WhiteNoise, from static/)."""
    from tests.test_settings import _run_manage

    script = (
        "from django.test import Client; c = Client();"
        "r = c.get('/no-such-page/'); print(r.status_code, '页面不存在' in r.content.decode(),"
        " 'URLconf' in r.content.decode());"
        "from django.conf import settings as s; print(s.DEBUG, s.WHITENOISE_USE_FINDERS)"
    )
    result = _run_manage(tmp_path, "shell", "-c", script)
    assert result.returncode == 0, result.stderr
    lines = result.stdout.strip().splitlines()
    assert lines[-2:] == ["404 True False", "False True"]
    result = _run_manage(
        tmp_path,
        "shell",
        "-c",
        "from django.conf import settings as s; print(s.DEBUG)",
        DEBUG="true",
    )
    assert result.stdout.strip().splitlines()[-1] == "True"


def test_the_portal_has_its_own_favicon(client, db):
    body = client.get(reverse("public_home")).content.decode()
    assert 'rel="icon" href="/static/favicon.svg"' in body
    response = client.get("/favicon.ico")  # pages that name no icon (WhiteNoise's root)
    assert response.status_code == 200
    assert response["Content-Type"] == "image/x-icon"
