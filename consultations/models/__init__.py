"""Consultations (协商议事), one module per concern: topics, events and their invitations
(``events``), the public's observers (``observers``), minutes and outcomes (``records``), the
timeline (``timeline``), and the events' meeting materials, 会议材料 (``materials``).

Every name is re-exported here, so ``consultations.models.X`` keeps working."""

from .events import (
    Consultation,
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
from .timeline import ConsultationEvent

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
