"""What the API shows of each record: read-only representations (writes go through the web
forms and the services, see views). A field shown here is one the matching web page shows the
same user.

By audience, as ``api.views`` is: ``public``, ``citizen``, ``member``, ``staff``, ``department``,
``consultations``, ``lectures``; ``common`` holds the base serializer and field helpers.
"""

from .citizen import CitizenItemSerializer
from .common import PORTABLE_INT_MAX, ModelSerializer, choice_label, related
from .consultations import (
    InvitationSerializer,
    PublicEventDetailSerializer,
    PublicEventSerializer,
    PublicOutcomeSerializer,
    RsvpRequestSerializer,
)
from .department import (
    DepartmentStepSerializer,
    ForwardingDetailSerializer,
    ForwardingSerializer,
)
from .lectures import LectureOfferingSerializer
from .member import (
    ActivityCreateSerializer,
    ActivityDetailSerializer,
    ActivitySerializer,
    LedgerItemSerializer,
    LedgerSummarySerializer,
    MemberOpinionRequestSerializer,
    MemberRefSerializer,
    MyOpinionDetailSerializer,
    MyOpinionSerializer,
    NotificationSerializer,
    ProfileSerializer,
    ShiftSerializer,
    ShiftStepResultSerializer,
    ShiftStepSerializer,
)
from .public import (
    ChoiceSerializer,
    MailboxFormSerializer,
    MailboxRequestSerializer,
    RatingRequestSerializer,
    SubmissionFormSerializer,
    SubmissionRequestSerializer,
    SubmissionResultSerializer,
    TrackEventSerializer,
    TrackRequestSerializer,
    TrackResultSerializer,
    WorkstationSerializer,
)
from .staff import (
    DeskOpinionDetailSerializer,
    DeskOpinionSerializer,
    DeskStepSerializer,
    RevealedContactSerializer,
)

__all__ = [
    "PORTABLE_INT_MAX",
    "ActivityCreateSerializer",
    "ActivityDetailSerializer",
    "ActivitySerializer",
    "ChoiceSerializer",
    "CitizenItemSerializer",
    "DepartmentStepSerializer",
    "DeskOpinionDetailSerializer",
    "DeskOpinionSerializer",
    "DeskStepSerializer",
    "ForwardingDetailSerializer",
    "ForwardingSerializer",
    "InvitationSerializer",
    "LectureOfferingSerializer",
    "LedgerItemSerializer",
    "LedgerSummarySerializer",
    "MailboxFormSerializer",
    "MailboxRequestSerializer",
    "MemberOpinionRequestSerializer",
    "MemberRefSerializer",
    "ModelSerializer",
    "MyOpinionDetailSerializer",
    "MyOpinionSerializer",
    "NotificationSerializer",
    "ProfileSerializer",
    "PublicEventDetailSerializer",
    "PublicEventSerializer",
    "PublicOutcomeSerializer",
    "RatingRequestSerializer",
    "RevealedContactSerializer",
    "RsvpRequestSerializer",
    "ShiftSerializer",
    "ShiftStepResultSerializer",
    "ShiftStepSerializer",
    "SubmissionFormSerializer",
    "SubmissionRequestSerializer",
    "SubmissionResultSerializer",
    "TrackEventSerializer",
    "TrackRequestSerializer",
    "TrackResultSerializer",
    "WorkstationSerializer",
    "choice_label",
    "related",
]
