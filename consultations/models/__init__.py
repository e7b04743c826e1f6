"""Consultations (协商议事): topics, events with their invitations, observers, minutes,
outcomes and timeline (``events``), and the events' meeting materials, 会议材料 (``materials``).

Every name is re-exported here, so ``consultations.models.X`` keeps working."""

from .events import (
    Consultation,
    ConsultationEvent,
    ConsultationQuerySet,
    Invitation,
    Minutes,
    Observer,
    ObserverQuerySet,
    Outcome,
    OutcomeQuerySet,
    Topic,
    TopicQuerySet,
    new_entry_code,
    new_token,
)
from .materials import (
    ConsultationMaterial,
    material_path,
)

__all__ = [
    "Consultation",
    "ConsultationEvent",
    "ConsultationMaterial",
    "ConsultationQuerySet",
    "Invitation",
    "Minutes",
    "Observer",
    "ObserverQuerySet",
    "Outcome",
    "OutcomeQuerySet",
    "Topic",
    "TopicQuerySet",
    "material_path",
    "new_entry_code",
    "new_token",
]
