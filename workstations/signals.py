"""Facts about a duty shift that apps above workstations act on, without workstations importing
them (the layer order: liaison sits above workstations).

Each is sent inside the shift service's transaction (``Workflow.run``'s ``after``), so a receiver
that fails rolls the shift change back with it, and a receiver's writes commit with it. liaison
connects its receivers in ``LiaisonConfig.ready()`` (a served shift is a confirmed activity).
"""

from django.dispatch import Signal

# The member checked in: kwargs ``shift`` (locked, now served), ``by`` (the acting user or None),
# ``at`` (the check-in time).
shift_served = Signal()
# Visitors and notes recorded on a served shift: kwargs ``shift``, ``by``.
shift_recorded = Signal()
# A visitor's matter became an opinion: kwargs ``shift``, ``opinion``, ``by``.
shift_matter_raised = Signal()
