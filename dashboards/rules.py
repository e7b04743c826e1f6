import rules

from members.rules import is_citizen, is_department, is_leader, is_office

rules.add_perm("dashboards.view_office_home", is_office)
rules.add_perm("dashboards.view_leader_home", is_leader | is_office)
rules.add_perm("dashboards.view_department_home", is_department)
rules.add_perm("dashboards.view_citizen_home", is_citizen)
