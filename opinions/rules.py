import rules

from members.rules import has_member_profile, in_changeable_committee, is_office

rules.add_perm("opinions.view_desk", is_office)
rules.add_perm("opinions.enter_opinion", is_office)
rules.add_perm("opinions.handle_opinion", is_office & in_changeable_committee)
rules.add_perm("opinions.reveal_contact", is_office & in_changeable_committee)
rules.add_perm("opinions.submit_member_item", has_member_profile)

from members.rules import is_department, is_leader  # noqa: E402

rules.add_perm("opinions.view_bulletins", is_office | is_leader)
rules.add_perm("opinions.manage_bulletin", is_office & in_changeable_committee)
rules.add_perm("opinions.department_desk", is_department)
rules.add_perm("opinions.view_department_stats", is_office | is_leader)
rules.add_perm("opinions.view_overdue", is_office | is_leader)
