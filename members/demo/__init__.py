"""Demo data of ``members`` for ``load_demo_data``: the members of every committee (``roster``,
their work units from ``workplaces``), grid managers and their pairings (``grids``), member
groups (``groups``) and the demo member accounts (``accounts``). Deterministic for a given rng:
call them in that order, after ``org.demo``'s departments and before the other apps' loaders."""

from .accounts import load_demo_member_accounts
from .grids import load_demo_grid_managers
from .groups import load_demo_groups
from .roster import load_demo_members

__all__ = [
    "load_demo_grid_managers",
    "load_demo_groups",
    "load_demo_member_accounts",
    "load_demo_members",
]
