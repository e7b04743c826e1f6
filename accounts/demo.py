"""Demo accounts for ``load_demo_data``: one per role (the committees' office staff, leaders,
departments, an administrator, a citizen), all with the password ``DEMO_PASSWORD`` and an
address at the reserved example domain. The two member accounts are ``members.demo``'s (they
link a demo member). Made through ``accounts.services.user_create``."""

from __future__ import annotations

from dataclasses import dataclass

from org.models import Committee, Department

from .models import User
from .services import user_create

DEMO_PASSWORD = "Ordos@2026"


@dataclass
class DemoAccount:
    username: str
    role: str
    committee_code: str | None
    name: str
    department: str | None = None


ACCOUNTS = (
    DemoAccount("admin", User.Role.ADMIN, "ordos", "陈立新"),
    DemoAccount("staff", User.Role.STAFF, "ordos", "李娜"),
    DemoAccount("staff_dlt", User.Role.STAFF, "dalate", "张海燕"),
    DemoAccount("staff_zgr", User.Role.STAFF, "zhungeer", "刘伟"),
    DemoAccount("leader", User.Role.LEADER, "ordos", "高建军"),
    DemoAccount("leader_dlt", User.Role.LEADER, "dalate", "巴雅尔图"),
    DemoAccount("dept", User.Role.DEPARTMENT, "ordos", "王丽", department="市教育局"),
    # Every department the demo forwards to has an account (opinions.demo picks among those).
    DemoAccount("dept_zj", User.Role.DEPARTMENT, "ordos", "孙涛", department="市住房和城乡建设局"),
    DemoAccount("dept_jt", User.Role.DEPARTMENT, "ordos", "周静", department="市交通运输局"),
    DemoAccount("dept_dlt", User.Role.DEPARTMENT, "dalate", "吴刚", department="达拉特旗教育局"),
    DemoAccount(
        "dept_dlt_zj", User.Role.DEPARTMENT, "dalate", "郑红", department="达拉特旗住房和城乡建设局"
    ),
    DemoAccount(
        "dept_dlt_jt", User.Role.DEPARTMENT, "dalate", "冯军", department="达拉特旗交通运输局"
    ),
    DemoAccount("dept_zgr", User.Role.DEPARTMENT, "zhungeer", "陈芳", department="准格尔旗教育局"),
    DemoAccount(
        "dept_zgr_zj",
        User.Role.DEPARTMENT,
        "zhungeer",
        "褚明",
        department="准格尔旗住房和城乡建设局",
    ),
    DemoAccount(
        "dept_zgr_jt", User.Role.DEPARTMENT, "zhungeer", "卫东", department="准格尔旗交通运输局"
    ),
    DemoAccount("citizen", User.Role.CITIZEN, None, "赵敏"),
)


class DemoAccountBook:
    """The demo accounts of one load: usernames that existed before it are kept as they are;
    ``rows`` (username, role, committee, name, note) is the command's table."""

    def __init__(self) -> None:
        self.existing = set(User.objects.values_list("username", flat=True))
        self.rows: list[tuple[str, str, str, str, str]] = []
        self.created = 0

    def add(
        self,
        username: str,
        role: str,
        committee: Committee | None,
        name: str,
        *,
        department: Department | None = None,
        member=None,
        phone: str | None = None,
        note: str = "",
    ) -> None:
        """A demo account, with an address at the reserved example domain: its notices' e-mail
        copies are printed by the console backend."""
        committee_label = committee.short_name if committee else "—"
        if username in self.existing:
            self.rows.append((username, role, committee_label, name, " (exists, kept)"))
            return
        user_create(
            username=username,
            password=DEMO_PASSWORD,
            role=role,
            committee=committee,
            name=name,
            phone=phone,
            email=f"{username}@example.com",
            department=department,
            member=member,
        )
        self.created += 1
        self.rows.append((username, role, committee_label, name, note))


def load_demo_accounts(*, book: DemoAccountBook, committees: list[Committee]) -> None:
    """The accounts of ``ACCOUNTS`` (their departments are ``org.demo``'s)."""
    by_code = {c.code: c for c in committees}
    departments = {
        (d.committee_id, d.name): d
        for d in Department.objects.filter(name__in=[a.department for a in ACCOUNTS])
    }
    for account in ACCOUNTS:
        committee = by_code.get(account.committee_code) if account.committee_code else None
        department = (
            departments.get((committee.pk, account.department))
            if account.department and committee
            else None
        )
        book.add(account.username, account.role, committee, account.name, department=department)
