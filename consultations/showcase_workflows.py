"""The transition table of 典型经验: staff of its committee edit a write-up, publish it on the
public pages and take it down again; every step is an event."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from core.workflow import Transition, Workflow

from .showcase_models import Showcase, ShowcaseEvent

SS = Showcase.Status
SKind = ShowcaseEvent.Kind

SHOWCASE: Workflow[Showcase] = Workflow(
    model=Showcase,
    event_model=ShowcaseEvent,
    event_fk="showcase",
    denied=_("您无权办理该典型经验。"),
    noun=_("该典型经验"),
    transitions=[
        Transition(
            "edit",
            {SS.DRAFT, SS.PUBLISHED, SS.UNPUBLISHED},
            None,
            _("保存修改"),
            SKind.EDITED,
            perm="consultations.edit_showcase",
        ),
        Transition(
            "publish",
            {SS.DRAFT, SS.UNPUBLISHED},
            SS.PUBLISHED,
            _("发布"),
            SKind.PUBLISHED,
            perm="consultations.edit_showcase",
        ),
        Transition(
            "unpublish",
            {SS.PUBLISHED},
            SS.UNPUBLISHED,
            _("撤下"),
            SKind.UNPUBLISHED,
            perm="consultations.edit_showcase",
        ),
    ],
)
