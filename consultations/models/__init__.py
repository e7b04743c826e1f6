"""Consultations (协商议事), one module per concern: topics, events with their invitations and
timeline (``events``), the public's observers (``observers``), minutes and outcomes
(``records``), and the events' meeting materials, 会议材料 (``materials``).

Every name is re-exported here, so ``consultations.models.X`` keeps working."""

from .events import (
    Consultation,
    ConsultationEvent,
    ConsultationQuerySet,
    Invitation,
    Topic,
    TopicQuerySet,
)
from .materials import (
    ConsultationMaterial,
    material_path,
)
from .observers import Observer, ObserverQuerySet, new_entry_code, new_token
from .records import Minutes, Outcome, OutcomeQuerySet

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
