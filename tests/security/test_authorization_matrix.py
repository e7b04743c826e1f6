"""The authorization matrix: who may open what, generated from the URL resolver.

Every named URL of the portal (the admin site, allauth's own pages and static files aside) has a
row in ``ROUTES`` below. A row says how to build the URL's arguments from a record in the user's
committee (达拉特旗, "in") and one outside it (准格尔旗, "out"), and the status each role gets:

* a single value applies to both records (or to a URL without a record);
* a pair ``(in, out)`` gives the status for the in-scope and the out-of-scope record;
* ``LOGIN`` is a redirect to the login page; ``OK`` (POST only) means the role may act, so the
  answer is the result page, a redirect back or a form error (200/302/400), never a refusal.

Every role is a 达拉特旗 user (citizens and the administrator have no committee; the administrator
is a superuser and sees every committee). A URL that is added to the portal without a row here
fails ``test_every_named_url_is_in_the_table`` — the table is the documentation of who may do what.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from audit.models import AuditLog
from tests.security.conftest import MONTH, ROLES, SCOPES, YEAR

pytestmark = pytest.mark.usefixtures("frozen_now")

LOGIN = "login"  # 302 to the login page
OK = "ok"  # POST by a role that may act: 200, 302 or 400, never 403/404/login
OK_STATUSES = {200, 302, 400}
REFUSALS = {403, 404, LOGIN}


# --- how to build a URL's arguments ---------------------------------------------------------
@dataclasses.dataclass(frozen=True)
class Args:
    build: Callable
    scoped: bool  # True: built once from the in-scope record and once from the out-of-scope one

    def __call__(self, scope, world) -> dict:
        return self.build(scope, world)


def on(field: str, key: str = "pk", attr: str = "pk", **extra) -> Args:
    """``{key: world[scope].<field>.<attr>, **extra}``."""
    return Args(lambda s, w: {key: getattr(getattr(s, field), attr), **extra}, scoped=True)


def fixed(**kwargs) -> Args:
    return Args(lambda s, w: dict(kwargs), scoped=False)


def expect(*, anonymous, citizen, member, staff, leader, department, admin) -> dict:
    """All seven roles, always: a forgotten role is a TypeError when the table is loaded."""
    return {
        "anonymous": anonymous,
        "citizen": citizen,
        "member": member,
        "staff": staff,
        "leader": leader,
        "department": department,
        "admin": admin,
    }


def everyone(status) -> dict:
    return dict.fromkeys(ROLES, status)


@dataclasses.dataclass(frozen=True)
class Route:
    get: dict
    post: dict | None = None  # None: the view has no POST handler worth checking
    args: Args | None = None
    post_data: dict = dataclasses.field(default_factory=dict)  # what the POST sends (no data)


IN_ONLY = (200, 404)  # the page opens for the user's own committee, 404 for another
OK_IN_ONLY = (OK, 404)
OFFICE_ONLY = expect(
    anonymous=LOGIN, citizen=403, member=403, staff=200, leader=403, department=403, admin=200
)
OFFICE_OR_LEADER = expect(
    anonymous=LOGIN, citizen=403, member=403, staff=200, leader=200, department=403, admin=200
)
MEMBER_ONLY = expect(
    anonymous=LOGIN, citizen=403, member=200, staff=403, leader=403, department=403, admin=403
)
MEMBER_ONLY_POST = {**MEMBER_ONLY, "member": OK}
OFFICE_ONLY_POST = {**OFFICE_ONLY, "staff": OK, "admin": OK}
OFFICE_ONLY_405 = {**OFFICE_ONLY, "staff": 405, "admin": 405}  # GET of an office POST endpoint
# An office POST endpoint on a record: the role is checked first, then the scope (404).
OFFICE_RECORD_GET = expect(
    anonymous=LOGIN, citizen=403, member=403, staff=405, leader=403, department=403, admin=405
)
OFFICE_RECORD_POST = expect(
    anonymous=LOGIN,
    citizen=403,
    member=403,
    staff=OK_IN_ONLY,
    leader=403,
    department=403,
    admin=OK,
)
# Workstation management: a record is looked up in the user's scope before the change right.
WS_GET = expect(
    anonymous=LOGIN,
    citizen=403,
    member=403,
    staff=(405, 404),
    leader=403,
    department=403,
    admin=405,
)
WS_POST = expect(
    anonymous=LOGIN,
    citizen=403,
    member=403,
    staff=OK_IN_ONLY,
    leader=403,
    department=403,
    admin=OK,
)
# Member records edited by the office: the role first (403), then the user's scope (404).
MEMBER_RECORD_GET = expect(
    anonymous=LOGIN,
    citizen=403,
    member=403,
    staff=(405, 404),
    leader=403,
    department=403,
    admin=405,
)
MEMBER_RECORD_POST = {**MEMBER_RECORD_GET, "staff": OK_IN_ONLY, "admin": OK}
# A member's own records (activities, 社情民意 items): the owner only, 404 for anybody else's.
OWN_ITEM_POST_GET = expect(
    anonymous=LOGIN,
    citizen=403,
    member=405,
    staff=403,
    leader=403,
    department=403,
    admin=403,
)
OWN_ITEM_POST = {**OWN_ITEM_POST_GET, "member": OK_IN_ONLY}
# Activities and shifts: the member's own, staff and leaders in scope (404 outside it); the
# roles without the right to see them at all get a 403.
SHARED_RECORD = expect(
    anonymous=LOGIN,
    citizen=403,
    member=IN_ONLY,
    staff=IN_ONLY,
    leader=IN_ONLY,
    department=403,
    admin=200,
)
SHARED_RECORD_405 = expect(
    anonymous=LOGIN,
    citizen=403,
    member=(405, 404),
    staff=(405, 404),
    leader=(405, 404),
    department=403,
    admin=405,
)
BULLETIN_EDIT_GET = expect(
    anonymous=LOGIN,
    citizen=403,
    member=403,
    staff=405,
    leader=405,
    department=403,
    admin=405,
)
BULLETIN_EDIT_POST = expect(
    anonymous=LOGIN,
    citizen=403,
    member=403,
    staff=OK_IN_ONLY,
    leader=403,
    department=403,
    admin=OK,
)
PUBLIC = everyone(200)
SIGNED_IN = {**everyone(200), "anonymous": LOGIN}
SIGNED_IN_405 = {**everyone(405), "anonymous": LOGIN}
SIGNED_IN_POST = {**everyone(OK), "anonymous": LOGIN}
PUBLIC_POST = everyone(OK)
GET_ONLY = everyone(405)

# Record pages of the review desk, bulletins and the department desk: one rule everywhere — the
# role first (login, then 403 for a role without the right), then the record in the user's scope
# (404 outside it), so a role that may act never learns whether another committee's record exists.
DESK_RECORD_GET = expect(
    anonymous=LOGIN,
    citizen=403,
    member=403,
    staff=(405, 404),
    leader=403,
    department=403,
    admin=405,
)
DESK_RECORD_POST = {**DESK_RECORD_GET, "staff": OK_IN_ONLY, "admin": OK}
DESK_PAGE = {**DESK_RECORD_GET, "staff": IN_ONLY, "admin": 200}

# Consultations: the office and leaders open a topic or an event in their scope (404 outside
# it); only the office acts on it (leaders 403 before any lookup).
CONSULTATION_PAGE = expect(
    anonymous=LOGIN,
    citizen=403,
    member=403,
    staff=IN_ONLY,
    leader=IN_ONLY,
    department=403,
    admin=200,
)
CONSULTATION_405 = {**CONSULTATION_PAGE, "staff": (405, 404), "leader": (405, 404), "admin": 405}
CONSULTATION_POST = {**CONSULTATION_PAGE, "staff": OK_IN_ONLY, "leader": 403, "admin": OK}

RECORD = on("item")  # a member's 社情民意 item, submitted (on the review desk)
ROTA = on("workstation", year=YEAR, month=MONTH)

# fmt: off
ROUTES: dict[str, Route] = {
    # --- public pages, home, language, health -------------------------------------------------
    "public_home": Route(get=PUBLIC, post=GET_ONLY),
    "home": Route(get=expect(anonymous=LOGIN, citizen=302, member=302, staff=302, leader=302,
                             department=302, admin=302)),
    "healthz": Route(get=PUBLIC),
    "set_language": Route(get=everyone(302), post=PUBLIC_POST),
    "dashboards:office": Route(get=OFFICE_ONLY),
    "dashboards:leader": Route(get=OFFICE_OR_LEADER),
    # the records behind a cockpit number: the user's own committees only (a filter, not a 404)
    "dashboards:cockpit_records": Route(args=fixed(metric="received"), get=OFFICE_OR_LEADER),
    "dashboards:department": Route(get=expect(anonymous=LOGIN, citizen=403, member=403, staff=403,
                                              leader=403, department=200, admin=200)),
    "dashboards:citizen": Route(get=expect(anonymous=LOGIN, citizen=200, member=403, staff=403,
                                           leader=403, department=403, admin=200)),

    # --- members: directory, profiles, pairings, grid managers --------------------------------
    "members:directory": Route(get=OFFICE_OR_LEADER),
    "members:create": Route(get=OFFICE_ONLY, post=OFFICE_ONLY_POST),
    "members:detail": Route(args=on("member"), get=expect(
        anonymous=LOGIN, citizen=403, member=403, staff=IN_ONLY, leader=IN_ONLY, department=403,
        admin=200)),
    "members:update": Route(args=on("member"), get={**MEMBER_RECORD_GET, "staff": IN_ONLY,
                                                    "admin": 200},
                            post=MEMBER_RECORD_POST),
    "members:pairing_create": Route(args=on("member"), get=MEMBER_RECORD_GET,
                                    post=MEMBER_RECORD_POST),
    "members:pairing_end": Route(args=on("pairing"), get=MEMBER_RECORD_GET,
                                 post=MEMBER_RECORD_POST),
    "members:me": Route(get=MEMBER_ONLY),
    "dashboards:member": Route(get=MEMBER_ONLY),
    "members:my_contact": Route(get=MEMBER_ONLY, post=MEMBER_ONLY_POST),
    "members:grid_managers": Route(get=OFFICE_OR_LEADER),
    # accounts locked after failed logins: staff and admins; the POST without a lockout is a 400
    "accounts:login_lockouts": Route(get=OFFICE_ONLY, post=OFFICE_ONLY_POST),
    "members:village": Route(args=on("village"), get=expect(
        anonymous=LOGIN, citizen=403, member=403, staff=IN_ONLY, leader=IN_ONLY, department=403,
        admin=200)),

    # --- members: liaison activities -----------------------------------------------------------
    "liaison:activity_mine": Route(get=MEMBER_ONLY),
    "liaison:activity_new": Route(get=MEMBER_ONLY, post=MEMBER_ONLY_POST),
    "liaison:activity_desk": Route(get=OFFICE_ONLY),
    "liaison:activity_organise": Route(get=OFFICE_ONLY, post=OFFICE_ONLY_POST),
    "liaison:activity_feed": Route(get=PUBLIC),
    # photos of unpublished activities: only to whoever may open the activity (404 otherwise)
    "liaison:activity_photo": Route(args=on("photo", key="token", attr="token"), get=expect(
        anonymous=404, citizen=404, member=IN_ONLY, staff=IN_ONLY, leader=IN_ONLY, department=404,
        admin=200)),
    "liaison:activity_detail": Route(args=on("activity"), get=SHARED_RECORD),
    "liaison:activity_edit": Route(args=on("activity"), get={**OWN_ITEM_POST_GET,
                                                             "member": IN_ONLY},
                                   post=OWN_ITEM_POST),
    "liaison:activity_submit": Route(args=on("activity"), get=OWN_ITEM_POST_GET,
                                     post=OWN_ITEM_POST),
    "liaison:activity_matter": Route(args=on("activity"), get=OWN_ITEM_POST_GET,
                                     post=OWN_ITEM_POST),
    "liaison:activity_attendance": Route(args=on("activity"), get=SHARED_RECORD_405, post=expect(
        anonymous=LOGIN, citizen=403, member=403, staff=OK_IN_ONLY, leader=403, department=403,
        admin=OK)),
    "liaison:activity_action": Route(args=on("activity", action="confirm"), get=SHARED_RECORD_405,
                                     post=expect(
        anonymous=LOGIN, citizen=403, member=403, staff=OK_IN_ONLY, leader=403, department=403,
        admin=OK)),

    # --- members: performance ledger -----------------------------------------------------------
    "ledger:ledger_me": Route(get=MEMBER_ONLY),
    "ledger:ledger_ranking": Route(get=OFFICE_OR_LEADER),
    "ledger:scoring_rules": Route(get=OFFICE_ONLY),
    "ledger:ledger_export": Route(args=fixed(fmt="csv"), get=OFFICE_OR_LEADER),
    "ledger:evaluation_run": Route(get=OFFICE_ONLY_405, post=OFFICE_ONLY_POST),
    "ledger:grade_adjust": Route(args=on("score"), get=MEMBER_RECORD_GET,
                                  post=MEMBER_RECORD_POST),
    "ledger:ledger_member": Route(args=on("member"), get=expect(
        anonymous=LOGIN, citizen=403, member=403, staff=IN_ONLY, leader=IN_ONLY, department=403,
        admin=200)),

    # --- opinions: the public side ---------------------------------------------------------------
    "opinions:submit": Route(get=PUBLIC, post=PUBLIC_POST),
    "opinions:mailbox": Route(get=PUBLIC, post=PUBLIC_POST),
    "opinions:receipt": Route(get=everyone(302), post=GET_ONLY),  # no receipt → tracking page
    "opinions:track": Route(get=PUBLIC, post=PUBLIC_POST),
    "opinions:rate": Route(get=GET_ONLY, post=PUBLIC_POST),
    # a citizen account claims an item with its code and key (the tracking page's checks)
    "opinions:claim": Route(
        get=expect(anonymous=LOGIN, citizen=200, member=403, staff=403, leader=403,
                   department=403, admin=200),
        post=expect(anonymous=LOGIN, citizen=OK, member=403, staff=403, leader=403,
                    department=403, admin=OK),
    ),
    "opinions:captcha": Route(args=Args(lambda s, w: {"challenge": w["captcha"]}, scoped=False),
                              get=PUBLIC, post=GET_ONLY),
    "opinions:regions": Route(args=on("committee", key="committee_id"), get=PUBLIC,
                              post=GET_ONLY),

    # --- opinions: the review desk ---------------------------------------------------------------
    "opinions:inbox": Route(get=OFFICE_ONLY),
    "opinions:export": Route(args=fixed(fmt="csv"), get=OFFICE_ONLY),
    "opinions:bulk": Route(get=OFFICE_ONLY_405, post=OFFICE_ONLY_POST),
    "opinions:entry": Route(get=OFFICE_ONLY, post=OFFICE_ONLY_POST),
    "opinions:desk_detail": Route(args=RECORD, get=DESK_PAGE),
    "opinions:reveal": Route(args=RECORD, get=DESK_RECORD_GET, post=DESK_RECORD_POST),
    "opinions:desk_action": Route(args=on("item", action="note"), get=DESK_RECORD_GET,
                                  post=DESK_RECORD_POST),
    # attachments: the committee's office in scope and the member who wrote the item, else 404
    "opinions:attachment": Route(args=on("attachment", key="token", attr="token"), get=expect(
        anonymous=404, citizen=404, member=IN_ONLY, staff=IN_ONLY, leader=404, department=404,
        admin=200)),

    # --- opinions: members' own items ------------------------------------------------------------
    "opinions:mine": Route(get=MEMBER_ONLY),
    "opinions:mine_new": Route(get=MEMBER_ONLY, post=MEMBER_ONLY_POST),
    "opinions:mine_detail": Route(args=RECORD, get={**MEMBER_ONLY, "member": IN_ONLY}),
    # a submitted item cannot be edited: its owner is sent back to the item
    "opinions:mine_edit": Route(args=RECORD, get={**MEMBER_ONLY, "member": (302, 404)},
                                post={**MEMBER_ONLY, "member": OK_IN_ONLY}),
    "opinions:mine_submit": Route(args=RECORD, get={**MEMBER_ONLY, "member": 405},
                                  post={**MEMBER_ONLY, "member": OK_IN_ONLY}),

    # --- opinions: bulletins -----------------------------------------------------------------------
    "opinions:bulletins": Route(get=OFFICE_OR_LEADER),
    "opinions:bulletin_create": Route(get=OFFICE_ONLY_405, post=OFFICE_ONLY_POST),
    "opinions:bulletin_detail": Route(args=on("bulletin"), get={**DESK_PAGE, "leader": IN_ONLY}),
    "opinions:bulletin_add": Route(args=on("bulletin"), get=BULLETIN_EDIT_GET,
                                   post=BULLETIN_EDIT_POST),
    "opinions:bulletin_item": Route(
        args=Args(lambda s, w: {"pk": s.bulletin.pk, "item": s.bulletin_item.pk}, scoped=True),
        get={**OFFICE_ONLY, "staff": IN_ONLY},
        post=BULLETIN_EDIT_POST),
    # 送签 by the editors; 签发 (or 退回) by a leader of the committee or staff holding the
    # sign-off grant (the administrator has every grant), never the compiler
    "opinions:bulletin_submit": Route(args=on("bulletin"), get=BULLETIN_EDIT_GET,
                                      post=BULLETIN_EDIT_POST),
    "opinions:bulletin_issue": Route(args=on("bulletin"), get=expect(
        anonymous=LOGIN, citizen=403, member=403, staff=403, leader=405, department=403,
        admin=405), post=expect(
        anonymous=LOGIN, citizen=403, member=403, staff=403, leader=OK_IN_ONLY, department=403,
        admin=OK), post_data={"action": "issue"}),
    # 领导批示: a leader on an item of their scope (the office records them from the desk)
    "opinions:instruction": Route(
        args=Args(lambda s, w: {"pk": s.bulletin_item.opinion_id}, scoped=True), get=expect(
            anonymous=LOGIN, citizen=403, member=403, staff=403, leader=IN_ONLY, department=403,
            admin=200), post=expect(
            anonymous=LOGIN, citizen=403, member=403, staff=403, leader=OK_IN_ONLY,
            department=403, admin=OK)),
    "opinions:bulletin_docx": Route(args=on("bulletin"), get={**OFFICE_OR_LEADER,
                                                              "staff": IN_ONLY,
                                                              "leader": IN_ONLY}),
    "opinions:bulletin_print": Route(args=on("bulletin"), get={**DESK_PAGE, "leader": IN_ONLY}),

    # --- opinions: forwarding, replies, departments, privacy ---------------------------------------
    "opinions:return_decision": Route(args=on("forwarding"), get=OFFICE_RECORD_GET,
                                      post=OFFICE_RECORD_POST),
    "opinions:reply_review": Route(args=on("reply"), get=OFFICE_RECORD_GET,
                                   post=OFFICE_RECORD_POST),
    "opinions:co_opinion_waive": Route(args=on("forwarding"), get=OFFICE_RECORD_GET,
                                       post=OFFICE_RECORD_POST),
    # a reply letter: the department that wrote it and the office in scope, else 404 (token)
    "opinions:reply_document": Route(
        args=on("reply_document", key="token", attr="token"), get=expect(
            anonymous=404, citizen=404, member=404, staff=IN_ONLY, leader=404,
            department=IN_ONLY, admin=200)),
    "opinions:overdue": Route(get=OFFICE_OR_LEADER),
    # the office's forwarding queues: replies awaiting review, return requests
    "opinions:forwarding_queue": Route(args=fixed(queue="replies"), get=OFFICE_ONLY),
    "opinions:department_stats": Route(get=OFFICE_OR_LEADER),
    "opinions:dept_inbox": Route(get=expect(anonymous=LOGIN, citizen=403, member=403, staff=403,
                                            leader=403, department=200, admin=200)),
    # a department sees the forwardings to itself only (the administrator has no department)
    "opinions:dept_detail": Route(args=on("forwarding"), get=expect(
        anonymous=LOGIN, citizen=403, member=403, staff=403, leader=403, department=IN_ONLY,
        admin=404), post=expect(
        anonymous=LOGIN, citizen=403, member=403, staff=403, leader=403, department=OK_IN_ONLY,
        admin=404), post_data={"action": "sign"}),
    "opinions:privacy": Route(get=OFFICE_ONLY, post=OFFICE_ONLY_POST),

    # --- export jobs: one's own list; a file to the user who asked for it and nobody else (the
    # token is the lookup, like an attachment: 404, not 403 — not even for the administrator) ----
    # --- periodic reports: leaders and the office of the committee; 重新生成 its office only --
    "dashboards:reports:archive": Route(get=OFFICE_OR_LEADER),
    "dashboards:reports:detail": Route(args=on("report"), get=expect(
        anonymous=LOGIN, citizen=403, member=403, staff=IN_ONLY, leader=IN_ONLY, department=403,
        admin=200)),
    "dashboards:reports:download": Route(args=on("report"), get=expect(
        anonymous=LOGIN, citizen=403, member=403, staff=IN_ONLY, leader=IN_ONLY, department=403,
        admin=200)),
    "dashboards:reports:regenerate": Route(
        args=on("report"),
        get=expect(anonymous=LOGIN, citizen=403, member=403, staff=(405, 404), leader=403,
                   department=403, admin=405),
        post=OFFICE_RECORD_POST),

    "exports:jobs": Route(get=OFFICE_OR_LEADER),
    "exports:download": Route(args=on("export_job", key="token", attr="token"), get=expect(
        anonymous=LOGIN, citizen=404, member=404, staff=IN_ONLY, leader=404, department=404,
        admin=404)),

    # --- the notification centre: every signed-in user's own notices; another's is a 404 -----
    # --- the API's pages (its operations: tests/api/test_matrix.py) -------------------------------
    "api:tokens": Route(get=SIGNED_IN, post=SIGNED_IN_POST),
    # the office user's own token: everybody else's is a 404 (revoking posts nothing else)
    "api:token_revoke": Route(args=on("api_token"), get=expect(
        anonymous=LOGIN, citizen=404, member=404, staff=IN_ONLY, leader=404, department=404,
        admin=404), post=expect(
        anonymous=LOGIN, citizen=404, member=404, staff=OK_IN_ONLY, leader=404, department=404,
        admin=404)),
    "api:docs": Route(get=OFFICE_ONLY),
    "notifications:list": Route(get=SIGNED_IN),
    "notifications:settings": Route(get=SIGNED_IN, post=SIGNED_IN_POST),
    "notifications:read_all": Route(get=SIGNED_IN_405, post=SIGNED_IN_POST),
    "notifications:open": Route(args=on("notice"), get=expect(
        anonymous=LOGIN, citizen=404, member=404, staff=(302, 404), leader=404, department=404,
        admin=404)),
    "notifications:read": Route(args=on("notice"), get=expect(
        anonymous=LOGIN, citizen=405, member=405, staff=405, leader=405, department=405,
        admin=405), post=expect(
        anonymous=LOGIN, citizen=404, member=404, staff=OK_IN_ONLY, leader=404, department=404,
        admin=404)),

    # --- workstations and duty rotas -----------------------------------------------------------
    "workstations:directory": Route(get=PUBLIC),
    "workstations:detail": Route(args=on("workstation"), get=PUBLIC),
    "workstations:create": Route(get=OFFICE_ONLY, post=OFFICE_ONLY_POST),
    "workstations:update": Route(args=on("workstation"), get={**WS_GET, "staff": IN_ONLY,
                                                              "admin": 200},
                                 post=WS_POST),
    "workstations:assignment_add": Route(args=on("workstation"), get=WS_GET, post=WS_POST),
    "workstations:assignment_end": Route(args=on("assignment"), get=WS_GET, post=WS_POST),
    "workstations:rota": Route(args=ROTA, get={**WS_GET, "staff": IN_ONLY, "admin": 200}),
    "workstations:shift_plan": Route(args=ROTA, get=WS_GET, post=WS_POST),
    "workstations:rota_generate": Route(args=ROTA, get=WS_GET, post=WS_POST),
    "workstations:shift_mark": Route(args=on("shift"), get=WS_GET, post=WS_POST),
    "workstations:swaps": Route(get=OFFICE_ONLY),
    "workstations:swap_decide": Route(args=on("swap", decision="reject"), get=WS_GET,
                                      post=WS_POST),
    "workstations:my_shifts": Route(get=MEMBER_ONLY),
    "workstations:shift_detail": Route(args=on("shift"), get=SHARED_RECORD),
    # check-in: the member on duty, or the office for them; a leader may look but not act
    "workstations:shift_action": Route(args=on("shift", action="check-in"),
                                       get=SHARED_RECORD_405, post=expect(
        anonymous=LOGIN, citizen=403, member=OK_IN_ONLY, staff=OK_IN_ONLY, leader=403,
        department=403, admin=OK)),
    # withdrawing a swap: a member's act (the office decides swaps, it does not withdraw them)
    "workstations:swap_withdraw": Route(
        args=Args(lambda s, w: {"pk": s.swap.shift_id, "swap_pk": s.swap.pk}, scoped=True),
        get=SHARED_RECORD_405, post=expect(
        anonymous=LOGIN, citizen=403, member=OK_IN_ONLY, staff=403, leader=403,
        department=403, admin=403)),

    # --- 委员讲堂: the public menu, order form and private link (the token is the lookup) ------
    "lectures:menu": Route(get=PUBLIC, post=GET_ONLY),
    "lectures:order_new": Route(get=PUBLIC, post=PUBLIC_POST),
    "lectures:track": Route(args=Args(lambda s, w: {"token": s.order_token}, scoped=True),
                            get=PUBLIC, post=PUBLIC_POST),
    # 我的讲堂: a member's offerings and the orders dispatched to them (404 for another's)
    "lectures:mine": Route(get=MEMBER_ONLY),
    "lectures:offering_new": Route(get=MEMBER_ONLY, post=MEMBER_ONLY_POST),
    "lectures:my_order": Route(args=on("order"), get={**MEMBER_ONLY, "member": IN_ONLY}),
    # an offering on the menu cannot be edited: its author is sent back to it
    "lectures:offering_edit": Route(args=on("offering"), get={**MEMBER_ONLY, "member": (302, 404)},
                                    post={**MEMBER_ONLY, "member": OK_IN_ONLY}),
    # one offering: its author and the office in scope; leaders have no part in the menu
    "lectures:offering_detail": Route(args=on("offering"), get=expect(
        anonymous=LOGIN, citizen=403, member=IN_ONLY, staff=IN_ONLY, leader=403, department=403,
        admin=200)),
    "lectures:offering_action": Route(args=on("offering", action="withdraw"), get=expect(
        anonymous=LOGIN, citizen=403, member=(405, 404), staff=(405, 404), leader=403,
        department=403, admin=405), post=expect(
        anonymous=LOGIN, citizen=403, member=OK_IN_ONLY, staff=OK_IN_ONLY, leader=403,
        department=403, admin=OK)),
    "lectures:offerings": Route(get=OFFICE_ONLY),
    "lectures:orders": Route(get=OFFICE_ONLY),
    "lectures:order_detail": Route(args=on("order"), get={**OFFICE_ONLY, "staff": IN_ONLY}),
    # agreeing a date: the member it is dispatched to, or the office in scope
    "lectures:order_action": Route(args=on("order", action="schedule"), get=expect(
        anonymous=LOGIN, citizen=403, member=(405, 404), staff=(405, 404), leader=403,
        department=403, admin=405), post=expect(
        anonymous=LOGIN, citizen=403, member=OK_IN_ONLY, staff=OK_IN_ONLY, leader=403,
        department=403, admin=OK)),

    # --- 典型经验: published ones are public; staff write and publish those of their scope --
    "showcase:list": Route(get=PUBLIC, post=GET_ONLY),
    "showcase:detail": Route(args=on("showcase"), get=PUBLIC, post=GET_ONLY),
    "showcase:photo": Route(args=on("showcase_photo", key="token", attr="token"), get=PUBLIC),
    "showcase:desk": Route(get=OFFICE_ONLY),
    "showcase:new": Route(get=OFFICE_ONLY, post=OFFICE_ONLY_POST),
    "showcase:edit": Route(args=on("showcase"), get={**OFFICE_ONLY, "staff": IN_ONLY},
                           post=MEMBER_RECORD_POST),
    "showcase:action": Route(args=on("showcase", action="unpublish"), get=MEMBER_RECORD_GET,
                             post=MEMBER_RECORD_POST),
    # --- consultations: the public pages (a public event of each committee), the private pass
    # (the token is the lookup), a member's invitations, the office's topics and events ---------
    "consultations:public_list": Route(get=PUBLIC, post=GET_ONLY),
    "consultations:public_detail": Route(args=on("consultation"), get=PUBLIC,
                                         post=PUBLIC_POST),
    "consultations:calendar": Route(args=on("consultation"), get=PUBLIC, post=GET_ONLY),
    "consultations:observer_pass": Route(args=on("observer", key="token", attr="token"),
                                         get=PUBLIC, post=GET_ONLY),
    "consultations:observer_cancel": Route(args=on("observer", key="token", attr="token"),
                                           get=GET_ONLY, post=PUBLIC_POST),
    "consultations:mine": Route(get=MEMBER_ONLY),
    "consultations:invitation_respond": Route(args=on("invitation", answer="accept"),
                                              get=OWN_ITEM_POST_GET, post=OWN_ITEM_POST),
    "consultations:topic_list": Route(get=OFFICE_OR_LEADER),
    "consultations:topic_create": Route(get=OFFICE_ONLY, post=OFFICE_ONLY_POST),
    "consultations:topic_detail": Route(args=on("topic"), get=CONSULTATION_PAGE,
                                        post=CONSULTATION_POST),
    "consultations:list": Route(get=OFFICE_OR_LEADER),
    "consultations:create": Route(get=OFFICE_ONLY, post=OFFICE_ONLY_POST),
    "consultations:detail": Route(args=on("consultation"), get=CONSULTATION_PAGE),
    "consultations:observers_export": Route(args=on("consultation", fmt="csv"),
                                            get=CONSULTATION_PAGE),
    "consultations:edit": Route(args=on("consultation"), get={**WS_GET, "staff": IN_ONLY,
                                                              "admin": 200}, post=WS_POST),
    "consultations:step": Route(args=on("consultation", action="hold"),
                                get=CONSULTATION_405, post=CONSULTATION_POST),
    "consultations:invite": Route(args=on("consultation"), get=CONSULTATION_405,
                                  post=CONSULTATION_POST),
    "consultations:attendance": Route(args=on("consultation"), get=CONSULTATION_405,
                                      post=CONSULTATION_POST),
    "consultations:minutes": Route(args=on("consultation"), get=CONSULTATION_405,
                                   post=CONSULTATION_POST),
    "consultations:outcome_add": Route(args=on("consultation"), get=CONSULTATION_405,
                                       post=CONSULTATION_POST),
    "consultations:follow_up": Route(args=on("outcome"), get=WS_GET, post=WS_POST),
    "consultations:observer_decide": Route(args=on("observer", decision="approve"),
                                           get=WS_GET, post=WS_POST),
    "consultations:check_in": Route(get=OFFICE_ONLY, post=OFFICE_ONLY_POST),
    # the office answers for an invited member without an account (the world's member has one:
    # the answer is refused with a message, a redirect)
    "consultations:invitation_record": Route(args=on("invitation", answer="accept"),
                                             get=WS_GET, post=WS_POST),
    # 会议材料: the office uploads and changes them; a material that is not public downloads to
    # the office and leaders in scope and to the invited member (404 for everybody else)
    "consultations:material_upload": Route(args=on("consultation"), get=CONSULTATION_405,
                                           post=CONSULTATION_POST),
    "consultations:material_action": Route(args=on("material", action="private"), get=WS_GET,
                                           post=WS_POST),
    "consultations:material": Route(args=on("material", key="token", attr="token"), get=expect(
        anonymous=404, citizen=404, member=IN_ONLY, staff=IN_ONLY, leader=IN_ONLY,
        department=404, admin=200)),
}
# fmt: on


# --- the URL resolver -----------------------------------------------------------------------
# api_v1: the API's operations answer 401/403 problems, not login redirects; they have a matrix
# of their own (tests/api/test_matrix.py) with the same roles and committees.
SKIPPED_NAMESPACES = ("admin", "api_v1")
SKIPPED_MODULES = ("allauth.", "django.contrib.staticfiles")


def named_urls(resolver=None, namespace=None):
    """Every named URL pattern, ``namespace:name``, walking through includes."""
    resolver = resolver or get_resolver()
    for pattern in resolver.url_patterns:
        if isinstance(pattern, URLResolver):
            inner = namespace
            if pattern.namespace:
                inner = f"{namespace}:{pattern.namespace}" if namespace else pattern.namespace
            yield from named_urls(pattern, inner)
        elif isinstance(pattern, URLPattern) and pattern.name:
            yield (f"{namespace}:{pattern.name}" if namespace else pattern.name), pattern


def portal_urls() -> set[str]:
    names = set()
    for name, pattern in named_urls():
        if name.split(":")[0] in SKIPPED_NAMESPACES:
            continue
        if pattern.callback.__module__.startswith(SKIPPED_MODULES):
            continue
        names.add(name)
    return names


def test_every_named_url_is_in_the_table():
    names = portal_urls()
    missing = sorted(names - ROUTES.keys())
    stale = sorted(ROUTES.keys() - names)
    assert not missing, f"URLs without a row in ROUTES (say who may open them): {missing}"
    assert not stale, f"rows in ROUTES for URLs that no longer exist: {stale}"


def test_the_walk_finds_urls_inside_includes():
    names = portal_urls()
    assert {"public_home", "opinions:desk_detail", "workstations:shift_action"} <= names
    assert not any(name.startswith(("admin:", "account_", "mfa_")) for name in names)


def test_table_is_well_formed():
    for name, route in ROUTES.items():
        for method, spec in (("GET", route.get), ("POST", route.post)):
            if spec is None:
                continue
            assert set(spec) == set(ROLES), (name, method)
            for role, value in spec.items():
                values = value if isinstance(value, tuple) else (value,)
                if isinstance(value, tuple):
                    assert route.args is not None and route.args.scoped, (name, role)
                    assert len(value) == 2, (name, role)
                    # one rule: a role is refused (403) whatever the record; only a role that
                    # may open the record meets the scope, and outside it the answer is a 404
                    assert 403 not in value, (name, role, value)
                    assert value[1] == 404, (name, role, value)
                if method == "GET":
                    assert OK not in values, (name, role)
                else:  # a role either may act, or is refused, or the URL takes no POST
                    assert set(values) <= REFUSALS | {OK, 405}, (name, role, values)


# --- the matrix ------------------------------------------------------------------------------
def urls_for(name: str, route: Route, world) -> dict[str, str]:
    """scope → URL (one URL, under "in", for a route without a scoped record)."""
    if route.args is None:
        return {"in": reverse(name)}
    if not route.args.scoped:
        return {"in": reverse(name, kwargs=route.args(None, world))}
    return {scope: reverse(name, kwargs=route.args(world[scope], world)) for scope in SCOPES}


def expected_for(value, scope: str):
    if isinstance(value, tuple):
        return value[SCOPES.index(scope)]
    return value


def outcome(response):
    location = response.get("Location", "")
    if response.status_code == 302 and location.startswith(reverse("account_login")):
        return LOGIN
    return response.status_code


def matches(expected, response) -> bool:
    got = outcome(response)
    if expected == OK:
        return got in OK_STATUSES
    return got == expected


def refusals_logged():
    return AuditLog.objects.filter(action="permission_denied").count()


def check(method, name, spec, urls, clients, problems, *, roles=ROLES, data=None):
    for role in roles:
        for scope, url in urls.items():
            expected = expected_for(spec[role], scope)
            before = refusals_logged()
            response = getattr(clients[role], method)(url, data)
            got = outcome(response)
            if not matches(expected, response):
                problems.append(
                    f"{method.upper()} {name} [{role}, {scope}-scope record] {url}: "
                    f"expected {expected}, got {got}"
                )
            if response.status_code == 403 and refusals_logged() != before + 1:
                problems.append(f"{method.upper()} {url} [{role}]: 403 not in the audit log")


@pytest.mark.parametrize("name", sorted(ROUTES))
def test_authorization_matrix(name, world, role_clients):
    route = ROUTES[name]
    urls = urls_for(name, route, world)
    problems: list[str] = []
    check("get", name, route.get, urls, role_clients, problems)
    if route.post is not None:
        # Refused roles first, while every record is as the world made it; then the roles that
        # may act (their POST with no data may change a record, which is fine).
        refused = [r for r in ROLES if OK not in _values(route.post[r])]
        allowed = [r for r in ROLES if r not in refused]
        check(
            "post",
            name,
            route.post,
            urls,
            role_clients,
            problems,
            roles=refused + allowed,
            data=route.post_data,
        )
    assert not problems, "\n".join(problems)


def _values(value):
    return value if isinstance(value, tuple) else (value,)
