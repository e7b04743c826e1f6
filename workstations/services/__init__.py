"""Every write to workstations, assignments and duty rotas goes through these functions.

A package by concern: ``houses`` (workstations and their members), ``rota`` (planning shifts),
``shifts`` (marks, check-in, record, matter, reminders) and ``swaps``. Callers keep importing
``workstations.services`` (or ``from workstations import services``): every public name is here.
"""

from .houses import (
    WORKSTATION_FIELDS,
    assignment_add,
    assignment_end,
    workstation_create,
    workstation_update,
)
from .rota import rota_dates, rota_generate, shift_plan
from .shifts import (
    ShiftError,
    shift_cancel,
    shift_check_in,
    shift_mark,
    shift_raise_matter,
    shift_record,
    shift_reminders_send,
)
from .swaps import swap_approve, swap_reject, swap_request, swap_withdraw

__all__ = [
    "WORKSTATION_FIELDS",
    "ShiftError",
    "assignment_add",
    "assignment_end",
    "rota_dates",
    "rota_generate",
    "shift_cancel",
    "shift_check_in",
    "shift_mark",
    "shift_plan",
    "shift_raise_matter",
    "shift_record",
    "shift_reminders_send",
    "swap_approve",
    "swap_reject",
    "swap_withdraw",
    "swap_request",
    "workstation_create",
    "workstation_update",
]
