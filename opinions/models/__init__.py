"""Opinions (社情民意): submissions from citizens, members and staff, their review, and the event
log that is both the audit trail and the timeline. The states cover the whole lifecycle in
DESIGN.md; forwarding to departments and replies build on them.

One module per concern; every name is re-exported here, so ``opinions.models.X`` keeps working
(migration 0001 refers to ``opinions.models.attachment_path``)."""

from .bulletins import Bulletin, BulletinItem, BulletinQuerySet, BulletinSequence
from .choices import (
    ADOPTION_RANK,
    MAX_CONTENT_LENGTH,
    PUBLIC_CHANNELS,
    PUBLIC_STATUS,
    STAFF_ENTRY_CHANNELS,
    UNDECIDED,
    AdoptionLevel,
    Channel,
    NotAdoptedReason,
    PublicStatus,
    Satisfaction,
    Status,
)
from .events import BulletinEvent, OpinionEvent
from .forwarding import (
    Forwarding,
    ForwardingQuerySet,
    LeaderInstruction,
    Reply,
    ReplyDocument,
    reply_document_path,
)
from .moderation import SENSITIVE_WORDS, SensitiveWord
from .opinion import (
    SEARCH_MAX_LENGTH,
    SINGLE_CHARACTER_WINDOW,
    Attachment,
    Category,
    Opinion,
    OpinionQuerySet,
    TrackingSequence,
    attachment_path,
    search_term,
)

__all__ = [
    "ADOPTION_RANK",
    "MAX_CONTENT_LENGTH",
    "PUBLIC_CHANNELS",
    "PUBLIC_STATUS",
    "SEARCH_MAX_LENGTH",
    "SINGLE_CHARACTER_WINDOW",
    "SENSITIVE_WORDS",
    "STAFF_ENTRY_CHANNELS",
    "UNDECIDED",
    "AdoptionLevel",
    "Attachment",
    "Bulletin",
    "BulletinEvent",
    "BulletinItem",
    "BulletinQuerySet",
    "BulletinSequence",
    "Category",
    "Channel",
    "Forwarding",
    "ForwardingQuerySet",
    "LeaderInstruction",
    "NotAdoptedReason",
    "Opinion",
    "OpinionEvent",
    "OpinionQuerySet",
    "PublicStatus",
    "Reply",
    "ReplyDocument",
    "Satisfaction",
    "SensitiveWord",
    "Status",
    "TrackingSequence",
    "attachment_path",
    "reply_document_path",
    "search_term",
]
