"""The figures of one report: a committee's liaison work in one period, as plain data (JSON).

Each section is one GROUP BY query over the period, grouped by committee as well, so a report
costs the same number of queries (about fifteen) whatever the data, and the municipal report's
breakdown by committee comes from the same rows. Scope follows the portal's rule (org.scope): the
municipal committee's report covers all ten committees (its own records and the nine 旗区's),
with a row for each; a 旗区's report covers that committee.

What is counted (the page prints these definitions under its tables):

- received: items submitted in the period (drafts and items flagged as spam left out);
- adopted / not adopted / merged: items decided in the period (adopted by their current level);
- forwarded: items first given to a lead department (主办) in the period;
- replied: lead departments' first replies in the period; on time: on or before the due date;
- satisfaction: ratings given in the period;
- 《社情民意信息》: issues signed off (签发) in the period and the items they carry;
- leader instructions (批示): dated in the period, by the leader's level;
- activities: confirmed liaison activities held in the period, people reached, by type;
- members: members in office (在任); active: reported or attended a confirmed activity held in
  the period;
- duty shifts: dated in the period, served (已值班), missed (缺勤), excused (请假); visitors;
- consultations: events that took place (held, minutes published, closed) starting in the
  period, by form (形式); members recorded present and observers checked in at them; outcomes
  whose decision (dated in the period) was 已采纳 or 部分采纳 — still counted once implemented
  or closed (the same definitions as the cockpit's, ``dashboards.figures``);
- 委员讲堂: lecture orders delivered (授课, rated or not) in the period, and their listeners;
- the annual report: the members' evaluation of the year (the committee's own members): grades
  and the members graded 优秀 (commended).

The modules, lower first (a module imports only those above it):

- ``queries``: ``collect``, the period's queries, their results kept per committee;
- ``annual``: the members' evaluation of the year (the annual report only);
- ``assembly``: a report's figures from what ``collect`` found (``assemble``), for one committee
  (``compute``) or every committee of a period from one run (``compute_all``).
"""

from .annual import UNGRADED, evaluation
from .assembly import SCHEMA, assemble, committees_covered, compute, compute_all, pct
from .queries import COUNTERS, NO_CATEGORY, NO_SECTOR, Collected, collect

__all__ = [
    "COUNTERS",
    "NO_CATEGORY",
    "NO_SECTOR",
    "SCHEMA",
    "UNGRADED",
    "Collected",
    "assemble",
    "collect",
    "committees_covered",
    "compute",
    "compute_all",
    "evaluation",
    "pct",
]
