"""The API's authorization matrix: every operation of /api/v1/ (found from the URL resolver, so
a new operation without a row fails) for every role, with a record in the user's committee
("in", 达拉特旗) and one outside it ("out", 准格尔旗) — the same world and roles as the web's
matrix (tests/security). Each client authenticates with a real device token.

401: no token (a problem with a Bearer challenge); 403: the role may not; 404: the record is
outside the user's scope (never a 403 there); OK: the role may act (200/201, or a 400/409 for an
empty body or a state that does not allow the step)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from audit.models import AuditLog
from tests.api.conftest import client_for
from tests.security import conftest as security
from tests.security.test_authorization_matrix import IN_ONLY, OK_IN_ONLY, expect, named_urls

pytestmark = pytest.mark.usefixtures("frozen_now")

# the web matrix's fixtures: one 达拉特旗 user per role, and the in/out world of records
ROLES = security.ROLES
role_users = security.role_users
world = security.world
media_root = security.media_root

OK = "ok"
OK_STATUSES = {200, 201, 400, 409}


def everyone(status):
    return dict.fromkeys(ROLES, status)


PUBLIC = everyone(200)
PUBLIC_POST = everyone(400)  # an empty submission or lookup: the form's errors
SIGNED_IN = {**everyone(200), "anonymous": 401}
MEMBER_ONLY = expect(
    anonymous=401, citizen=403, member=200, staff=403, leader=403, department=403, admin=403
)
MEMBER_POST = {**MEMBER_ONLY, "member": OK}
CITIZEN_ONLY = expect(
    anonymous=401, citizen=200, member=403, staff=403, leader=403, department=403, admin=200
)
OFFICE_ONLY = expect(
    anonymous=401, citizen=403, member=403, staff=200, leader=403, department=403, admin=200
)
DESK_RECORD = {**OFFICE_ONLY, "staff": IN_ONLY}
DESK_RECORD_POST = {**OFFICE_ONLY, "staff": (200, 404)}
SHARED_RECORD = expect(
    anonymous=401,
    citizen=403,
    member=IN_ONLY,
    staff=IN_ONLY,
    leader=IN_ONLY,
    department=403,
    admin=200,
)
DEPT_LIST = expect(
    anonymous=401, citizen=403, member=403, staff=403, leader=403, department=200, admin=200
)
# the administrator passes the role rule but has no department: no forwarding is theirs
DEPT_RECORD = {**DEPT_LIST, "department": IN_ONLY, "admin": 404}
DEPT_STEP = {**DEPT_LIST, "department": OK_IN_ONLY, "admin": 404}


def on(field):
    return lambda scope: {"pk": getattr(scope, field).pk}


# name → (method, args from a scope or None, expected per role, body)
# fmt: off
OPERATIONS: dict[str, tuple] = {
    "api_v1:schema": ("get", None, PUBLIC, None),
    "api_v1:workstations": ("get", None, PUBLIC, None),
    "api_v1:submit": ("post", None, PUBLIC_POST, {}),
    "api_v1:track": ("post", None, PUBLIC_POST, {}),
    "api_v1:mailbox": ("post", None, PUBLIC_POST, {}),
    # no token from a lookup: the form's error (the rating is the tracking page's, no account)
    "api_v1:rate": ("post", None, PUBLIC_POST, {}),
    # the public events (both committees' open days are public) and the 委员讲堂 menu
    "api_v1:events": ("get", None, PUBLIC, None),
    "api_v1:event": ("get", on("consultation"), PUBLIC, None),
    "api_v1:lectures": ("get", None, PUBLIC, None),
    # the member's own invitations; anybody else's is a 404
    "api_v1:my_invitations": ("get", None, MEMBER_ONLY, None),
    "api_v1:invitation_respond": (
        "post", lambda s: {"pk": s.invitation.pk, "answer": "accept"},
        {**MEMBER_ONLY, "member": OK_IN_ONLY}, {}),
    # a citizen's account page: the items they submitted signed in or claimed
    "api_v1:my_claims": ("get", None, CITIZEN_ONLY, None),
    "api_v1:profile": ("get", None, MEMBER_ONLY, None),
    "api_v1:my_opinions": ("get", None, MEMBER_ONLY, None),
    "api_v1:my_shifts": ("get", None, MEMBER_ONLY, None),
    # the member's own item (submitted already: a 409); anybody else's is a 404
    "api_v1:my_opinion_submit": ("post", on("item"), {**MEMBER_ONLY, "member": OK_IN_ONLY}, None),
    "api_v1:my_opinion": ("get", on("item"), {**MEMBER_ONLY, "member": IN_ONLY}, None),
    "api_v1:my_activities": ("get", None, MEMBER_ONLY, None),
    "api_v1:activity": ("get", on("activity"), SHARED_RECORD, None),
    "api_v1:ledger": ("get", None, MEMBER_ONLY, None),
    # the member's own shift, or the office's in its scope (as the shift page)
    "api_v1:shift_step": (
        "post", lambda s: {"pk": s.shift.pk, "action": "check-in"}, expect(
            anonymous=401, citizen=403, member=OK_IN_ONLY, staff=OK_IN_ONLY, leader=403,
            department=403, admin=OK), {}),
    "api_v1:notifications": ("get", None, SIGNED_IN, None),
    # the office user's own notice: everybody else's is a 404
    "api_v1:notification_read": ("post", on("notice"), expect(
        anonymous=401, citizen=404, member=404, staff=(200, 404), leader=404, department=404,
        admin=404), None),
    "api_v1:desk": ("get", None, OFFICE_ONLY, None),
    "api_v1:desk_detail": ("get", on("item"), DESK_RECORD, None),
    "api_v1:desk_reveal": ("post", on("item"), DESK_RECORD_POST, None),
    # an empty note: the form's error in the office's scope; another committee's item a 404
    "api_v1:desk_step": ("post", lambda s: {"pk": s.item.pk, "action": "note"}, {
        **OFFICE_ONLY, "staff": OK_IN_ONLY, "admin": OK}, {}),
    "api_v1:forwardings": ("get", None, DEPT_LIST, None),
    "api_v1:forwarding": ("get", on("forwarding"), DEPT_RECORD, None),
    "api_v1:forwarding_step": (
        "post", lambda s: {"pk": s.forwarding.pk, "action": "sign"}, DEPT_STEP, {}),
}
# fmt: on
EXTRA: dict[str, tuple] = {
    "api_v1:my_activities": ("post", None, MEMBER_POST, {}),
    "api_v1:my_opinions": ("post", None, MEMBER_POST, {}),
    # submitted already: a 409 for its author; anybody else's is a 404
    "api_v1:my_opinion": ("put", on("item"), {**MEMBER_ONLY, "member": OK_IN_ONLY}, {}),
    # an empty lookup: the form's errors (only a citizen account claims; the administrator
    # passes every rule)
    "api_v1:my_claims": ("post", None, {**CITIZEN_ONLY, "citizen": OK, "admin": OK}, {}),
}


def test_every_operation_is_in_the_table():
    names = {name for name, _p in named_urls() if name.startswith("api_v1:")}
    assert names == set(OPERATIONS)


@pytest.fixture
def token_clients(role_users):
    return {role: client_for(user) for role, user in role_users.items()}


def outcome(response):
    return response.status_code


@pytest.mark.parametrize("name", sorted(OPERATIONS) + [f"{n}#post" for n in EXTRA])
def test_api_matrix(name, world, token_clients):
    name, _sep, extra = name.partition("#")
    method, args, spec, body = (EXTRA if extra else OPERATIONS)[name]
    problems = []
    urls = (
        {"in": reverse(name)}
        if args is None
        else {scope: reverse(name, kwargs=args(world[scope])) for scope in ("in", "out")}
    )
    for role in ROLES:
        for scope, url in urls.items():
            expected = spec[role]
            if isinstance(expected, tuple):
                expected = expected[0 if scope == "in" else 1]
            before = AuditLog.objects.filter(action="permission_denied").count()
            client = token_clients[role]
            if method == "get":
                response = client.get(url)
            else:
                response = getattr(client, method)(
                    url, body or {}, format="json", REMOTE_ADDR=f"10.8.{ROLES.index(role)}.1"
                )
            got = response.status_code
            ok = got in OK_STATUSES if expected == OK else got == expected
            if not ok:
                problems.append(
                    f"{method.upper()} {url} [{role}, {scope}]: expected {expected}, got {got}"
                )
            if got >= 400 and response.get("Content-Type") != "application/problem+json":
                problems.append(f"{url} [{role}]: {got} is not a problem+json")
            if (
                got == 403
                and AuditLog.objects.filter(action="permission_denied").count() != before + 1
            ):
                problems.append(f"{url} [{role}]: 403 not in the audit log")
            if got == 401 and not response.get("WWW-Authenticate", "").startswith("Bearer"):
                problems.append(f"{url} [{role}]: 401 without a Bearer challenge")
    assert not problems, "\n".join(problems)
