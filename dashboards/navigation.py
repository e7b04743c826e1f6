"""The portal's menu and each user's landing page, declared from permissions.

Every entry names a URL and the permission (a ``rules`` permission from an app's ``rules.py``)
that shows it — the same permission the page's view requires, or one that implies it — so a
user sees exactly the pages they may open: no link answers 403, and no role needs a branch of
its own in a template (templates/partials/nav.html renders ``visible_menu``). URL and
permission names are strings: this module imports no app.

The menu asks the rules themselves (``rules.has_perm``), not ``user.has_perm``: Django lets a
superuser pass every permission check, so the administrator would otherwise be offered a
member's own pages (which need a member profile) and every role's workspace. The role groups
behind the rules are declared in accounts.roles.
"""

from __future__ import annotations

import dataclasses
import functools
from collections.abc import Iterable
from typing import Any

import rules
from django.contrib.auth.models import AnonymousUser
from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


@dataclasses.dataclass(frozen=True)
class Link:
    label: str | Promise
    url_name: str
    perm: str


@dataclasses.dataclass(frozen=True)
class Group:
    """A section of the side navigation (shown when the user may open one of its links). A user
    shown any section gets the side-navigation layout (templates/base.html); the others (visitors,
    citizens, members, departments) a top menu of plain links."""

    label: str | Promise
    links: tuple[Link, ...]

    def __init__(self, label: str | Promise, *links: Link) -> None:
        object.__setattr__(self, "label", label)
        object.__setattr__(self, "links", links)


Entry = Link | Group

# Public pages are for visitors and citizens; staff reach them from their own pages.
PUBLIC = "dashboards.browse_public_pages"

MENU: tuple[Entry, ...] = (
    Link(_("我要建言"), "opinions:submit", PUBLIC),
    Link(_("办理查询"), "opinions:track", PUBLIC),
    Link(_("委员之家"), "workstations:directory", PUBLIC),
    Link(_("委员动态"), "liaison:activity_feed", PUBLIC),
    Link(pgettext_lazy("menu", "委员讲堂"), "lectures:menu", PUBLIC),
    Link(_("典型经验"), "showcase:list", PUBLIC),
    Link(_("协商议事"), "consultations:public_list", PUBLIC),
    Link(_("我的"), "dashboards:citizen", "dashboards.view_citizen_home"),
    # a member's own work
    Link(_("工作台"), "dashboards:member", "members.view_own_profile"),
    Link(_("我的履职"), "members:me", "members.view_own_profile"),
    Link(_("我的社情民意"), "opinions:mine", "opinions.submit_member_item"),
    Link(_("联系群众活动"), "liaison:activity_mine", "liaison.log_activity"),
    Link(_("我的值班"), "workstations:my_shifts", "workstations.view_my_shifts"),
    Link(_("协商活动"), "consultations:mine", "consultations.view_my_invitations"),
    Link(_("履职档案"), "ledger:ledger_me", "ledger.view_own_ledger"),
    Link(_("联系方式"), "members:my_contact", "members.view_own_profile"),
    # workspaces
    Link(_("工作台"), "dashboards:office", "dashboards.view_office_home"),
    Link(_("领导看板"), "dashboards:leader", "dashboards.view_leader_home"),
    Link(_("承办工作台"), "dashboards:department", "dashboards.view_department_home"),
    Link(_("转办件"), "opinions:dept_inbox", "opinions.department_desk"),
    # The sections of the staff and leader side navigation (templates/partials/sidenav.html).
    Group(
        _("审核办理"),
        Link(_("社情民意审核"), "opinions:inbox", "opinions.view_desk"),
        Link(_("超期督办"), "opinions:overdue", "opinions.view_overdue"),
        Link(_("活动确认"), "liaison:activity_desk", "liaison.view_activity_desk"),
    ),
    Group(
        _("信息编发"),
        Link(_("社情民意信息"), "opinions:bulletins", "opinions.view_bulletins"),
    ),
    Group(
        _("委员履职"),
        Link(_("委员名录"), "members:directory", "members.view_member_directory"),
        Link(_("网格管理员"), "members:grid_managers", "members.view_grid_managers"),
        Link(_("履职积分"), "ledger:ledger_ranking", "ledger.view_ranking"),
    ),
    Group(
        _("委员之家"),
        Link(_("委员之家与值班"), "workstations:directory", "workstations.view_rota_desk"),
        Link(_("换班审批"), "workstations:swaps", "workstations.view_rota_desk"),
    ),
    Group(
        _("协商议事"),
        Link(_("协商活动"), "consultations:list", "consultations.view_desk"),
        Link(_("协商议题"), "consultations:topic_list", "consultations.view_desk"),
        Link(_("入场核验"), "consultations:check_in", "consultations.manage"),
    ),
    Group(
        _("委员讲堂"),
        Link(_("讲堂订单"), "lectures:orders", "lectures.view_desk"),
        Link(_("讲堂菜单审核"), "lectures:offerings", "lectures.view_desk"),
        Link(_("典型经验"), "showcase:desk", "showcases.manage"),
    ),
    Group(
        _("统计报表"),
        Link(_("承办单位办理情况"), "opinions:department_stats", "opinions.view_department_stats"),
        Link(_("周期报告"), "dashboards:reports:archive", "dashboards.view_reports"),
        Link(_("导出任务"), "exports:jobs", "exports.view_export_jobs"),
    ),
    Group(
        _("系统"),
        Link(_("登录锁定"), "accounts:login_lockouts", "accounts.manage_login_lockouts"),
        Link(_("系统管理"), "admin:index", "accounts.open_admin_site"),
    ),
)

# Pages reached from a menu entry whose link stays marked while they are shown.
PART_OF: dict[str, str] = {"dashboards:cockpit_records": "dashboards:leader"}

# Where "home" sends a user after login: the first of these they have the permission for.
LANDING: tuple[tuple[str, str], ...] = (
    ("accounts.open_admin_site", "admin:index"),
    ("dashboards.view_office_home", "dashboards:office"),
    ("dashboards.view_leader_home", "dashboards:leader"),
    ("dashboards.view_department_home", "dashboards:department"),
    ("members.view_own_profile", "dashboards:member"),
)
# Citizens, and a member account not yet linked to a profile.
LANDING_DEFAULT = "dashboards:citizen"


def links(entries: Iterable[Entry] = MENU) -> list[Link]:
    """Every link of the menu, groups opened."""
    found: list[Link] = []
    for entry in entries:
        found.extend(entry.links if isinstance(entry, Group) else (entry,))
    return found


def landing_url_name(user: Any) -> str:
    for perm, url_name in LANDING:
        if rules.has_perm(perm, user):
            return url_name
    return LANDING_DEFAULT


@dataclasses.dataclass(frozen=True)
class ShownLink:
    label: str | Promise
    url: str
    active: bool


@dataclasses.dataclass(frozen=True)
class ShownGroup:
    label: str | Promise
    links: list[ShownLink]

    @property
    def active(self) -> bool:
        return any(link.active for link in self.links)


def visible_menu(user: Any, current: str | None = None) -> list[ShownLink | ShownGroup]:
    """The entries ``user`` may open, in menu order; ``current`` (the view name of the page
    being shown) marks its link active. A visitor's menu is worked out once per page (and URL
    configuration): it asks the same rules of the same anonymous user every time."""
    current = PART_OF.get(current or "", current)
    if user is None or not user.is_authenticated:
        return list(_visitor_menu(current, get_urlconf(), get_script_prefix()))
    return _menu(user, current)


@functools.lru_cache(maxsize=256)
def _visitor_menu(
    current: str | None, urlconf: str | None, script_prefix: str
) -> tuple[ShownLink | ShownGroup, ...]:
    return tuple(_menu(AnonymousUser(), current))


def _menu(user: Any, current: str | None) -> list[ShownLink | ShownGroup]:
    def shown(link: Link) -> ShownLink:
        return ShownLink(link.label, reverse(link.url_name), link.url_name == current)

    menu: list[ShownLink | ShownGroup] = []
    for entry in MENU:
        if isinstance(entry, Link):
            if rules.has_perm(entry.perm, user):
                menu.append(shown(entry))
            continue
        allowed = [shown(link) for link in entry.links if rules.has_perm(link.perm, user)]
        if allowed:
            menu.append(ShownGroup(entry.label, allowed))
    return menu


def has_sections(menu: Iterable[ShownLink | ShownGroup]) -> bool:
    """Whether ``menu`` (from visible_menu) is laid out as a side navigation."""
    return any(isinstance(entry, ShownGroup) for entry in menu)
