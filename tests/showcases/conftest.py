"""The consultation fixtures (the office of 达拉特旗 and of 准格尔旗, an event ahead and one held)
and the 委员讲堂 ones (a lecturer and an offering on the menu): 典型经验 writes them up."""

from tests.consultations.conftest import (  # noqa: F401  (fixtures)
    event,
    held_event,
    media_root,
    office,
    office_out,
)
from tests.lectures.conftest import lecturer, offering  # noqa: F401  (fixtures)
