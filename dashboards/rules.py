import rules

from accounts.rules import (
    has_member_profile,
    is_citizen,
    is_department,
    is_leader,
    is_member,
    is_office,
    is_public_visitor,
)

rules.add_perm("dashboards.view_office_home", is_office)
rules.add_perm("dashboards.view_leader_home", is_leader | is_office)
rules.add_perm("dashboards.view_department_home", is_department)
# A member account not yet linked to a profile lands here after login (dashboards.views.home).
rules.add_perm("dashboards.view_citizen_home", is_citizen | (is_member & ~has_member_profile))
# The public pages' menu entries (我要建言, 办理查询, …): the pages are open to all, the entries
# are shown to visitors and citizens (dashboards.navigation).
rules.add_perm("dashboards.browse_public_pages", is_public_visitor)

# The periodic reports' permissions (dashboards/reports/rules.py).
from .reports import rules as _report_rules  # noqa: E402, F401
