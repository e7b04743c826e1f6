"""The transition table of 典型经验: staff of its committee edit a write-up, publish it on the
public pages and take it down again; every step is an event."""

from __future__ import annotations

from functools import partial

from django.utils.translation import gettext_lazy as _

from core.workflow import Transition, Workflow

from .models import Showcase, ShowcaseEvent

SS = Showcase.Status
SKind = ShowcaseEvent.Kind

# Every step is the committee staff's (``showcases.edit``).
_staff = partial(Transition, perm="showcases.edit")

SHOWCASE: Workflow[Showcase] = Workflow(
    model=Showcase,
    event_model=ShowcaseEvent,
    event_fk="showcase",
    denied=_("您无权办理该典型经验。"),
    noun=_("该典型经验"),
    transitions=[
        _staff("edit", {SS.DRAFT, SS.PUBLISHED, SS.UNPUBLISHED}, None, _("保存修改"), SKind.EDITED),
        _staff("publish", {SS.DRAFT, SS.UNPUBLISHED}, SS.PUBLISHED, kind=SKind.PUBLISHED),
        _staff("unpublish", {SS.PUBLISHED}, SS.UNPUBLISHED, kind=SKind.UNPUBLISHED),
    ],
)
