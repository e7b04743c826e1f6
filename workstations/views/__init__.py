"""The workstations pages, a package by audience: ``public`` (directory and a workstation's page),
``manage`` (staff: workstations and their members), ``rota`` (staff: the rota, marks, the swap
desk) and ``shifts`` (members: my shifts, one shift and its actions); ``common`` holds what they
share. urls.py and the tests keep importing ``workstations.views``: every public name is here."""

from .common import ManagedWorkstationMixin, QueryStringMixin, RotaDeskRecordMixin
from .manage import (
    AssignmentAddView,
    AssignmentEndView,
    WorkstationCreateView,
    WorkstationFormMixin,
    WorkstationUpdateView,
)
from .public import DirectoryView, WorkstationDetailView
from .rota import (
    SWAP_DECISIONS,
    RotaGenerateView,
    RotaPostMixin,
    RotaView,
    ShiftMarkView,
    ShiftPlanView,
    SwapDecideView,
    SwapDeskView,
)
from .shifts import (
    FORM_NAMES,
    SHIFT_STEPS,
    MyShiftsView,
    ShiftActionView,
    ShiftDetailView,
    ShiftMixin,
    ShiftStep,
    SwapWithdrawView,
)

__all__ = [
    "FORM_NAMES",
    "SHIFT_STEPS",
    "SWAP_DECISIONS",
    "AssignmentAddView",
    "AssignmentEndView",
    "DirectoryView",
    "ManagedWorkstationMixin",
    "MyShiftsView",
    "QueryStringMixin",
    "RotaDeskRecordMixin",
    "RotaGenerateView",
    "RotaPostMixin",
    "RotaView",
    "ShiftActionView",
    "ShiftDetailView",
    "ShiftMarkView",
    "ShiftMixin",
    "ShiftPlanView",
    "ShiftStep",
    "SwapDecideView",
    "SwapWithdrawView",
    "SwapDeskView",
    "WorkstationCreateView",
    "WorkstationDetailView",
    "WorkstationFormMixin",
    "WorkstationUpdateView",
]
