"""Who may read and remake the periodic reports (imported by dashboards/rules.py).

Leaders and the office read the reports of the committees they see (a 旗区's their own, the
municipal committee's all ten: the archive's queryset is ``Report.objects.visible_to``); only the
office of the report's own committee (and the administrator) makes a new version."""

import rules

from accounts.rules import in_changeable_committee, is_office, is_office_or_leader

rules.add_perm("dashboards.view_reports", is_office_or_leader)
rules.add_perm("dashboards.regenerate_reports", is_office)
rules.add_perm("dashboards.regenerate_report", is_office & in_changeable_committee)
