"""Every write of consultations, one module per concern: topics (``topics``), the events and
their steps (``events``), invitations and answers (``invitations``), the public's observers
(``observers``), attendance, minutes and outcomes with their follow-up (``records``), and the
events' meeting materials (``materials``). Every name is re-exported here."""

from .events import consultation_create, consultation_step, consultation_update
from .invitations import (
    consultation_reminders_send,
    invitable_members,
    invitation_record_answer,
    invitation_respond,
    invitations_send,
)
from .materials import (
    MAX_MATERIALS,
    material_add,
    material_remove,
    material_set_public,
)
from .observers import (
    observer_by_code,
    observer_cancel,
    observer_check_in,
    observer_decide,
    observer_sign_up,
    observers_anonymise_expired,
    signup_refusal,
)
from .records import (
    STALE_FOLLOW_UP_DAYS,
    attendance_record,
    minutes_save,
    outcome_add,
    outcome_follow_up,
    outcome_reminders_send,
)
from .topics import topic_create, topic_link_opinions

__all__ = [
    "MAX_MATERIALS",
    "STALE_FOLLOW_UP_DAYS",
    "attendance_record",
    "consultation_create",
    "consultation_reminders_send",
    "consultation_step",
    "consultation_update",
    "invitable_members",
    "invitation_record_answer",
    "invitation_respond",
    "invitations_send",
    "material_add",
    "material_remove",
    "material_set_public",
    "minutes_save",
    "observer_by_code",
    "observer_cancel",
    "observer_check_in",
    "observer_decide",
    "observer_sign_up",
    "observers_anonymise_expired",
    "outcome_add",
    "outcome_follow_up",
    "outcome_reminders_send",
    "signup_refusal",
    "topic_create",
    "topic_link_opinions",
]
