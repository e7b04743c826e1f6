"""liaison's answers to the duty-shift facts workstations signals (workstations.signals): a served
shift is a confirmed liaison activity that follows the shift's record and matters. Connected in
``LiaisonConfig.ready()``; each runs in the shift service's transaction."""

from __future__ import annotations

from typing import Any

from django.dispatch import receiver

from workstations.signals import shift_matter_raised, shift_recorded, shift_served

from . import services


@receiver(shift_served, dispatch_uid="liaison.activity_from_shift")
def on_shift_served(sender: Any, *, shift, by, at, **kwargs: Any) -> None:
    services.activity_from_shift(shift=shift, by=by, at=at)


@receiver(shift_recorded, dispatch_uid="liaison.activity_follow_shift_record")
def on_shift_recorded(sender: Any, *, shift, **kwargs: Any) -> None:
    services.activity_follow_shift_record(shift=shift)


@receiver(shift_matter_raised, dispatch_uid="liaison.activity_link_shift_opinion")
def on_shift_matter_raised(sender: Any, *, shift, opinion, **kwargs: Any) -> None:
    services.activity_link_shift_opinion(shift=shift, opinion=opinion)
