"""Consultations and the 委员讲堂 ordering service. The lecture menu and orders live in
``lecture_models``, 典型经验 in ``showcase_models``; they are imported here so that Django finds
them as this app's models."""

from .lecture_models import (  # noqa: F401
    LectureField,
    LectureOffering,
    LectureOfferingEvent,
    LectureOrder,
    LectureOrderEvent,
    LectureOrderSequence,
)
from .showcase_models import Showcase, ShowcaseEvent, ShowcasePhoto  # noqa: F401
